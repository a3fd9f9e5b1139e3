/**
 * Open data (issue 20): a partnership under council procedure publishes its register of decisions
 * as CSV (RFC 4180) and JSON to anyone, whole and streamed, with the register's filters, a licence
 * and an ETag: exactly what the public register shows, so never a draft, an exempt value or a
 * person. Its parties, signed in, download beside it what they may see: the register with its
 * drafts, every vote and every sign-off; anyone else is told the partnership does not exist.
 */
import { parse } from 'csv-parse/sync';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { readYourWrites } from '../support/read-your-writes';
import {
  addMember,
  asCaller,
  registerOrganisation,
  seedCouncilPartnership,
  seedSmallLedger,
  SMALL_LEDGER,
} from '../support/small-ledger';

const { patel, reid } = SMALL_LEDGER;
const partnershipId = 'camden-regeneration';
const base = `/v1/public/partnerships/${partnershipId}`;
const party = `/v1/partnerships/${partnershipId}`;
const clarionAdmin: Caller = { personId: 'x.admin', orgId: 'clarion', roles: ['org-admin'] };
const outsider: Caller = { personId: 'x.member', orgId: 'clarion', roles: ['member'] };
const auditor: Caller = { personId: 'a.auditor', orgId: 'platform', roles: ['auditor'] };
const DOWNLOADS = ['decisions.csv', 'decisions.json', 'votes.csv', 'votes.json', 'sign-offs.csv', 'sign-offs.json'];
const VOTE_REASON = 'Cheaper, and "greener"\nover 30 years';
const DAY = 86_400_000;
const TRICKY_TITLE = 'Depot works, phase 2: the "green" option – £1.2m';
const REASONS = ['It costs less, over 30 years', 'The board said "yes"\nand scrutiny agreed'];
const FORMULA_TITLE = '=HYPERLINK("http://example.invalid","Click me")';
const SECRET_DRAFT = 'Confidential bid for the Kentish Town site';
const EXEMPT_PRICE = '£2,150,000 agreed with the preferred bidder';
const HEADER =
  'decision_id,title,status,category,value_pence,opened_at,closes_at,resolved_at,key_decision,outcome_statement,outcome_reasons,alternatives_rejected,notice_published_at,call_in_until,call_in_ended_at,called_in_at,scrutiny_outcome,reconsidered_at,implemented_at,superseded_by';

type Row = Record<string, string>;
/** RFC 4180, strictly: a stray quote, a field count that differs from the header's, or a bare CR fails. */
const parseCsv = (text: string): Row[] =>
  parse(text, { columns: true, record_delimiter: '\r\n', strict: true } as never);

