/**
 * Personal data and erasure (DESIGN §4, issue 19) over HTTP on real PostgreSQL: interests are
 * readable to those who may read the decision but never stored in the clear; erasing a person
 * leaves "[erased]" where their data was, in every answer, while every proof and export (old ones
 * included) still verifies; the erasure reaches every party of a partnership the person's data
 * appeared in, on the SSE feed and their Kafka topics, and no one else; a crash between
 * destroying the key and logging the erasure is completed by the next start. What a meeting
 * records in the person's words (an interest declared there, their dispute of that record) goes
 * the same way: the meeting, the trail, the feeds and exports never show it once erased.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '@accord/audit';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { tablesHolding } from '../support/tables-holding';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { testKafkaBrokers } from '../support/kafka';
import { readTopic } from '../support/kafka-reader';
import { exited } from '../support/processes';
import { asCaller, SMALL_LEDGER, seedSmallLedger } from '../support/small-ledger';
import { feedUntilIdle } from '../support/sse-client';
import { addClerk, boardPartnership, heldMeeting, okafor, openDecision } from '../support/meeting-board';

const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const ERASURE_CRASH = join(__dirname, '..', '..', 'dist', 'test', 'support', 'erasure-crash.js');
const PATEL_INTEREST = 'Her home is 200 m from the Station Road site.';
const REID_INTEREST = 'His brother-in-law is a director of Urban Modular Ltd.';
/** Patel's words at a board meeting of another partnership of the same parties. */
const PATEL_MEETING_INTEREST = 'Her partner advises the developer on the depot scheme.';
const PATEL_DISPUTE = 'I declared it before the item, when my partner was first engaged.';
const MEETING = { meetingId: 'depot-board-1', partnershipId: 'camden-board', decisionId: 'depot-scheme' };
const PATEL_WORDS = [PATEL_INTEREST, PATEL_MEETING_INTEREST, PATEL_DISPUTE];
const { admin, camdenAdmin, peabodyAdmin, patel, reid, decisionId, partnershipId } = SMALL_LEDGER;
const auditor: Caller = { personId: 'a.auditor', orgId: 'platform', roles: ['auditor'] };
/** A member of an organisation in no partnership with Patel's. */
const okoro: Caller = { personId: 'c.okoro', orgId: 'clarion', roles: ['member'] };
const erasePatel = `/v1/organisations/${patel.orgId}/members/${patel.personId}/erase-personal-data`;
const ERASURE = { reason: 'person-request', lawfulBasis: 'consent-withdrawn' };

async function* linesOf(bundle: Buffer): AsyncIterable<Buffer> {
  let start = 0;
  for (let i = bundle.indexOf(10); i >= 0; start = i + 1, i = bundle.indexOf(10, start))
    yield bundle.subarray(start, i);
  if (start < bundle.length) yield bundle.subarray(start);
}

