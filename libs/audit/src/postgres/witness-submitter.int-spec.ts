import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { checkCosignature, parseSignedNote, witnessKeyFromVkey } from '@accord/audit';
import { PostgresEventStore } from '@accord/event-store';
import { loadWitnessConfig, type RunningWitness, startWitness, type WitnessLogger } from '@accord/witness';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../../test/support/engines';
import { seededRandom } from '../../../../test/support/seeded-random';
import { AuditLog } from './audit-log';
import { type AuditSigningKey, loadAuditSigningKey } from './audit-signing-key';
import { MerkleSealer } from './merkle-sealer';
import { type RegisteredWitness, type SubmissionResult, WitnessSubmitter } from './witness-submitter';

const ORIGIN = 'accord.test/log';
const PARTIES = ['camden', 'peabody', 'southwark'];
const RUNNER = join(__dirname, '..', '..', '..', '..', 'dist', 'test', 'support', 'witness-submitter-runner.js');
const actor = { personId: 'ada', orgId: 'camden', roles: ['member'] };
const quiet: WitnessLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const started = new Set<ChildProcess>();
afterAll(() => started.forEach((child) => child.kill('SIGKILL')));

describe.each(testEngines().slice(0, 1))('the witness submitter on $name, with three real witnesses', (engine) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let key: AuditSigningKey;
  let dir: string;
  let sealer: MerkleSealer;
  const witnesses = new Map<string, RunningWitness>();
  let registered: RegisteredWitness[];
  let now = Date.parse('2026-12-06T10:00:00Z');
  const submitter = (list: () => readonly RegisteredWitness[] = () => registered) =>
    new WitnessSubmitter(db.pool, { witnesses: async () => list(), clock: () => now, firstBackoffMs: 1000 });

  async function startParty(party: string, port = 0): Promise<RunningWitness> {
    const witness = await startWitness(
      loadWitnessConfig({
        WITNESS_PORT: String(port),
        WITNESS_HOST: '127.0.0.1',
        WITNESS_DATA_DIR: join(dir, party),
        WITNESS_NAME: `witness.${party}.example/accord`,
        WITNESS_LOGS: key.vkey,
      }),
      quiet,
    );
    witnesses.set(party, witness);
    return witness;
  }

  async function grow(n: number): Promise<number> {
    await store.append(
      'partnership-p1',
      Array.from({ length: n }, (_, i) => ({ type: 'Noted', data: { i } })),
      { expectedRevision: 'any', metadata: { actor, correlationId: null, causationId: null } },
    );
    return (await sealer.catchUp()).treeSize;
  }

  const progress = async () =>
    new Map(
      (
        await db.pool.query<{ vkey: string; cosigned_size: string; failures: number; next_attempt_at: Date }>(
          'SELECT vkey, cosigned_size, failures, next_attempt_at FROM witness_progress',
        )
      ).rows.map((r) => [r.vkey, { ...r, cosigned_size: Number(r.cosigned_size) }]),
    );

  /** Which parties' witnesses validly cosigned the note the log serves for `treeSize`. */
  async function cosignedBy(treeSize: number): Promise<string[]> {
    const note = parseSignedNote((await new AuditLog(db.pool).checkpoint(treeSize)).note);
    return registered
      .filter((w) => checkCosignature(note, witnessKeyFromVkey(w.vkey)).status === 'valid')
      .map((w) => w.organisationId);
  }

  const kinds = (results: SubmissionResult[]) =>
    Object.fromEntries(
      results.map((r) => [
        registered.find((w) => w.vkey === r.vkey)?.organisationId,
        'reason' in r ? r.reason : r.kind,
      ]),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-submitter-'));
    key = await loadAuditSigningKey({ signingKeyFile: join(dir, 'log.pem'), createSigningKey: true, origin: ORIGIN });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-submitter-'));
    key = await loadAuditSigningKey({ signingKeyFile: join(dir, 'log.pem'), createSigningKey: true, origin: ORIGIN });
    db = await createTestDatabase(engine);
    store = new PostgresEventStore(db.pool);
    sealer = new MerkleSealer(db.pool, { key, origin: ORIGIN, everyEvents: 1, everySeconds: 3600, batchSize: 1000 });
    for (const party of PARTIES) await startParty(party);
    registered = PARTIES.map((party) => {
      const w = witnesses.get(party) as RunningWitness;
      return { organisationId: party, name: w.name, vkey: w.vkey, url: w.url };
    });
  });
  afterEach(async () => {
    await Promise.all([...witnesses.values()].map((w) => w.close()));
    witnesses.clear();
    await store.close();
    await db.drop();
  });

  it('sends each new checkpoint to every witness with a proof from what it cosigned, and serves their cosignatures', async () => {
    // Nothing signed yet: nothing to ask.
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'up-to-date',
      peabody: 'up-to-date',
      southwark: 'up-to-date',
    });
    const first = await grow(10);
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'cosigned',
      peabody: 'cosigned',
      southwark: 'cosigned',
    });
    expect(await cosignedBy(first)).toEqual(PARTIES);
    const second = await grow(25);
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'cosigned',
      peabody: 'cosigned',
      southwark: 'cosigned',
    });
    expect(await cosignedBy(second)).toEqual(PARTIES);
    // The latest checkpoint as served (and exported) carries all three.
    expect((await new AuditLog(db.pool).latestCheckpoint()).treeSize).toBe(second);
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'up-to-date',
      peabody: 'up-to-date',
      southwark: 'up-to-date',
    });
    const status = await submitter().status(registered);
    expect(status.map((s) => [s.organisationId, s.cosignedSize, s.lag, s.failures])).toEqual(
      PARTIES.map((p) => [p, second, 0, 0]),
    );
  });

  it('a witness down for 50 checkpoints is retried with backoff and catches up with one proof when it returns', async () => {
    await grow(5);
    await submitter().submitOnce();
    const southwark = witnesses.get('southwark') as RunningWitness;
    const port = Number(new URL(southwark.url).port);
    await southwark.close();
    const waits: number[] = [];
    for (let i = 0; i < 50; i++) {
      await grow(1 + (i % 3));
      const results = kinds(await submitter().submitOnce());
      expect([results.camden, results.peabody]).toEqual(['cosigned', 'cosigned']);
      expect(['unavailable', 'waiting']).toContain(results.southwark);
      const p = (await progress()).get(southwark.vkey);
      waits.push((p?.next_attempt_at.getTime() ?? 0) - now);
      now += 1000;
    }
    // 1 s, 2 s, 4 s… between attempts, never asked while it waits.
    const failures = (await progress()).get(southwark.vkey)?.failures ?? 0;
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(failures).toBeLessThan(10);
    expect((await submitter().status(registered)).find((s) => s.organisationId === 'southwark')).toMatchObject({
      cosignedSize: 5,
      failures,
      lastError: expect.stringMatching(/^unavailable: /),
    });
    expect(waits[0]).toBe(1000);

    await startParty('southwark', port);
    now += 10 * 60_000;
    const latest = (await new AuditLog(db.pool).latestCheckpoint()).treeSize;
    expect(kinds(await submitter().submitOnce())).toMatchObject({ southwark: 'cosigned' });
    expect(await cosignedBy(latest)).toEqual(PARTIES);
    expect((await progress()).get(southwark.vkey)).toMatchObject({ cosigned_size: latest, failures: 0 });
  });

  it('409: a log that lost track of a witness proves from the size it reports; a witness ahead of the log is refused and shown', async () => {
    await grow(8);
    await submitter().submitOnce();
    const size = await grow(4);
    // The stored sizes go back (a restore of the log's database): the witnesses say what they hold.
    await db.pool.query('UPDATE witness_progress SET cosigned_size = 0');
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'cosigned',
      peabody: 'cosigned',
      southwark: 'cosigned',
    });
    expect(await cosignedBy(size)).toEqual(PARTIES);

    // The log itself went back to an older checkpoint: every witness has cosigned more.
    await db.pool.query('DELETE FROM checkpoint_cosignatures WHERE tree_size = $1', [size]);
    await db.pool.query('DELETE FROM checkpoints WHERE tree_size = $1', [size]);
    await db.pool.query('UPDATE witness_progress SET cosigned_size = 0');
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'witness-ahead',
      peabody: 'witness-ahead',
      southwark: 'witness-ahead',
    });
    const status = await submitter().status(registered);
    expect(status.map((s) => [s.reportedSize, s.failures])).toEqual(PARTIES.map(() => [size, 1]));
  });

  it('a witness registered later is asked at once; one with an unusable vkey fails without stopping the others', async () => {
    await grow(3);
    const broken = { organisationId: 'broken', name: 'x', vkey: 'x+00000000+BAAA', url: 'http://127.0.0.1:9' };
    const results = await submitter(() => [registered[0] as RegisteredWitness, broken]).submitOnce();
    expect(results.map((r) => ('reason' in r ? r.reason : r.kind))).toEqual(['cosigned', 'bad-answer']);
    expect(kinds(await submitter().submitOnce())).toEqual({
      camden: 'up-to-date',
      peabody: 'cosigned',
      southwark: 'cosigned',
    });
  });

  it('a submitter SIGKILLed while witnesses answer loses no cosignature and never makes a witness go back', async () => {
    const random = seededRandom(16);
    let size = 0;
    for (let round = 0; round < 6; round++) {
      size = await grow(5 + Math.floor(random() * 40));
      const child = spawn(process.execPath, [RUNNER, db.url, JSON.stringify(registered)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      started.add(child);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Killed as soon as the first answer is stored: the others are in flight or answered, not stored.
      for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
        if (line.includes('"cosigned"') || line.includes('"done"')) break;
      }
      child.kill('SIGKILL');
      await exited;
      started.delete(child);
      // What is stored is true: every stored cosignature is valid, and no stored size is beyond the checkpoint.
      for (const [vkey, p] of await progress()) {
        expect(p.cosigned_size).toBeLessThanOrEqual(size);
        if (p.cosigned_size > 0) {
          const note = parseSignedNote((await new AuditLog(db.pool).checkpoint(p.cosigned_size)).note);
          expect(checkCosignature(note, witnessKeyFromVkey(vkey)).status).toBe('valid');
        }
      }
    }
    const finish = spawn(process.execPath, [RUNNER, db.url, JSON.stringify(registered)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.add(finish);
    const lines: string[] = [];
    for await (const line of createInterface({ input: finish.stdout as NodeJS.ReadableStream })) lines.push(line);
    expect(lines.at(-1)).toBe('{"done":true}');
    // Every answer after a crash was a cosignature (a 409 then a proof from the witness's size), never a refusal.
    expect(lines.slice(0, -1).every((l) => l.includes('"cosigned"'))).toBe(true);
    expect(await cosignedBy(size)).toEqual(PARTIES);
    expect([...(await progress()).values()].map((p) => p.cosigned_size)).toEqual(PARTIES.map(() => size));
  });
});