for (const engine of testEngines()) {
  describe(`open data on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const { ok, anonymous, settled } = readYourWrites(() => api, patel, ['/v1/decisions']);
    const draft = (decisionId: string, title: string, category = 'governance') =>
      ok(patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId,
        title,
        motion: `That the board resolves on ${decisionId}.`,
        category,
      });
    const open = (decisionId: string) =>
      ok(patel, 'POST', `/v1/decisions/${decisionId}/open`, { closesAt: new Date(Date.now() + 7 * DAY).toISOString() });

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await seedCouncilPartnership(api, patel.personId);
      await draft('depot-phase-2', TRICKY_TITLE);
      await open('depot-phase-2');
      for (const person of [patel, reid]) await ok(person, 'POST', '/v1/decisions/depot-phase-2/sign-offs', {});
      await ok(patel, 'POST', '/v1/decisions/depot-phase-2/outcome', {
        statement: 'The green option, adopted',
        reasons: REASONS,
        alternativesRejected: ['Do nothing'],
      });
      await ok(patel, 'POST', '/v1/decisions/depot-phase-2/exempt-items', {
        itemId: 'depot-price',
        part: 'value',
        paragraph: 3,
        publicInterestReason: 'Disclosing the price before contracts are exchanged would weaken the council’s position',
        value: EXEMPT_PRICE,
      });
      await draft('formula-title', FORMULA_TITLE);
      await open('formula-title');
      await ok(patel, 'POST', '/v1/decisions/formula-title/votes', { stance: 'agree', reason: VOTE_REASON });
      await ok(reid, 'POST', '/v1/decisions/formula-title/votes', { stance: 'disagree', reason: 'Not yet' });
      await ok(reid, 'POST', '/v1/decisions/formula-title/votes/change', { stance: 'agree', reason: 'Persuaded' });
      await draft('kentish-town-bid', SECRET_DRAFT, 'land-disposal');
      await registerOrganisation(api, { organisationId: 'clarion', name: 'Clarion', kind: 'other' }, clarionAdmin);
      await addMember(api, clarionAdmin, outsider);
      await settled();
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('publishes, without signing in, exactly the decisions the public register lists, as JSON and CSV', async () => {
      const register = await anonymous(`${base}/decisions?limit=100`);
      const json = await anonymous(`${base}/decisions.json`);
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(json.body.items).toEqual(register.body.items);
      expect(json.body.items.map((d: { decisionId: string }) => d.decisionId)).toEqual([
        'formula-title',
        'depot-phase-2',
      ]);
      expect(json.body.partnership).toEqual(register.body.partnership);
      expect(json.body.licence).toEqual({
        name: 'Open Government Licence v3.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      });

      const csv = await anonymous(`${base}/decisions.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${partnershipId}-decisions.csv"`);
      expect(csv.headers.get('link')).toBe(
        `<https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>; rel="license", <${base}/open-data>; rel="describedby"`,
      );
      const rows = parseCsv(csv.body as string);
      expect(rows.map((r) => r.decision_id)).toEqual(['formula-title', 'depot-phase-2']);
      const depot = json.body.items[1];
      expect(rows[1]).toEqual({
        decision_id: 'depot-phase-2',
        title: TRICKY_TITLE,
        status: 'approved',
        category: 'governance',
        value_pence: '',
        opened_at: depot.openedAt,
        closes_at: depot.closesAt,
        resolved_at: depot.resolvedAt,
        key_decision: '',
        outcome_statement: 'The green option, adopted',
        outcome_reasons: REASONS.join('\n'),
        alternatives_rejected: 'Do nothing',
        notice_published_at: '',
        call_in_until: '',
        call_in_ended_at: '',
        called_in_at: '',
        scrutiny_outcome: '',
        reconsidered_at: '',
        implemented_at: '',
        superseded_by: '',
      });
    });

    it('writes RFC 4180: header row, CRLF records, quoted commas, quotes and line breaks, UTF-8, no formula', async () => {
      const text = (await anonymous(`${base}/decisions.csv`)).body as string;
      const records = text.split('\r\n');
      expect(records[0]).toBe(HEADER);
      expect(records.at(-1)).toBe('');
      expect(text).toContain(`,"Depot works, phase 2: the ""green"" option – £1.2m",approved,`);
      expect(text).toContain(`,"${REASONS[0]}\n${REASONS[1].replaceAll('"', '""')}",Do nothing,`);
      // Spreadsheets run a cell that starts with '=': the CSV keeps it text, the JSON keeps it as written.
      expect(parseCsv(text)[0].title).toBe(`'${FORMULA_TITLE}`);
      const json = await anonymous(`${base}/decisions.json`);
      expect(json.body.items[0].title).toBe(FORMULA_TITLE);
    });

    it('never has a draft, an exempt value or a person in it; the parties still read them', async () => {
      const answers = await Promise.all(
        ['decisions.csv', 'decisions.json', 'decisions.csv?status=draft', 'open-data'].map((p) =>
          anonymous(`${base}/${p}`),
        ),
      );
      for (const res of answers) {
        expect(res.status).toBe(200);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        for (const secret of [SECRET_DRAFT, 'kentish-town-bid', EXEMPT_PRICE, patel.personId, reid.personId])
          expect([secret, text.includes(secret)]).toEqual([secret, false]);
      }
      expect(answers[2].body).toBe(`${HEADER}\r\n`);
      const drafts = await anonymous(`${base}/decisions.json?status=draft`);
      expect(drafts.body.items).toEqual([]);

      const party = await asCaller(api, reid, 'GET', '/v1/decisions/kentish-town-bid');
      expect(party.body.title).toBe(SECRET_DRAFT);
      const price = await asCaller(api, reid, 'GET', '/v1/decisions/depot-phase-2');
      expect(JSON.stringify(price.body)).toContain(EXEMPT_PRICE);
    });

    it('gives an anonymous caller nothing that is not published: a draft’s id fetches nothing', async () => {
      for (const path of [
        '/v1/decisions/kentish-town-bid',
        '/v1/decisions/kentish-town-bid/record',
        `/v1/decisions?partnershipId=${partnershipId}&status=draft`,
      ]) {
        const res = await anonymous(path);
        expect([path, res.status, res.body.code]).toEqual([path, 401, 'token-missing']);
      }
      for (const path of ['decisions.csv', 'decisions.json', 'open-data']) {
        const notCouncil = await anonymous(`/v1/public/partnerships/${SMALL_LEDGER.partnershipId}/${path}`);
        expect([path, notCouncil.status, notCouncil.body.code]).toEqual([path, 404, 'partnership-not-found']);
      }
    });

    it('takes the register’s filters and refuses any other query with a stable code', async () => {
      const now = new Date().toISOString();
      const open = await anonymous(`${base}/decisions.json?status=open`);
      expect(open.body.items.map((d: { decisionId: string }) => d.decisionId)).toEqual(['formula-title']);
      const none = await anonymous(`${base}/decisions.json?category=land-disposal`);
      expect(none.body.items).toEqual([]);
      const before = await anonymous(`${base}/decisions.csv?to=${encodeURIComponent('2020-01-01T00:00:00Z')}`);
      expect(parseCsv(before.body as string)).toEqual([]);
      const since = await anonymous(
        `${base}/decisions.csv?from=${encodeURIComponent('2020-01-01T00:00:00Z')}&to=${encodeURIComponent(now)}`,
      );
      expect(parseCsv(since.body as string).map((r) => r.decision_id)).toEqual(['formula-title', 'depot-phase-2']);
      for (const [query, code] of [
        ['status=pending', 'validation-failed'],
        ['category=everything', 'validation-failed'],
        ['from=2026-01-01', 'validation-failed'],
        ['limit=10', 'unknown-field'],
        ['partnershipId=camden-homes', 'unknown-field'],
      ]) {
        for (const format of ['csv', 'json']) {
          const res = await anonymous(`${base}/decisions.${format}?${query}`);
          expect([query, format, res.status, res.body.code]).toEqual([query, format, 400, code]);
        }
      }
    });

    it('describes itself: publisher, licence, addresses and every CSV field', async () => {
      const res = await anonymous(`${base}/open-data`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        publisher: 'Camden Regeneration',
        licence: { name: 'Open Government Licence v3.0' },
        distributions: [
          { format: 'CSV', url: `${base}/decisions.csv` },
          { format: 'JSON', url: `${base}/decisions.json` },
        ],
      });
      expect(res.body.fields.map((f: { name: string }) => f.name).join(',')).toBe(HEADER);
    });

    const signedIn = async (caller: Caller, path: string) => {
      const res = await asCaller(api, caller, 'GET', path);
      return res.body as string & { items: Record<string, unknown>[] };
    };

    it('gives a party, signed in, its register with drafts, every vote and every sign-off, as CSV and JSON', async () => {
      const register = await signedIn(reid, `/v1/decisions?partnershipId=${partnershipId}&limit=200`);
      const json = await signedIn(reid, `${party}/decisions.json`);
      expect(json.items).toEqual(register.items);
      expect(json.items.map((d) => d.decisionId)).toEqual(['kentish-town-bid', 'formula-title', 'depot-phase-2']);
      const decisions = parseCsv(await signedIn(reid, `${party}/decisions.csv`));
      expect(decisions.map((r) => [r.decision_id, r.title, r.status, r.signed_off_by, r.outcome_recorded])).toEqual([
        ['kentish-town-bid', SECRET_DRAFT, 'draft', '', 'false'],
        ['formula-title', `'${FORMULA_TITLE}`, 'open', '', 'false'],
        ['depot-phase-2', TRICKY_TITLE, 'approved', 'camden-council\npeabody', 'true'],
      ]);

      const votes = parseCsv(await signedIn(reid, `${party}/votes.csv`));
      expect(
        votes.map((v) => [v.kind, v.person_id, v.job_title, v.organisation, v.stance, v.previous_stance, v.reason]),
      ).toEqual([
        ['vote', 'j.patel', 'Director of Housing', 'Camden Council', 'agree', '', VOTE_REASON],
        ['vote', 's.reid', 'Director of Housing', 'Peabody', 'disagree', '', 'Not yet'],
        ['vote-changed', 's.reid', 'Director of Housing', 'Peabody', 'agree', 'disagree', 'Persuaded'],
      ]);
      expect(votes[0]).toMatchObject({ decision_id: 'formula-title', decision_title: `'${FORMULA_TITLE}` });
      const signOffs = parseCsv(await signedIn(patel, `${party}/sign-offs.csv`));
      expect(
        signOffs.map((s) => [s.decision_id, s.kind, s.person_id, s.organisation_id, s.authority_instrument]),
      ).toEqual([
        ['depot-phase-2', 'sign-off', 'j.patel', 'camden-council', 'Scheme of delegation 2026 (camden-council)'],
        ['depot-phase-2', 'sign-off', 's.reid', 'peabody', 'Scheme of delegation 2026 (peabody)'],
      ]);

      // Each JSON item is the act as the decision's own record lists it.
      for (const [decisionId, file, kinds] of [
        ['formula-title', 'votes.json', ['vote', 'vote-changed']],
        ['depot-phase-2', 'sign-offs.json', ['sign-off']],
      ] as const) {
        const record = await signedIn(reid, `/v1/decisions/${decisionId}/record`);
        const acts = (record as unknown as { acts: { kind: string }[]; title: string }).acts;
        const download = await signedIn(reid, `${party}/${file}`);
        expect(download.items).toEqual(
          acts
            .filter((a) => (kinds as readonly string[]).includes(a.kind))
            .map((a) => ({ ...a, decisionTitle: (record as unknown as { title: string }).title })),
        );
      }
    });

    it('tells anyone not of its parties that the partnership does not exist; an auditor reads it, and no exempt value is in it', async () => {
      const outsiderToken = await api.token(outsider);
      for (const file of DOWNLOADS) {
        const theirs = await api.request('GET', `${party}/${file}`, { token: outsiderToken });
        const missing = await api.request('GET', `/v1/partnerships/no-such-partnership/${file}`, {
          token: outsiderToken,
        });
        const nobody = await anonymous(`${party}/${file}`);
        expect([file, theirs.status, theirs.body.code, missing.status, missing.body.code, nobody.status]).toEqual([
          file,
          404,
          'partnership-not-found',
          404,
          'partnership-not-found',
          401,
        ]);
      }
      for (const caller of [reid, auditor]) {
        for (const file of DOWNLOADS) {
          const text = await signedIn(caller, `${party}/${file}`);
          expect([
            caller.personId,
            file,
            (typeof text === 'string' ? text : JSON.stringify(text)).includes(EXEMPT_PRICE),
          ]).toEqual([caller.personId, file, false]);
        }
      }
      const audited = parseCsv(await signedIn(auditor, `${party}/decisions.csv`));
      expect(audited.map((r) => r.decision_id)).toEqual(['kentish-town-bid', 'formula-title', 'depot-phase-2']);
    });

    it('takes the register’s filters on the decisions the rows belong to, and refuses any other query', async () => {
      expect(parseCsv(await signedIn(reid, `${party}/votes.csv?status=approved`))).toEqual([]);
      expect((await signedIn(reid, `${party}/sign-offs.json?status=approved`)).items).toHaveLength(2);
      expect((await signedIn(reid, `${party}/votes.json?status=open&category=governance`)).items).toHaveLength(3);
      const drafts = parseCsv(await signedIn(reid, `${party}/decisions.csv?status=draft`));
      expect(drafts.map((r) => r.decision_id)).toEqual(['kentish-town-bid']);
      const token = await api.token(reid);
      for (const [query, code] of [
        ['status=pending', 'validation-failed'],
        ['to=yesterday', 'validation-failed'],
        ['limit=10', 'unknown-field'],
      ]) {
        for (const file of ['votes.csv', 'sign-offs.json']) {
          const res = await api.request('GET', `${party}/${file}?${query}`, { token });
          expect([query, file, res.status, res.body.code]).toEqual([query, file, 400, code]);
        }
      }
    });

    it('answers 304 to its ETag while nothing changed, and the new decision with a new ETag once it is opened', async () => {
      const first = await anonymous(`${base}/decisions.csv`);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"[\d.]+"$/);
      for (const path of ['decisions.csv', 'decisions.json', 'open-data']) {
        const again = await anonymous(`${base}/${path}`, { 'if-none-match': etag });
        expect([path, again.status, again.body]).toEqual([path, 304, undefined]);
      }
      await draft('gospel-oak-lease', 'Lease of the Gospel Oak depot');
      await open('gospel-oak-lease');
      await settled();
      const changed = await anonymous(`${base}/decisions.csv`, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(parseCsv(changed.body as string)[0].decision_id).toBe('gospel-oak-lease');
    });
  });
}
