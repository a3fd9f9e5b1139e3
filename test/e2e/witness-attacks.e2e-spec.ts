import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCosignature,
  formatAddCheckpointRequest,
  parseCheckpointBody,
  parseSignedNote,
  signCheckpoint,
  witnessKeyFromVkey,
} from '@accord/audit';
import { ApiHarness, ApiLog, startApi } from '../support/api-harness';
import { createTestDatabase, type TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { startWitnessProcess, stopWitnessProcesses, type WitnessProcess } from '../support/witness-processes';

/**
 * A party's witness against its host, through the witness's own HTTP API and the host's: a second
 * checkpoint for a size it cosigned (a split view, signed with the host's real key) is refused and
 * changes nothing it serves; SIGKILLed while the host's submitter is adding checkpoints, it comes
 * back holding at least every tree it cosigned, never another, and the host catches it up.
 */
// Below Linux's ephemeral range: the witness is restarted on it, and the log knows it by its URL.
const WITNESS_PORT = 28478;

describe('a witness against its host, through their HTTP APIs', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  /** The host's warnings that the killed witness could not be reached: read here, not printed. */
  const log = new ApiLog([/^witness \S+: unavailable at tree size \d+: the witness could not be reached/]);
  let dir: string;
  let witness: WitnessProcess;
  let logVkey: string;

  const start = () => startWitnessProcess('camden-council', dir, logVkey, undefined, WITNESS_PORT);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-attacks-'));
    db = await createTestDatabase(testEngines()[0] as never);
    api = await startApi(
      {
        DATABASE_URL: db.url,
        ACCORD_DATA_DIR: join(dir, 'host'),
        AUDIT_CHECKPOINT_EVERY_EVENTS: '3',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '0.1',
      },
      log,
    );
    logVkey = (await api.request('GET', '/v1/audit/public-key')).body.vkey;
    witness = await start();
    await seedSmallLedger(api);
    await asCaller(api, SMALL_LEDGER.camdenAdmin, 'POST', '/v1/organisations/camden-council/witness', {
      name: witness.name,
      vkey: witness.vkey,
      url: witness.url,
    });
  });

  afterAll(async () => {
    if (witness) await stopWitnessProcesses([witness]);
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const addRisk = (i: number) =>
    asCaller(api, SMALL_LEDGER.patel, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/risks`, {
      title: `Risk ${i}`,
      description: 'Contractor capacity',
      ownerParty: 'camden-council',
      likelihood: 2,
      impact: 3,
    });

  /** What the witness serves as the latest checkpoint it cosigned: size and root. */
  async function witnessHolds(origin: string): Promise<{ size: number; root: string; note: string } | undefined> {
    const res = await fetch(`${witness.url}/${createHash('sha256').update(origin).digest('hex')}/checkpoint`);
    if (res.status === 404) return undefined;
    const note = await res.text();
    const body = parseCheckpointBody(parseSignedNote(note).text);
    return { size: body.size, root: body.rootHash.toString('hex'), note };
  }

  /** The host's latest checkpoint once its witness has cosigned it and nothing is left to seal (bounded). */
  async function cosignedHead(): Promise<{ treeSize: number; root: string; origin: string }> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const answer = await api.request('GET', '/v1/audit/checkpoints/latest');
      // Before the sealer's first checkpoint the answer is 404 checkpoint-not-found: not yet.
      if (answer.status === 404 && answer.body.code === 'checkpoint-not-found') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const latest = answer.body;
      const head = (await db.pool.query<{ n: number }>('SELECT max(position)::int AS n FROM events')).rows[0]?.n;
      const note = parseSignedNote(latest.note as string);
      if (latest.treeSize === head && checkCosignature(note, witnessKeyFromVkey(witness.vkey)).status === 'valid')
        return {
          treeSize: latest.treeSize,
          root: latest.root,
          origin: (latest.note as string).split('\n')[0] as string,
        };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the head was not cosigned in 30 s');
  }

  const cosignatureCount = async () =>
    (
      await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM checkpoint_cosignatures WHERE vkey = $1', [
        witness.vkey,
      ])
    ).rows[0]?.n ?? 0;

  /** Resolves once the witness has cosigned another checkpoint (bounded). */
  async function cosignaturesBeyond(count: number): Promise<void> {
    for (let attempt = 0; attempt < 300; attempt++) {
      if ((await cosignatureCount()) > count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the witness cosigned nothing in 6 s');
  }

  it('refuses a split view: a second checkpoint, signed with the host’s own key, for a size it cosigned', async () => {
    await addRisk(0);
    const head = await cosignedHead();
    const before = await witnessHolds(head.origin);
    expect(before).toMatchObject({ size: head.treeSize, root: head.root });

    // The host's key, as the host holds it: only the root differs from what the witness cosigned.
    const hostKey = createPrivateKey(readFileSync(join(dir, 'host', 'audit-signing-key.pem')));
    const forged = signCheckpoint(
      { origin: head.origin, size: head.treeSize, rootHash: createHash('sha256').update('another history').digest() },
      { name: head.origin, privateKey: hostKey },
    );
    const res = await fetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      body: formatAddCheckpointRequest({ oldSize: head.treeSize, proof: [], note: forged }),
    });
    expect(res.status).toBe(422);
    expect(JSON.parse(await res.text())).toMatchObject({ code: 'witness-fork' });
    expect(await witnessHolds(head.origin)).toEqual(before);

    // The honest log goes on being cosigned.
    await addRisk(1);
    const next = await cosignedHead();
    expect(next.treeSize).toBeGreaterThan(head.treeSize);
    expect((await witnessHolds(head.origin))?.size).toBe(next.treeSize);
    expect(log.provoked).toEqual([]);
  });

  it('SIGKILLed while the host adds checkpoints, it comes back holding at least what it cosigned, never another tree, and is caught up', async () => {
    const origin = (await cosignedHead()).origin;
    for (let round = 0; round < 3; round++) {
      // Commands keep the host's sealer signing (every 3 events) and its submitter adding while the witness dies.
      const traffic = (async () => {
        for (let i = 0; i < 12; i++) await addRisk(100 * round + i + 2);
      })();
      // Killed once it is cosigning this traffic: the host's next add-checkpoint follows within 0.1 s.
      await cosignaturesBeyond(await cosignatureCount());
      const exited = new Promise((resolve) => witness.child.once('exit', (_code, signal) => resolve(signal)));
      const warned = log.provoked.length;
      witness.child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await traffic;
      // The host tries the dead witness before it comes back: on a fast machine the traffic may
      // all be cosigned before the kill, so commands go on until a checkpoint is offered to it.
      for (let i = 0; log.provoked.length === warned; i++) {
        if (i === 100) throw new Error('the host never offered the dead witness a checkpoint');
        await addRisk(1000 * (round + 1) + i);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // What the host stored from it before the kill: the witness answered each of these.
      const stored = await db.pool.query<{ tree_size: number; root: Buffer }>(
        `SELECT c.tree_size::int, c.root FROM checkpoint_cosignatures s JOIN checkpoints c USING (tree_size)
         WHERE s.vkey = $1 ORDER BY c.tree_size DESC LIMIT 1`,
        [witness.vkey],
      );
      witness = await start();
      const holds = await witnessHolds(origin);
      const largest = stored.rows[0];
      if (largest) expect(holds?.size).toBeGreaterThanOrEqual(largest.tree_size);
      if (holds) {
        // Whatever it holds is the host's tree at that size, cosigned by it.
        const host = (await api.request('GET', `/v1/audit/checkpoints/${holds.size}`)).body;
        expect(host.root).toBe(holds.root);
        expect(checkCosignature(parseSignedNote(holds.note), witnessKeyFromVkey(witness.vkey)).status).toBe('valid');
      }
    }
    const head = await cosignedHead();
    expect((await witnessHolds(origin))?.size).toBe(head.treeSize);
    // Every cosignature the host keeps verifies on its checkpoint.
    const { rows } = await db.pool.query<{ note: string }>(
      'SELECT c.note FROM checkpoints c JOIN checkpoint_cosignatures s USING (tree_size) WHERE s.vkey = $1',
      [witness.vkey],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const served = (
        await api.request('GET', `/v1/audit/checkpoints/${parseCheckpointBody(parseSignedNote(row.note).text).size}`)
      ).body;
      expect(checkCosignature(parseSignedNote(served.note as string), witnessKeyFromVkey(witness.vkey)).status).toBe(
        'valid',
      );
    }
    const health = (await api.request('GET', '/health/witnesses')).body;
    expect(health.witnesses.map((w: { lag: number }) => w.lag)).toEqual([0]);
    // While it was dead the host's submitter warned that it could not reach it, and of nothing else.
    expect(new Set(log.provoked.map((l) => `${l.level} ${l.context}: ${l.msg.split(':')[0]}`))).toEqual(
      new Set([`40 witness-submitter: witness ${witness.name}`]),
    );
  });
});
