/**
 * The public register (DESIGN §1 "Council procedure"): a partnership under council procedure
 * publishes its opened decisions, their notices and its forward plan to anyone, without signing
 * in, as JSON and as an Atom feed, naming people only by name and role; drafts, and every
 * partnership not under council procedure, never appear there.
 */
import { join } from 'node:path';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { chromiumAvailable, launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { parseAtom } from '../../apps/api/src/read-models/application/atom.test-fixtures';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { readYourWrites } from '../support/read-your-writes';
import {
  asCaller,
  londonDateIn,
  planGospelOakDisposal,
  seedCouncilPartnership,
  seedSmallLedger,
  SMALL_LEDGER,
} from '../support/small-ledger';

const { admin, camdenAdmin, patel, reid } = SMALL_LEDGER;
const outsider: Caller = { personId: 'o.stone', orgId: 'islington', roles: ['member'] };
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member'] };
const OKAFOR = 'Cllr Rachel Okafor';
const partnershipId = 'camden-regeneration';
const DAY = 86_400_000;
const PRIVATE_NATURE = 'Owns a flat on the Gospel Oak estate';
const DISPENSATION_REASON = 'Her flat is 2 km from the depot';
const SECRET_DRAFT = 'Confidential bid for the Kentish Town site';

for (const engine of testEngines()) {
  describe(`the public register on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const { ok, anonymous, settled, position } = readYourWrites(() => api, patel, [
      `/v1/partnerships/${partnershipId}/forward-plan`,
      '/v1/decisions',
    ]);

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await ok(camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
        personId: okafor.personId,
        displayName: OKAFOR,
        jobTitle: 'Chair of Overview and Scrutiny',
      });
      await ok(admin, 'POST', '/v1/organisations', {
        organisationId: 'islington',
        name: 'Islington Council',
        kind: 'local-authority',
      });
      await seedCouncilPartnership(api, 'r.okafor');
      // Approved with an interest declared and dispensed, its notice published.
      await ok(patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'depot-standing-orders',
        title: 'Standing orders for the depot works',
        motion: 'That the board adopts standing orders for the depot works.',
        category: 'governance',
      });
      const depot = '/v1/decisions/depot-standing-orders';
      await ok(patel, 'POST', `${depot}/open`, { closesAt: new Date(Date.now() + 7 * DAY).toISOString() });
      await ok(reid, 'POST', `${depot}/interests`, { nature: PRIVATE_NATURE });
      await ok(patel, 'POST', `${depot}/dispensations`, { personId: reid.personId, reason: DISPENSATION_REASON });
      for (const person of [patel, reid]) await ok(person, 'POST', `${depot}/sign-offs`, {});
      await ok(patel, 'POST', `${depot}/outcome`, {
        statement: 'Standing orders adopted',
        reasons: ['The works need clear rules'],
        alternativesRejected: ['Rely on each party’s own rules'],
      });
      await ok(reid, 'POST', `${depot}/notice`, {});
      // On the forward plan while still a draft; and a draft nobody has published anything of.
      await planGospelOakDisposal(api);
      await ok(patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'kentish-town-bid',
        title: SECRET_DRAFT,
        motion: 'That the partnership bids £4m for the Kentish Town site.',
        category: 'land-disposal',
        valuePence: 400_000_000,
      });
      await settled();
    }, 90_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('lists, without signing in, only the partnerships under council procedure', async () => {
      const res = await anonymous('/v1/public/partnerships');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          {
            partnershipId,
            title: 'Camden Regeneration',
            status: 'active',
            parties: [{ name: 'Camden Council' }, { name: 'Peabody' }],
          },
        ],
      });
      for (const path of ['decisions', 'decision-notices', 'forward-plan', 'register.atom']) {
        const other = await anonymous(`/v1/public/partnerships/${SMALL_LEDGER.partnershipId}/${path}`);
        expect([path, other.status, (other.body as { code: string }).code]).toEqual([
          path,
          404,
          'partnership-not-found',
        ]);
      }
    });

    it('publishes opened decisions with their call-in state, never a draft', async () => {
      const res = await anonymous(`/v1/public/partnerships/${partnershipId}/decisions`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          decisionId: 'depot-standing-orders',
          title: 'Standing orders for the depot works',
          status: 'approved',
          outcome: {
            statement: 'Standing orders adopted',
            reasons: ['The works need clear rules'],
            alternativesRejected: ['Rely on each party’s own rules'],
          },
          callIn: expect.objectContaining({ until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), calledInAt: null }),
        }),
      ]);
      expect(res.body.nextCursor).toBeNull();
    });

    it('publishes notices naming people by name and role only: no ids, no nature of an interest, no reasons about a person', async () => {
      const res = await anonymous(`/v1/public/partnerships/${partnershipId}/decision-notices`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          decisionId: 'depot-standing-orders',
          decision: 'approved',
          statement: 'Standing orders adopted',
          interests: [
            {
              member: { role: 'Director of Housing', organisation: 'Peabody' },
              dispensationGrantedBy: { role: 'Director of Housing', organisation: 'Camden Council' },
            },
          ],
          publishedBy: { role: 'Director of Housing', organisation: 'Peabody' },
        }),
      ]);
      const text = JSON.stringify(res.body);
      for (const secret of [PRIVATE_NATURE, DISPENSATION_REASON, patel.personId, reid.personId])
        expect(text).not.toContain(secret);
    });

    it('publishes the forward plan, drafts included as entered, without who entered them', async () => {
      const res = await anonymous(`/v1/public/partnerships/${partnershipId}/forward-plan`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          decisionId: 'gospel-oak-disposal',
          item: 'Disposal of the Gospel Oak depot',
          decisionMaker: 'Camden Regeneration board',
          expectedDate: londonDateIn(35),
          documents: ['Gospel Oak valuation report'],
          key: true,
          publishedAt: expect.any(String),
          status: 'planned',
        },
      ]);
    });

    it('serves a valid Atom feed of the notices and the forward plan, with nothing of a draft', async () => {
      const res = await anonymous(`/v1/public/partnerships/${partnershipId}/register.atom`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const feed = parseAtom(res.body as string);
      expect(feed).toMatchObject({
        id: 'urn:accord:public-register:camden-regeneration',
        title: 'Camden Regeneration: public register',
        author: 'Camden Regeneration',
        selfHref: '/v1/public/partnerships/camden-regeneration/register.atom',
      });
      expect(feed.entries.map((e) => [e.category, e.title])).toEqual([
        ['forward-plan', 'Forward plan: Disposal of the Gospel Oak depot'],
        ['decision-notice', 'Decision notice: Standing orders for the depot works'],
      ]);
      expect(feed.updated).toBe(feed.entries[0].updated);
      expect(feed.entries[1].content).toContain('Interest declared by a member, Director of Housing, Peabody');
      for (const secret of [SECRET_DRAFT, 'kentish-town-bid', PRIVATE_NATURE, DISPENSATION_REASON, reid.personId])
        expect(res.body).not.toContain(secret);
    });

    it('a draft appears in no public answer, to anyone; the parties still see it', async () => {
      for (const path of ['decisions', 'decision-notices', 'forward-plan', 'register.atom']) {
        const res = await anonymous(`/v1/public/partnerships/${partnershipId}/${path}`);
        expect([path, JSON.stringify(res.body).includes(SECRET_DRAFT)]).toEqual([path, false]);
      }
      const parties = await asCaller(api, reid, 'GET', `/v1/decisions?partnershipId=${partnershipId}&status=draft`);
      expect(parties.body.items.map((d: { title: string }) => d.title)).toContain(SECRET_DRAFT);
      // A signed-in outsider reads the public register as anyone does, and no more of the partnership.
      const outside = await api.request('GET', `/v1/public/partnerships/${partnershipId}/decisions`, {
        token: await api.token(outsider),
      });
      expect(outside.body.items.map((d: { decisionId: string }) => d.decisionId)).toEqual(['depot-standing-orders']);
      const record = await api.request('GET', `/v1/decisions/depot-standing-orders/record`, {
        token: await api.token(outsider),
      });
      expect(record.status).toBe(404);
    });

    it('never publishes an exempt value: anyone reads the published decision, the parties alone read the value', async () => {
      const price = '£2,150,000 agreed with the preferred bidder';
      const recorded = await ok(patel, 'POST', '/v1/decisions/depot-standing-orders/exempt-items', {
        itemId: 'depot-price',
        part: 'value',
        paragraph: 3,
        publicInterestReason: 'Disclosing the price before contracts are exchanged would weaken the council’s position',
        value: price,
      });
      expect(recorded.status).toBe(201);
      await settled();
      const party = await asCaller(api, reid, 'GET', `/v1/decisions/depot-standing-orders?minPosition=${position()}`);
      expect(JSON.stringify(party.body)).toContain(price);
      for (const path of ['decisions', 'decision-notices', 'forward-plan', 'register.atom']) {
        const res = await anonymous(`/v1/public/partnerships/${partnershipId}/${path}`);
        expect(res.status).toBe(200);
        expect([path, (typeof res.body === 'string' ? res.body : JSON.stringify(res.body)).includes(price)]).toEqual([
          path,
          false,
        ]);
      }
    });

    it('answers an unchanged register with 304 to its ETag, and a changed one with a new ETag', async () => {
      const path = `/v1/public/partnerships/${partnershipId}/register.atom`;
      const first = await anonymous(path);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"[\d.]+"$/);
      const again = await anonymous(path, { 'if-none-match': etag });
      expect([again.status, again.body]).toEqual([304, undefined]);
      const list = await anonymous(`/v1/public/partnerships/${partnershipId}/decisions`, {
        'if-none-match': `W/${etag}`,
      });
      expect(list.status).toBe(304);

      await ok(patel, 'POST', '/v1/decisions/kentish-town-bid/forward-plan', {
        decisionMaker: 'Camden Regeneration board',
        expectedDate: londonDateIn(40),
      });
      await settled();
      const changed = await anonymous(path, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(parseAtom(changed.body as string).entries[0].title).toBe(`Forward plan: ${SECRET_DRAFT}`);
    });

    // The browser reads what the API answers, the same on either engine: once is enough.
    const inBrowser = engine.name !== testEngines()[0].name ? undefined : chromiumAvailable() ? it : it.skip;
    inBrowser?.('shows the public register in the console, in Chromium, without signing in', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ timezoneId: 'Europe/London', locale: 'en-GB' });
        page.on('pageerror', (err) => {
          throw err;
        });
        await page.goto(`${api.baseUrl}/console/`);
        await page.getByRole('link', { name: 'public registers' }).click();
        await page.getByRole('heading', { name: 'Public registers', level: 1 }).waitFor();
        await page.getByRole('link', { name: 'Camden Regeneration' }).click();
        await page.getByRole('heading', { name: 'Camden Regeneration: public register', level: 1 }).waitFor();
        const plan = page.getByRole('table', { name: 'Forward plan' });
        await plan.getByRole('cell', { name: /Disposal of the Gospel Oak depot/ }).waitFor();
        const notices = page.getByRole('list', { name: 'Decision notices' });
        await notices.getByText('Interest declared by a member, Director of Housing, Peabody').waitFor();
        const decisions = page.getByRole('table', { name: 'Decisions' });
        await decisions.getByRole('cell', { name: 'Standing orders for the depot works' }).waitFor();
        await decisions.getByRole('cell', { name: /Open to call-in until/ }).waitFor();
        const text = await page.locator('main').innerText();
        for (const secret of [PRIVATE_NATURE, DISPENSATION_REASON, reid.personId]) expect(text).not.toContain(secret);
        expect(await page.getByRole('link', { name: 'Atom feed' }).getAttribute('href')).toBe(
          `/v1/public/partnerships/${partnershipId}/register.atom`,
        );
        await page.screenshot({ path: join(SCREENSHOT_DIR, '20-public-register.png'), fullPage: true });
      } finally {
        await browser.close();
      }
    });

    it('pages by cursor within bounded pages, and refuses what it cannot serve', async () => {
      const first = await anonymous(`/v1/public/partnerships/${partnershipId}/forward-plan?limit=1`);
      expect(first.body.items.map((e: { decisionId: string }) => e.decisionId)).toEqual(['kentish-town-bid']);
      const second = await anonymous(
        `/v1/public/partnerships/${partnershipId}/forward-plan?limit=1&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((e: { decisionId: string }) => e.decisionId)).toEqual(['gospel-oak-disposal']);
      expect(second.body.nextCursor).toBeNull();
      const tooMany = await anonymous(`/v1/public/partnerships/${partnershipId}/decisions?limit=101`);
      expect([tooMany.status, tooMany.body.code]).toEqual([400, 'validation-failed']);
      const badCursor = await anonymous(`/v1/public/partnerships/${partnershipId}/decisions?cursor=nonsense`);
      expect([badCursor.status, badCursor.body.code]).toEqual([400, 'invalid-cursor']);
      const unknown = await anonymous(`/v1/public/partnerships/${partnershipId}/decisions?token=x`);
      expect(unknown.status).toBe(400);
      const nobody = await anonymous('/v1/public/partnerships/no-such-partnership/decisions');
      expect([nobody.status, nobody.body.code]).toEqual([404, 'partnership-not-found']);
    });

    // Answers are kept in memory between changes: each change below must still reach the next
    // request, whether the client sends its ETag or not. Last: it erases a member the others read.
    it('shows a new notice at once, and answers anew after an erasure, though its answers are kept between changes', async () => {
      const base = `/v1/public/partnerships/${partnershipId}`;
      const paths = [`${base}/decision-notices`, `${base}/decisions`, `${base}/register.atom`];
      const kept = async () => {
        const answers = await Promise.all(paths.map((path) => anonymous(path)));
        const again = await Promise.all(
          paths.map((path, i) => anonymous(path, { 'if-none-match': answers[i].headers.get('etag') as string })),
        );
        expect(again.map((res) => res.status)).toEqual([304, 304, 304]);
        return answers;
      };
      const [notices, decisions, feed] = await kept();
      expect(notices.body.items.map((n: { decisionId: string }) => n.decisionId)).toEqual(['depot-standing-orders']);

      const library = '/v1/decisions/library-hours';
      await ok(patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'library-hours',
        title: 'Opening hours of the depot library',
        motion: 'That the depot library opens on Saturdays.',
        category: 'governance',
      });
      await ok(patel, 'POST', `${library}/open`, { closesAt: new Date(Date.now() + 7 * DAY).toISOString() });
      for (const person of [patel, reid]) await ok(person, 'POST', `${library}/sign-offs`, {});
      await ok(patel, 'POST', `${library}/outcome`, {
        statement: 'Open on Saturdays',
        reasons: ['Demand'],
        alternativesRejected: ['Weekday evenings'],
      });
      await ok(okafor, 'POST', `${library}/notice`, {});
      await settled();
      const [published, listed, fed] = await Promise.all(
        [notices, decisions, feed].map((res, i) =>
          anonymous(paths[i], { 'if-none-match': res.headers.get('etag') as string }),
        ),
      );
      expect([published.status, listed.status, fed.status]).toEqual([200, 200, 200]);
      expect(published.body.items[0]).toMatchObject({
        decisionId: 'library-hours',
        publishedBy: { name: OKAFOR, role: 'Chair of Overview and Scrutiny', organisation: 'Camden Council' },
      });
      expect(listed.body.items[0]).toMatchObject({ decisionId: 'library-hours', status: 'approved' });
      expect(parseAtom(fed.body as string).entries[0].title).toBe(
        'Decision notice: Opening hours of the depot library',
      );

      // Names and roles of those acting in office are the public record and stay (DESIGN §4); the
      // erasure still makes every kept answer a new one, as a first build of it would be.
      const [beforeErasure] = await kept();
      await ok(camdenAdmin, 'POST', `/v1/organisations/camden-council/members/${okafor.personId}/erase-personal-data`, {
        reason: 'person-request',
        lawfulBasis: 'consent-withdrawn',
      });
      await settled();
      const [rebuilt, fresh] = await Promise.all([
        anonymous(paths[0], { 'if-none-match': beforeErasure.headers.get('etag') as string }),
        anonymous(`${paths[0]}?limit=50`),
      ]);
      expect(rebuilt.status).toBe(200);
      expect(rebuilt.headers.get('etag')).not.toBe(beforeErasure.headers.get('etag'));
      expect(rebuilt.body).toEqual(fresh.body);
      expect(rebuilt.body.items[0].publishedBy.name).toBe(OKAFOR);
    });
  });
}
