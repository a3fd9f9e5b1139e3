import type { PartnershipTimeline } from '@accord/contracts';
import { mergeTimeline } from '../../apps/console/src/api/timeline-delta';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { addMember, asCaller, registerOrganisation, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

const { patel, reid, partnershipId, decisionId } = SMALL_LEDGER;
const outsider: Caller = { personId: 'x.other', orgId: 'clarion', roles: ['member'] };
const auditor: Caller = { personId: 'n.auditor', orgId: 'audit-office', roles: ['auditor'] };
const TIMELINE = `/v1/partnerships/${partnershipId}/timeline`;

/**
 * An open console refetches only what changed in its partnership's timeline since the version it
 * shows (issue 17): the delta, merged as the console merges it, is exactly the timeline read
 * whole; a version the API no longer holds gets the whole timeline; whoever may not read the
 * timeline may not read its deltas either.
 */
for (const engine of testEngines()) {
  describe(`the timeline since a version, on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    let position = 0;
    const read = async (caller: Caller, query: string) =>
      api.request('GET', `${TIMELINE}?${query}`, { token: await api.token(caller) });
    const send = async (caller: Caller, path: string, body: unknown) =>
      (position = (await asCaller(api, caller, 'POST', path, body)).body.position as number);
    const whole = async (caller: Caller) => (await read(caller, `minPosition=${position}`)).body as PartnershipTimeline;
    const withoutClock = ({ asOf: _asOf, ...rest }: PartnershipTimeline) => rest;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await registerOrganisation(api, {
        organisationId: 'clarion',
        name: 'Clarion Housing',
        kind: 'housing-association',
      });
      await addMember(api, SMALL_LEDGER.admin, outsider, { jobTitle: 'Officer' });
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('answers what changed since the version a console shows, which merged is the whole timeline', async () => {
      const shown = await whole(patel);
      expect(shown.version).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
      await send(patel, `/v1/decisions/${decisionId}/votes`, { stance: 'agree', reason: 'Good value' });
      await send(reid, `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'north-site',
        title: 'Lease of the North Site',
        motion: 'That Peabody leases the North Site.',
        category: 'land-disposal',
      });
      const answer = await read(patel, `minPosition=${position}&since=${shown.version}`);
      expect(answer.status).toBe(200);
      expect(answer.body.since).toBe(shown.version);
      expect(answer.body.decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([
        'north-site',
        decisionId,
      ]);
      const merged = mergeTimeline(shown, answer.body);
      expect(withoutClock(merged)).toEqual(withoutClock(await whole(patel)));

      // Nothing changed since: an empty delta, not the timeline again.
      const unchanged = await read(reid, `minPosition=${position}&since=${merged.version}`);
      expect(unchanged.body).toMatchObject({
        since: merged.version,
        version: merged.version,
        decisions: [],
        changes: [],
      });
    });

    it('answers the whole timeline since a version it does not hold, another process’s too', async () => {
      const current = await whole(patel);
      const elsewhere = current.version!.replace(/[0-9a-f]+$/, (id) => (id === 'f' ? 'e' : 'f'));
      for (const since of ['1.1.0', elsewhere]) {
        const answer = await read(patel, `minPosition=${position}&since=${since}`);
        expect(answer.status).toBe(200);
        expect(answer.body).not.toHaveProperty('since');
        expect(withoutClock(answer.body)).toEqual(withoutClock(current));
      }
    });

    it('gives its deltas to whoever may read the timeline, and 404 to anyone else', async () => {
      const { version } = await whole(patel);
      expect((await read(auditor, `since=${version}`)).status).toBe(200);
      const refused = await read(outsider, `since=${version}`);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('partnership-not-found');
      expect((await read(outsider, 'since=1.1.0')).status).toBe(404);
    });

    it('refuses a since that is no version, or one given with asOf or at', async () => {
      for (const since of ['abc', '12', '1.2', '1.2.x', '-1.2.a', '1.2e3.a'])
        expect(await read(patel, `since=${encodeURIComponent(since)}`)).toMatchObject({
          status: 400,
          body: { code: 'validation-failed' },
        });
      const { version } = await whole(patel);
      for (const clock of [`asOf=${new Date().toISOString()}`, `at=${new Date().toISOString()}`])
        expect(await read(patel, `since=${version}&${clock}`)).toMatchObject({
          status: 400,
          body: { code: 'since-not-current' },
        });
    });
  });
}
