import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findStreamHeads,
  rootFromLeaves,
  StreamHeads,
  verifyConsistency,
  verifyInclusion,
  verifySignedCheckpoint,
} from '@accord/audit';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { AuditLog } from './audit-log';
import { AuditSigningKey, loadAuditSigningKey } from './audit-signing-key';
import { LogGapError, MerkleSealer } from './merkle-sealer';

const ORIGIN = 'accord.test/log';
const actor = { personId: 'ada', orgId: 'camden', roles: ['member'] };

describe.each(testEngines())('MerkleSealer on $name', (engine) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let key: AuditSigningKey;
  let keyDir: string;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'accord-audit-key-'));
    key = await loadAuditSigningKey({ signingKeyFile: join(keyDir, 'k.pem'), createSigningKey: true, origin: ORIGIN });
  });
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    store = new PostgresEventStore(db.pool);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function appendMany(n: number): Promise<void> {
    for (let i = 0; i < n; i += 100) {
      const events = Array.from({ length: Math.min(100, n - i) }, (_, j) => ({ type: 'Noted', data: { n: i + j } }));
      await store.append(`partnership-p${i % 7}`, events, {
        expectedRevision: 'any',
        metadata: { actor, correlationId: null, causationId: null },
      });
    }
  }

  async function leafHashes(): Promise<Buffer[]> {
    return (await db.pool.query<{ leaf_hash: Buffer }>('SELECT leaf_hash FROM events ORDER BY position')).rows.map(
      (r) => r.leaf_hash,
    );
  }

  const sealer = (options: Partial<ConstructorParameters<typeof MerkleSealer>[1]> = {}) =>
    new MerkleSealer(db.pool, { key, origin: ORIGIN, everyEvents: 100, everySeconds: 3600, batchSize: 64, ...options });

  it('creates its key file readable only by its owner, and reuses it', async () => {
    expect(statSync(key.path).mode & 0o777).toBe(0o600);
    const again = await loadAuditSigningKey({ signingKeyFile: key.path, createSigningKey: true, origin: ORIGIN });
    expect(again.vkey).toBe(key.vkey);
    await expect(
      loadAuditSigningKey({ signingKeyFile: join(keyDir, 'absent.pem'), createSigningKey: false, origin: ORIGIN }),
    ).rejects.toMatchObject({ code: 'audit-key-unavailable' });
  });

  it('seals in batches, resumes after a restart from the stored size, and matches a from-scratch root', async () => {
    await appendMany(450);
    const first = sealer();
    await first.sealBatch();
    await first.sealBatch();
    // A new process: only what committed counts, and it carries on from there.
    const second = sealer();
    const result = await second.catchUp();
    expect(result.treeSize).toBe(450);
    const head = await db.pool.query<{ tree_size: number; root: Buffer }>('SELECT tree_size, root FROM merkle_head');
    expect(head.rows[0]?.tree_size).toBe(450);
    expect(head.rows[0]?.root.equals(rootFromLeaves(await leafHashes()))).toBe(true);
    // Every perfect subtree of level >= 1 stored once: n - popcount(n) of them.
    const nodes = await db.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM merkle_nodes');
    expect(nodes.rows[0]?.count).toBe(450 - 4);
  });

  it('signs checkpoints every N events, each verifying against a root recomputed from the leaves', async () => {
    await appendMany(350);
    await sealer({ batchSize: 100 }).catchUp();
    const { rows } = await db.pool.query<{ tree_size: number; note: string }>(
      'SELECT tree_size, note FROM checkpoints ORDER BY tree_size',
    );
    expect(rows.map((r) => r.tree_size)).toEqual([100, 200, 300]);
    const leaves = await leafHashes();
    for (const row of rows) {
      const cp = verifySignedCheckpoint(row.note, key.vkey, { origin: ORIGIN });
      expect(cp.rootHash.equals(rootFromLeaves(leaves.slice(0, row.tree_size)))).toBe(true);
    }
  });

  it("commits every stream's head in each checkpoint, across restarts and on a log sealed before heads were kept", async () => {
    /** The commitment recomputed from the events themselves, as a whole-log verifier does. */
    const headsAt = async (size: number) => {
      const { rows } = await db.pool.query<{ stream_id: string; revision: number; leaf_hash: Buffer }>(
        'SELECT stream_id, revision, leaf_hash FROM events WHERE position <= $1 ORDER BY position',
        [size],
      );
      const heads = new StreamHeads();
      for (const r of rows) heads.set({ streamId: r.stream_id, revision: r.revision, leafHash: r.leaf_hash });
      return heads.commitment();
    };
    const checkAll = async () => {
      const { rows } = await db.pool.query<{ tree_size: number; note: string }>(
        'SELECT tree_size, note FROM checkpoints ORDER BY tree_size',
      );
      for (const row of rows) {
        const cp = verifySignedCheckpoint(row.note, key.vkey, { origin: ORIGIN });
        expect({ size: row.tree_size, heads: findStreamHeads(cp.extensions) }).toEqual({
          size: row.tree_size,
          heads: await headsAt(row.tree_size),
        });
      }
      return rows.map((r) => r.tree_size);
    };
    await appendMany(350);
    const first = sealer();
    await first.sealBatch();
    await first.sealBatch();
    await sealer().catchUp(); // a new process, 28 leaves past the stored heads
    const before = await checkAll();
    expect(before).toEqual([64, 192, 320]); // the first is due at once, then every 100 leaves (in batches of 64)

    // As after the upgrade that added them: no heads stored. The next sealer reads them from the log.
    await db.pool.query('DELETE FROM stream_heads');
    await db.pool.query('UPDATE merkle_head SET heads_size = 0');
    await appendMany(100);
    await sealer().catchUp();
    expect(await checkAll()).toEqual([...before, 450]);
    const stored = await db.pool.query<{ heads_size: number; count: number }>(
      'SELECT heads_size, (SELECT count(*)::int FROM stream_heads) AS count FROM merkle_head',
    );
    expect(stored.rows[0]).toEqual({ heads_size: 450, count: (await headsAt(450)).count });
  });

  it('signs after T seconds when fewer than N events arrived, and not when nothing did', async () => {
    let nowMs = Date.parse('2026-03-01T10:00:00Z');
    await appendMany(3);
    const s = sealer({ everySeconds: 60, clock: () => nowMs });
    expect((await s.sealBatch()).signed).toBe(3); // the first checkpoint is due at once
    await appendMany(2);
    nowMs += 59_999;
    expect((await s.sealBatch()).signed).toBeUndefined();
    nowMs += 1;
    expect((await s.sealBatch()).signed).toBe(5);
    nowMs += 120_000;
    expect((await s.sealBatch()).signed).toBeUndefined();
  });

  it('serves inclusion and consistency proofs that verify against the signed roots', async () => {
    await appendMany(300);
    await sealer({ batchSize: 37, everyEvents: 77 }).catchUp();
    const log = new AuditLog(db.pool);
    const latest = await log.latestCheckpoint();
    const leaves = await leafHashes();
    for (const position of [1, 2, 77, 150, latest.treeSize]) {
      const answer = await log.inclusion({ position });
      expect(
        verifyInclusion(
          leaves[position - 1] as Buffer,
          position - 1,
          latest.treeSize,
          answer.proof.map((p) => Buffer.from(p, 'hex')),
          Buffer.from(latest.root, 'hex'),
        ),
      ).toBe(true);
      expect(answer.checkpoint).toBe(latest.note);
    }
    const byId = await log.inclusion(
      { eventId: (await store.readAll({ fromPosition: 5, limit: 1 }))[0]?.eventId },
      154,
    );
    expect(byId).toMatchObject({ position: 5, treeSize: 154 });
    expect(
      verifyInclusion(
        leaves[4] as Buffer,
        4,
        154,
        byId.proof.map((p) => Buffer.from(p, 'hex')),
        rootFromLeaves(leaves.slice(0, 154)),
      ),
    ).toBe(true);
    const c = await log.consistency(77, latest.treeSize);
    expect(
      verifyConsistency(
        77,
        latest.treeSize,
        Buffer.from(c.fromRoot, 'hex'),
        Buffer.from(latest.root, 'hex'),
        c.proof.map((p) => Buffer.from(p, 'hex')),
      ),
    ).toBe(true);
    await expect(log.inclusion({ position: 1 }, latest.treeSize + 1)).rejects.toMatchObject({
      code: 'tree-size-not-signed',
    });
  });

  it('proves against a checkpoint signed a moment ago, though an older one was cached', async () => {
    await appendMany(10);
    const s = sealer({ everyEvents: 10 });
    await s.catchUp();
    const log = new AuditLog(db.pool);
    expect((await log.inclusion({ position: 1 })).treeSize).toBe(10); // caches the checkpoint at 10
    await appendMany(10);
    await s.catchUp();
    const latest = await log.latestCheckpoint();
    expect(latest.treeSize).toBe(20);
    // A verifier that has just read the latest checkpoint asks for proofs at its size.
    expect(await log.inclusion({ position: 15 }, latest.treeSize)).toMatchObject({ treeSize: 20, position: 15 });
  });

  it('commits a batch whole or not at all, and recovers from the stored size', async () => {
    await appendMany(40);
    const s = sealer({ batchSize: 16 });
    await s.sealBatch();
    // Make the next batch's node insert fail half-way: a node it will compute is already there.
    await db.pool.query(`INSERT INTO merkle_nodes (level, idx, hash) VALUES (1, 10, '\\x${'00'.repeat(32)}')`);
    await expect(s.sealBatch()).rejects.toThrow();
    const mid = await db.pool.query<{ tree_size: number; nodes: number }>(
      'SELECT tree_size, (SELECT count(*)::int FROM merkle_nodes) AS nodes FROM merkle_head',
    );
    expect(mid.rows[0]).toEqual({ tree_size: 16, nodes: 16 - 1 + 1 });
    await db.pool.query('DELETE FROM merkle_nodes WHERE level = 1 AND idx = 10');
    expect((await s.catchUp()).treeSize).toBe(40);
    const head = await db.pool.query<{ root: Buffer }>('SELECT root FROM merkle_head');
    expect(head.rows[0]?.root.equals(rootFromLeaves(await leafHashes()))).toBe(true);
  });

  it('stops at a hole in the log instead of sealing past it', async () => {
    await appendMany(20);
    await db.pool.query('DELETE FROM events WHERE position = 12');
    const s = sealer({ batchSize: 10 });
    await s.sealBatch();
    await expect(s.sealBatch()).rejects.toBeInstanceOf(LogGapError);
    const head = await db.pool.query<{ tree_size: number }>('SELECT tree_size FROM merkle_head');
    expect(head.rows[0]?.tree_size).toBe(10);
  });

  it.each([
    ['type', `type = 'Forged'`],
    ['stream_id', `stream_id = 'partnership-elsewhere'`],
    ['recorded_at', `recorded_at = recorded_at - interval '1 hour'`],
  ])('refuses to seal a row whose %s column its bytes contradict, naming it', async (column, change) => {
    await appendMany(20);
    await db.pool.query(`UPDATE events SET ${change} WHERE position = 14`);
    const s = sealer({ batchSize: 10 });
    await s.sealBatch();
    await expect(s.sealBatch()).rejects.toMatchObject({
      code: 'audit-log-mismatch',
      details: { position: 14, column },
    });
    const head = await db.pool.query<{ tree_size: number }>('SELECT tree_size FROM merkle_head');
    expect(head.rows[0]?.tree_size).toBe(10);
  });
});
