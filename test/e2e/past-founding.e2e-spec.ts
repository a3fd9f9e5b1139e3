import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { SMALL_LEDGER } from '../support/small-ledger';
import { streamLog } from '../support/two-clocks';

const { admin, camdenAdmin, peabodyAdmin, patel, reid } = SMALL_LEDGER;
const DAY = 24 * 3_600_000;
const PARTNERSHIP = 'camden-homes-since-winter';

/** Instants relative to the real clock: the API decides at its own `now`. */
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/**
 * A partnership's founding entered months after it happened (DESIGN §5 "Two clocks", issue 17):
 * each founding act keeps the date it happened; a date in the future or before what it follows is
 * refused with a stable code and nothing written.
 */
for (const engine of testEngines()) {
  describe(`a partnership's founding recorded at its real dates on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    const ok = async (caller: Caller, path: string, body: unknown = {}) => {
      const res = await send(caller, path, body);
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const logOf = (streamId: string) => streamLog(db.pool, streamId);
    const refused = async (caller: Caller, path: string, body: Record<string, unknown>) => {
      const res = await send(caller, path, body);
      return [res.status, res.body.code];
    };

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('refuses founding acts dated in the future or before what they follow, writing nothing', async () => {
      const camden = { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority' };
      expect(await refused(admin, '/v1/organisations', { ...camden, occurredAt: ago(-1) })).toEqual([
        422,
        'occurred-at-in-future',
      ]);
      expect(await refused(admin, '/v1/organisations', { ...camden, occurredAt: '2026-01-05T09:00:00' })).toEqual([
        400,
        'validation-failed',
      ]);
      expect(await logOf('organisation-camden-council')).toEqual([]);

      await ok(admin, '/v1/organisations', { ...camden, occurredAt: ago(300) });
      expect(
        await refused(admin, '/v1/organisations/camden-council/members', {
          personId: camdenAdmin.personId,
          occurredAt: ago(301),
        }),
      ).toEqual([422, 'occurred-at-too-early']);
      expect(
        await refused(admin, '/v1/organisations/camden-council/members', {
          personId: camdenAdmin.personId,
          occurredAt: ago(-1),
        }),
      ).toEqual([422, 'occurred-at-in-future']);
      expect((await logOf('organisation-camden-council')).map((e) => e.type)).toEqual(['OrganisationRegistered']);
    });

    it('enters the founding from its real start: each act dated when it happened', async () => {
      const found = async (
        organisationId: string,
        name: string,
        kind: string,
        orgAdmin: Caller,
        member: Caller,
        day: number,
      ) => {
        const organisation = `/v1/organisations/${organisationId}`;
        if ((await logOf(`organisation-${organisationId}`)).length === 0)
          await ok(admin, '/v1/organisations', { organisationId, name, kind, occurredAt: ago(day) });
        await ok(admin, `${organisation}/members`, { personId: orgAdmin.personId, occurredAt: ago(day - 1) });
        await ok(admin, `${organisation}/roles`, {
          personId: orgAdmin.personId,
          role: 'org-admin',
          occurredAt: ago(day - 1),
        });
        await ok(orgAdmin, `${organisation}/members`, { personId: member.personId, occurredAt: ago(day - 2) });
        await ok(orgAdmin, `${organisation}/authorities`, {
          personId: member.personId,
          categories: ['governance', 'land-disposal'],
          valueLimitPence: 1_000_000_000,
          instrument: `Scheme of delegation (${organisationId})`,
          validFrom: ago(day - 2),
          occurredAt: ago(day - 2),
        });
      };
      await found('camden-council', 'Camden Council', 'local-authority', camdenAdmin, patel, 300);
      await found('peabody', 'Peabody', 'housing-association', peabodyAdmin, reid, 290);

      const partnership = `/v1/partnerships/${PARTNERSHIP}`;
      const proposal = {
        partnershipId: PARTNERSHIP,
        title: 'Camden Homes Partnership',
        purpose: 'Affordable homes on council land',
        parties: ['camden-council', 'peabody'],
      };
      // Peabody was registered 290 days ago: nothing could be proposed with it before.
      expect(await refused(patel, '/v1/partnerships', { ...proposal, occurredAt: ago(295) })).toEqual([
        422,
        'occurred-at-too-early',
      ]);
      expect(await logOf(`partnership-${PARTNERSHIP}`)).toEqual([]);
      const proposedAt = ago(280);
      await ok(patel, '/v1/partnerships', { ...proposal, occurredAt: proposedAt });
      expect(await refused(patel, `${partnership}/join`, { occurredAt: ago(281) })).toEqual([
        422,
        'occurred-at-too-early',
      ]);
      expect(await refused(reid, `${partnership}/board`, { personId: reid.personId, occurredAt: ago(-1) })).toEqual([
        422,
        'occurred-at-in-future',
      ]);
      const joinedAt = { [patel.personId]: ago(275), [reid.personId]: ago(270) };
      for (const person of [patel, reid]) {
        await ok(person, `${partnership}/join`, { occurredAt: joinedAt[person.personId] });
        await ok(person, `${partnership}/board`, { personId: person.personId, occurredAt: joinedAt[person.personId] });
      }

      const log = await logOf(`partnership-${PARTNERSHIP}`);
      expect(log.map((e) => [e.type, e.metadata.occurredAt])).toEqual([
        ['PartnershipProposed', proposedAt],
        ['PartyJoined', joinedAt[patel.personId]],
        ['BoardMemberAppointed', joinedAt[patel.personId]],
        ['PartyJoined', joinedAt[reid.personId]],
        ['PartnershipActivated', joinedAt[reid.personId]],
        ['BoardMemberAppointed', joinedAt[reid.personId]],
      ]);
      expect(log[4].data.activatedAt).toBe(joinedAt[reid.personId]);
    });
  });
}
