/**
 * Exempt information (LGA 1972 Schedule 12A; DESIGN §4, issue 19) over HTTP on real PostgreSQL:
 * a land price withheld from a decision is read by the parties' members and by no one else: not
 * an auditor, a platform admin, another organisation or an anonymous reader, on the API, the SSE
 * feed, the audit export or the Kafka topics; a value a party reveals to an auditor verifies
 * against the commitment and a wrong one fails; declassification makes it readable everywhere as
 * the value committed to, and every audit check passes before and after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExemptReveal, verifyBundle } from '@accord/audit';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { tablesHolding } from '../support/tables-holding';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { testKafkaBrokers } from '../support/kafka';
import { readTopic } from '../support/kafka-reader';
import { accord } from '../support/accord-cli';
import { feedUntilIdle } from '../support/sse-client';
import { asCaller, SMALL_LEDGER, seedSmallLedger } from '../support/small-ledger';

const PRICE = '£1,250,000 for the freehold of the Station Road site';
const WRONG_PRICE = '£1,000,000 for the freehold of the Station Road site';
const { admin, camdenAdmin, patel, reid, decisionId } = SMALL_LEDGER;
const auditor: Caller = { personId: 'a.auditor', orgId: 'platform', roles: ['auditor'] };
const okoro: Caller = { personId: 'c.okoro', orgId: 'clarion', roles: ['member'] };
const officer: Caller = { personId: 'k.officer', orgId: 'camden-council', roles: ['member'] };
const items = `/v1/decisions/${decisionId}/exempt-items`;
const declassify = `${items}/land-price/declassify`;
const EXEMPT = {
  itemId: 'land-price',
  part: 'value',
  paragraph: 3,
  publicInterestReason: 'Disclosing the price before contracts are exchanged would weaken the council’s position',
  value: PRICE,
};

interface ExemptView {
  paragraph: number;
  commitment: string;
  value: string;
  salt: string;
  declassifiedAt?: string;
}

async function* linesOf(bundle: Buffer): AsyncIterable<Buffer> {
  let start = 0;
  for (let i = bundle.indexOf(10); i >= 0; start = i + 1, i = bundle.indexOf(10, start))
    yield Buffer.from(bundle.subarray(start, i));
  if (start < bundle.length) yield Buffer.from(bundle.subarray(start));
}

describe.each(testEngines())('exempt information on $name', (engine) => {
  const brokers = testKafkaBrokers();
  // Fresh topics per engine: the previous engine's run declassified the value on its own.
  const prefix = `accord-exempt-${randomBytes(4).toString('hex')}.`;
  let db: TestDatabase;
  let api: ApiHarness;
  let dataDir: string;

  const get = async (caller: Caller, path: string) => api.request('GET', path, { token: await api.token(caller) });
  const item = async (caller: Caller): Promise<ExemptView> => {
    const res = await get(caller, `/v1/decisions/${decisionId}`);
    expect(res.status).toBe(200);
    return res.body.exemptItems['land-price'];
  };
  const head = async () => (await db.pool.query<{ n: number }>('SELECT max(position)::int AS n FROM events')).rows[0].n;
  const sealed = async () => {
    for (;;) {
      const latest = await api.request('GET', '/v1/audit/checkpoints/latest');
      if (latest.status === 200 && latest.body.treeSize >= (await head())) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const exportBundle = async (): Promise<Buffer> => {
    await sealed();
    const res = await fetch(`${api.baseUrl}/v1/audit/export`, {
      headers: { authorization: `Bearer ${await api.token(auditor)}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const feedAs = async (caller: Caller): Promise<string> =>
    (await feedUntilIdle(api.baseUrl, await api.token(caller))).join('\n');

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    dataDir = mkdtempSync(join(tmpdir(), 'accord-exempt-'));
    api = await startApi({
      DATABASE_URL: db.url,
      ACCORD_DATA_DIR: dataDir,
      AUDIT_CHECKPOINT_EVERY_EVENTS: '8',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
      FEED_HEARTBEAT_SECONDS: '1',
      ...(brokers ? { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix } : {}),
    });
    await seedSmallLedger(api);
    await asCaller(api, admin, 'POST', '/v1/organisations', {
      organisationId: 'clarion',
      name: 'Clarion',
      kind: 'housing-association',
    });
    await asCaller(api, admin, 'POST', '/v1/organisations/clarion/members', { personId: okoro.personId });
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
      personId: officer.personId,
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets only the drafter or a board member withhold a part, with a Schedule 12A paragraph', async () => {
    const as = async (caller: Caller, body: unknown = EXEMPT) =>
      api.request('POST', items, { token: await api.token(caller), body });
    expect(await as(officer)).toMatchObject({ status: 403, body: { code: 'not-drafter-or-board-member' } });
    expect(await as(okoro)).toMatchObject({ status: 404 });
    expect(await as(auditor)).toMatchObject({ status: 403, body: { code: 'role-required' } });
    expect(await as(patel, { ...EXEMPT, paragraph: 8 })).toMatchObject({ status: 400 });
    expect(await as(patel, { ...EXEMPT, salt: 'chosen-by-me' })).toMatchObject({ status: 400 });
    expect(await as(patel)).toMatchObject({ status: 201 });
    expect(await as(reid)).toMatchObject({ status: 422, body: { code: 'exempt-item-already-exists' } });
  });

  let committed: ExemptView;

  it('shows the value to the parties’ members and the commitment and paragraph to everyone else', async () => {
    committed = await item(reid);
    expect(committed).toMatchObject({
      paragraph: 3,
      value: PRICE,
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await item(patel)).toEqual(committed);
    for (const outsider of [auditor, admin]) {
      const seen = await item(outsider);
      expect(seen).toMatchObject({
        paragraph: 3,
        commitment: committed.commitment,
        value: '[withheld]',
        salt: '[withheld]',
      });
    }
    expect((await get(okoro, `/v1/decisions/${decisionId}`)).status).toBe(404);
    const trail = await get(auditor, `/v1/decisions/${decisionId}/trail?minPosition=${await head()}`);
    expect(JSON.stringify(trail.body)).toContain('Schedule 12A para 3');
    expect(JSON.stringify(trail.body)).not.toContain(PRICE);
    expect(await tablesHolding(db.pool, PRICE)).toEqual([]);
    expect(await tablesHolding(db.pool, committed.salt)).toEqual([]);
  });

  it('sends the value on the SSE feed to a party’s member only', async () => {
    expect(await feedAs(reid)).toContain(PRICE);
    const auditorsFeed = await feedAs(auditor);
    expect(auditorsFeed).toContain('ExemptItemRecorded');
    expect(auditorsFeed).not.toContain(PRICE);
    expect(auditorsFeed).toContain('[withheld]');
    expect(await feedAs(okoro)).not.toContain('ExemptItemRecorded');
  });

  let before: Buffer;

  it('exports only the commitment and ciphertext, and verifies a value a party reveals, not another', async () => {
    before = await exportBundle();
    expect(before.toString()).not.toContain(PRICE);
    expect(before.toString()).not.toContain(committed.salt);
    expect((await get(auditor, '/v1/audit/verify')).body).toMatchObject({ ok: true });
    const reveal = (over: Partial<ExemptReveal> = {}) =>
      verifyBundle(linesOf(before), { reveal: { item: 'land-price', salt: committed.salt, value: PRICE, ...over } });
    expect(await reveal()).toMatchObject({
      ok: true,
      summary: { exempt: { items: 1, declassified: 0 }, revealed: { decisionId, itemId: 'land-price', paragraph: 3 } },
    });
    expect(await reveal({ value: WRONG_PRICE })).toMatchObject({ ok: false, fault: { kind: 'commitment-mismatch' } });
    expect(await reveal({ item: 'no-such-item' })).toMatchObject({ ok: false, fault: { kind: 'commitment-mismatch' } });
  });

  it('checks a revealed value on the command line too (accord verify, the code accord-verify ships)', async () => {
    const file = join(dataDir, 'before.jsonl');
    writeFileSync(file, before);
    const ok = await accord(
      ['verify', file, '--reveal', 'land-price', `--salt=${committed.salt}`, `--value=${PRICE}`],
      db.url,
    );
    // Output beside the code: a refusal says why.
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([
      0,
      expect.stringContaining('the value you were given is the one committed to'),
      expect.any(String),
    ]);
    const wrong = await accord(
      ['verify', file, '--reveal', 'land-price', `--salt=${committed.salt}`, `--value=${WRONG_PRICE}`],
      db.url,
    );
    expect(wrong).toMatchObject({ code: 1 });
    expect(wrong.stdout).toContain('commitment-mismatch');
    // A salt that begins with '-' (one in 64) as a separate argument is a usage error that says how to write it.
    const dashLed = await accord(['verify', file, '--reveal', 'land-price', '--salt', '-Ab3', '--value', 'x'], db.url);
    expect([dashLed.code, dashLed.stderr]).toEqual([2, expect.stringContaining("use '--salt=-XYZ'")]);
  });

  it('keeps the value off every Kafka topic: ciphertext for the parties, nothing for another organisation', async () => {
    if (!brokers) return;
    const withExempt = (topic: string) =>
      readTopic(brokers, topic, (ms) => ms.some((m) => m.headers.type === 'ExemptItemRecorded'), { timeoutMs: 30_000 });
    for (const topic of [`${prefix}firehose`, `${prefix}party.peabody`]) {
      const text = (await withExempt(topic)).map((m) => m.value).join('\n');
      expect(text).toContain(committed.commitment);
      expect(text).not.toContain(PRICE);
    }
    const clarion = await readTopic(brokers, `${prefix}party.clarion`, (ms) => ms.length >= 1, {
      timeoutMs: 30_000,
      settleMs: 1000,
    });
    expect(clarion.map((m) => m.headers.type)).not.toContain('ExemptItemRecorded');
  });

  it('declassifies only as the drafter or a board member, then shows the committed value to all', async () => {
    const as = async (caller: Caller, body: unknown = { reason: 'Contracts exchanged on 1 December' }) =>
      api.request('POST', declassify, { token: await api.token(caller), body });
    expect(await as(officer)).toMatchObject({ status: 403, body: { code: 'not-drafter-or-board-member' } });
    expect(await as(auditor)).toMatchObject({ status: 403, body: { code: 'role-required' } });
    expect(await as(okoro)).toMatchObject({ status: 404 });
    expect(
      await api.request('POST', `${items}/no-such-item/declassify`, {
        token: await api.token(reid),
        body: { reason: 'x' },
      }),
    ).toMatchObject({ status: 404, body: { code: 'exempt-item-not-found' } });
    expect(await as(reid)).toMatchObject({ status: 200 });
    expect(await as(reid)).toMatchObject({ status: 422, body: { code: 'exempt-item-already-declassified' } });
    for (const anyone of [auditor, admin, patel])
      expect(await item(anyone)).toMatchObject({
        value: PRICE,
        salt: committed.salt,
        commitment: committed.commitment,
        declassifiedAt: expect.any(String),
      });
    const after = await exportBundle();
    expect(await verifyBundle(linesOf(after))).toMatchObject({
      ok: true,
      summary: { exempt: { items: 1, declassified: 1 } },
    });
    expect(await verifyBundle(linesOf(before))).toMatchObject({ ok: true });
    expect((await get(auditor, '/v1/audit/verify')).body).toMatchObject({ ok: true });
  });
});