describe.each(testEngines())('personal data on $name', (engine) => {
  const brokers = testKafkaBrokers();
  const prefix = `accord-personal-data-${randomBytes(4).toString('hex')}.`;
  let db: TestDatabase;
  let api: ApiHarness;
  /** Every start of the API keeps the same audit signing key, as one deployment does. */
  let dataDir: string;
  const env = () => ({
    DATABASE_URL: db.url,
    ACCORD_DATA_DIR: dataDir,
    AUDIT_CHECKPOINT_EVERY_EVENTS: '8',
    AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
    FEED_HEARTBEAT_SECONDS: '1',
    ...(brokers ? { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix } : {}),
  });

  const get = async (caller: Caller, path: string) => (await asCaller(api, caller, 'GET', path)).body;
  const interests = async () =>
    (
      (await get(patel, `/v1/decisions/${decisionId}/record?minPosition=${await head()}`)) as {
        acts: { kind: string; personId: string; nature?: string; erased?: { reason: string; because: string } }[];
      }
    ).acts.filter((a) => a.kind === 'interest');
  const natures = async () => (await interests()).map((a) => [a.personId, a.nature]);
  /** Beside what reads "[erased]", when and why: the console says "erased on … at the person's request". */
  const erasureNotes = async () => (await interests()).map((a) => [a.personId, a.erased?.because]);
  const meeting = async (caller: Caller) =>
    (await get(caller, `/v1/meetings/${MEETING.meetingId}?minPosition=${await head()}`)) as {
      records: { type: string; data: { nature?: string; reason?: string }; erased?: { because: string } }[];
    };
  const meetingText = async (caller: Caller) => JSON.stringify(await meeting(caller));
  /** Patel's words at the meeting as its page answers them, and what it says beside them. */
  const meetingWords = async (caller: Caller) =>
    (await meeting(caller)).records
      .filter((r) => r.type === 'InterestRecorded' || r.type === 'RecordDisputed')
      .map((r) => [r.type, r.data.nature ?? r.data.reason, r.erased?.because]);
  const feedAs = async (caller: Caller, query = '') =>
    (await feedUntilIdle(api.baseUrl, await api.token(caller), query)).join('\n');
  const head = async () => (await db.pool.query<{ n: number }>('SELECT max(position)::int AS n FROM events')).rows[0].n;
  const download = async (): Promise<Buffer> => {
    const res = await fetch(`${api.baseUrl}/v1/audit/export`, {
      headers: { authorization: `Bearer ${await api.token(auditor)}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const verifiesEverywhere = async (...bundles: Buffer[]) => {
    expect(await get(auditor, '/v1/audit/verify')).toMatchObject({ ok: true });
    for (const bundle of bundles) expect(await verifyBundle(linesOf(bundle))).toMatchObject({ ok: true });
  };
  /** Waits for the sealer to sign a checkpoint covering the whole log, so an export holds every event. */
  const sealed = async () => {
    for (;;) {
      const latest = await api.request('GET', '/v1/audit/checkpoints/latest');
      if (latest.status === 200 && latest.body.treeSize >= (await head())) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    dataDir = mkdtempSync(join(tmpdir(), 'accord-personal-data-'));
    api = await startApi(env());
    await seedSmallLedger(api);
    await asCaller(api, admin, 'POST', '/v1/organisations', {
      organisationId: 'clarion',
      name: 'Clarion',
      kind: 'housing-association',
    });
    await asCaller(api, admin, 'POST', '/v1/organisations/clarion/members', { personId: okoro.personId });
    await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/interests`, { nature: PATEL_INTEREST });
    await asCaller(api, reid, 'POST', `/v1/decisions/${decisionId}/interests`, { nature: REID_INTEREST });
    await addClerk(api);
    await boardPartnership(api, MEETING.partnershipId);
    await openDecision(api, MEETING.partnershipId, MEETING.decisionId);
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    await heldMeeting(api, { ...MEETING, startsAt }, ['present', 'present']);
    const recorded = await asCaller(api, okafor, 'POST', `/v1/meetings/${MEETING.meetingId}/interests`, {
      itemId: 'item-1',
      personId: patel.personId,
      nature: PATEL_MEETING_INTEREST,
      occurredAt: startsAt,
    });
    const interestEventId = (recorded.body.events as { eventId: string }[])[0].eventId;
    await asCaller(api, patel, 'POST', `/v1/meetings/${MEETING.meetingId}/records/${interestEventId}/dispute`, {
      reason: PATEL_DISPUTE,
    });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let before: Buffer;

  it('shows interests to those who may read the decision, and stores them in no table in the clear', async () => {
    expect(await natures()).toEqual([
      [patel.personId, PATEL_INTEREST],
      [reid.personId, REID_INTEREST],
    ]);
    for (const words of [...PATEL_WORDS, REID_INTEREST]) expect(await tablesHolding(db.pool, words)).toEqual([]);
    for (const reader of [patel, reid, auditor])
      expect(await meetingWords(reader)).toEqual([
        ['InterestRecorded', PATEL_MEETING_INTEREST, undefined],
        ['RecordDisputed', PATEL_DISPUTE, undefined],
      ]);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM personal_data_keys WHERE wrapped_key IS NOT NULL',
    );
    expect(rows[0].n).toBe(2);
    await sealed();
    before = await download();
    for (const words of PATEL_WORDS) expect(before.toString()).not.toContain(words);
    await verifiesEverywhere(before);
  });

  it('shows interests on the SSE feed to those who read it, opened for them', async () => {
    for (const reader of [camdenAdmin, reid]) {
      const feed = await feedAs(reader);
      expect(feed).toContain(PATEL_INTEREST);
      expect(feed).toContain(REID_INTEREST);
      expect(feed).toContain(PATEL_MEETING_INTEREST);
      expect(feed).toContain(PATEL_DISPUTE);
      expect(feed).not.toContain('pd1:');
    }
  });

  it('lets only an admin or an org-admin of the person’s organisation erase, with a lawful basis', async () => {
    const as = async (caller: Caller, body: unknown = ERASURE) =>
      api.request('POST', erasePatel, { token: await api.token(caller), body });
    expect((await as(patel)).status).toBe(403);
    expect((await as(reid)).status).toBe(403);
    expect(await as(peabodyAdmin)).toMatchObject({ status: 403, body: { code: 'not-organisation-admin' } });
    expect(await as(camdenAdmin, { reason: 'person-request' })).toMatchObject({ status: 400 });
    expect(await as(camdenAdmin, { ...ERASURE, lawfulBasis: 'because' })).toMatchObject({ status: 400 });
    const stranger = `/v1/organisations/${patel.orgId}/members/someone-else/erase-personal-data`;
    expect(await api.request('POST', stranger, { token: await api.token(camdenAdmin), body: ERASURE })).toMatchObject({
      status: 422,
      body: { code: 'erasure-subject-not-a-member' },
    });
    // None of these destroyed anything.
    expect(await natures()).toEqual([
      [patel.personId, PATEL_INTEREST],
      [reid.personId, REID_INTEREST],
    ]);
  });

  it('erases: "[erased]" in every answer, no key left, the event holds no personal data, every proof verifies', async () => {
    const headers = { 'idempotency-key': 'erase-patel-1' };
    const res = await api.request('POST', erasePatel, { token: await api.token(camdenAdmin), body: ERASURE, headers });
    expect(res.status).toBeLessThan(300);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['PersonalDataErased']);
    const again = await api.request('POST', erasePatel, {
      token: await api.token(camdenAdmin),
      body: ERASURE,
      headers,
    });
    expect(again.body).toMatchObject({ replayed: true, position: res.body.position });

    expect(await natures()).toEqual([
      [patel.personId, '[erased]'],
      [reid.personId, REID_INTEREST],
    ]);
    // Beside what reads "[erased]", when and why: the console says "erased on … at the person's request".
    const record = (await get(patel, `/v1/decisions/${decisionId}/record?minPosition=${res.body.position}`)) as {
      acts: { kind: string; personId: string; erased?: unknown }[];
    };
    expect(record.acts.filter((a) => a.kind === 'interest').map((a) => [a.personId, a.erased])).toEqual([
      [patel.personId, { at: expect.any(String), reason: 'person-request', because: "at the person's request" }],
      [reid.personId, undefined],
    ]);
    const trail = JSON.stringify(
      await get(auditor, `/v1/people/${patel.personId}/trail?minPosition=${res.body.position}`),
    );
    expect(trail).toContain('[erased]');
    expect(trail).toContain(`erased the personal data of ${patel.personId}`);
    expect(trail).toContain(`recorded that ${patel.personId} declared an interest in item item-1`);
    expect(trail).not.toContain('pd1:');
    for (const words of PATEL_WORDS) expect(trail).not.toContain(words);
    for (const reader of [patel, reid, auditor]) {
      // The meeting says when and why beside each, as the decision record does.
      expect(await meetingWords(reader)).toEqual([
        ['InterestRecorded', '[erased]', "at the person's request"],
        ['RecordDisputed', '[erased]', "at the person's request"],
      ]);
      const text = await meetingText(reader);
      for (const words of PATEL_WORDS) expect(text).not.toContain(words);
    }
    const listed = (await get(
      auditor,
      `/v1/partnerships/${MEETING.partnershipId}/meetings?minPosition=${res.body.position}`,
    )) as {
      meetings: { records: { type: string; erased?: { because: string } }[] }[];
    };
    expect(
      listed.meetings.flatMap((m) => m.records).flatMap((r) => (r.erased ? [[r.type, r.erased.because]] : [])),
    ).toEqual([
      ['InterestRecorded', "at the person's request"],
      ['RecordDisputed', "at the person's request"],
    ]);

    const { rows: keys } = await db.pool.query(
      'SELECT wrapped_key, erasure_logged FROM personal_data_keys WHERE person_id = $1',
      [patel.personId],
    );
    expect(keys).toEqual([{ wrapped_key: null, erasure_logged: true }]);
    const { rows: events } = await db.pool.query(
      "SELECT convert_from(canonical, 'UTF8')::jsonb -> 'data' AS data FROM events WHERE type = 'PersonalDataErased'",
    );
    expect(events).toEqual([
      {
        data: {
          organisationId: patel.orgId,
          personId: patel.personId,
          ...ERASURE,
          erasedBy: { personId: camdenAdmin.personId, orgId: camdenAdmin.orgId },
        },
      },
    ]);

    await sealed();
    const after = await download();
    for (const words of PATEL_WORDS) expect(after.toString()).not.toContain(words);
    await verifiesEverywhere(before, after);
  });

  it('shows "[erased]" on the SSE feed after the erasure, and carries the erasure to every party of the partnership', async () => {
    const camden = await feedAs(camdenAdmin);
    for (const words of PATEL_WORDS) expect(camden).not.toContain(words);
    expect(camden).toContain('[erased]');
    expect(camden).toContain('"type":"PersonalDataErased"');
    // Peabody's systems saw Patel's interest in the shared partnership, so they must purge it too,
    // also when they follow only that partnership.
    for (const peabody of [await feedAs(reid), await feedAs(reid, `&partnershipId=${partnershipId}`)]) {
      for (const words of PATEL_WORDS) expect(peabody).not.toContain(words);
      expect(peabody).toContain(REID_INTEREST);
      expect(peabody).toContain('"type":"PersonalDataErased"');
    }
    expect(await feedAs(okoro)).not.toContain('PersonalDataErased');
  });

  it('carries the erasure to the Kafka topic of every party of the partnership, and of no other organisation', async () => {
    if (!brokers) return;
    const erasureOn = (topic: string) =>
      readTopic(brokers, topic, (ms) => ms.some((m) => m.headers.type === 'PersonalDataErased'), {
        timeoutMs: 30_000,
      });
    for (const party of ['camden-council', 'peabody']) {
      const messages = await erasureOn(`${prefix}party.${party}`);
      expect(messages.map((m) => m.headers.type)).toContain('PersonalDataErased');
      for (const words of PATEL_WORDS) expect(messages.map((m) => m.value).join('\n')).not.toContain(words);
    }
    const clarion = await readTopic(brokers, `${prefix}party.clarion`, (ms) => ms.length >= 1, {
      timeoutMs: 30_000,
      settleMs: 1000,
    });
    expect(clarion.map((m) => m.headers.type)).not.toContain('PersonalDataErased');
  });

  it('completes at the next start an erasure whose process died between destroying the key and logging it', async () => {
    // The running API holds Reid's key in memory (read twice, the second time from its cache);
    // another process destroys it, and this API shows "[erased]" at once.
    const readable = [
      [patel.personId, '[erased]'],
      [reid.personId, REID_INTEREST],
    ];
    expect(await natures()).toEqual(readable);
    await new Promise((r) => setTimeout(r, 300));
    expect(await natures()).toEqual(readable);
    const erasure = {
      target: {
        kind: 'organisation',
        id: reid.orgId,
        command: { type: 'ErasePersonalData', organisationId: reid.orgId, personId: reid.personId, ...ERASURE },
      },
      ctx: {
        actor: peabodyAdmin,
        commandId: 'erasure:crash-test',
        correlationId: 'erasure-crash',
        now: new Date().toISOString(),
      },
      ids: { organisationId: reid.orgId, personId: reid.personId },
    };
    const child = spawn(process.execPath, [ERASURE_CRASH, db.url, JSON.stringify(erasure)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('destroyed') && resolve()),
    );
    expect(await natures()).toEqual([
      [patel.personId, '[erased]'],
      [reid.personId, '[erased]'],
    ]);
    child.kill('SIGKILL');
    await exited(child);
    await api.close();
    const logged = () =>
      db.pool.query("SELECT count(*)::int AS n FROM events WHERE type = 'PersonalDataErased'").then((r) => r.rows[0].n);
    expect(await logged()).toBe(1); // Patel's only: Reid's key is gone, his erasure not yet in the log

    api = await startApi(env());
    expect(await logged()).toBe(2);
    expect(await natures()).toEqual([
      [patel.personId, '[erased]'],
      [reid.personId, '[erased]'],
    ]);
    const { rows } = await db.pool.query(
      'SELECT erasure, erasure_logged FROM personal_data_keys WHERE person_id = $1',
      [reid.personId],
    );
    expect(rows).toEqual([{ erasure: null, erasure_logged: true }]);
    expect(await erasureNotes()).toEqual([
      [patel.personId, "at the person's request"],
      [reid.personId, "at the person's request"],
    ]);
    // Read models rebuilt from zero still show "[erased]", and when and why; a second start finds
    // nothing left to do.
    await api.close();
    const rebuilt = await promisify(execFile)(process.execPath, [CLI, 'projections', 'rebuild', 'all'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    });
    expect(rebuilt.stderr).toMatch(/rebuilt trail: /);
    expect(rebuilt.stderr).toMatch(/rebuilt erasures: /);
    expect((await db.pool.query('SELECT person_id FROM rm_erasures ORDER BY position')).rows).toEqual([
      { person_id: patel.personId },
      { person_id: reid.personId },
    ]);
    api = await startApi(env());
    expect(await logged()).toBe(2);
    expect(await natures()).toEqual([
      [patel.personId, '[erased]'],
      [reid.personId, '[erased]'],
    ]);
    expect(await erasureNotes()).toEqual([
      [patel.personId, "at the person's request"],
      [reid.personId, "at the person's request"],
    ]);
    expect(await meetingWords(auditor)).toEqual([
      ['InterestRecorded', '[erased]', "at the person's request"],
      ['RecordDisputed', '[erased]', "at the person's request"],
    ]);
    for (const words of PATEL_WORDS) expect(await meetingText(auditor)).not.toContain(words);
    await sealed();
    await verifiesEverywhere(before, await download());
  });
});
