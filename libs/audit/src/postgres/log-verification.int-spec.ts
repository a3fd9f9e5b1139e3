import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerkleTreeAppender, MissingNodeError, type TreeNode } from '@accord/audit';
import { LogReader, PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { seededRandom } from '../../../../test/support/seeded-random';
import { AuditSigningKey, loadAuditSigningKey } from './audit-signing-key';
import { verifyStoredLog } from './log-verification';
import { MerkleSealer } from './merkle-sealer';
import { PostgresNodeReader } from './postgres-node-reader';

const ORIGIN = 'accord.test/log';
const actor = { personId: 'ada', orgId: 'camden', roles: ['member'] };
const EVENTS = 300;

describe.each(testEngines())('verifyStoredLog on $name', (engine) => {
  let db: TestDatabase;
  let key: AuditSigningKey;
  let keyDir: string;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'accord-audit-key-'));
    key = await loadAuditSigningKey({ signingKeyFile: join(keyDir, 'k.pem'), createSigningKey: true, origin: ORIGIN });
    db = await createTestDatabase(engine);
    const store = new PostgresEventStore(db.pool);
    for (let i = 0; i < EVENTS; i += 50)
      await store.append(
        `partnership-p${i % 3}`,
        Array.from({ length: 50 }, (_, j) => ({ type: 'Noted', data: { n: i + j } })),
        { expectedRevision: 'any', metadata: { actor, correlationId: null, causationId: null } },
      );
    await store.close();
    const sealer = new MerkleSealer(db.pool, { key, origin: ORIGIN, everyEvents: 100, everySeconds: 3600 });
    for (let sealed = 0; sealed < EVENTS;) sealed = (await sealer.sealBatch()).treeSize;
  });
  afterAll(async () => {
    await db.drop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  /**
   * The check one step at a time, as a reference: the columns first, then each node of the tree in
   * the order appending the leaves completes it, read alone; a node not stored before one that differs.
   */
  async function referenceFault(): Promise<{ kind: string; message: string[] } | undefined> {
    const [mismatch] = await new LogReader(db.pool).columnMismatches({ upTo: EVENTS });
    if (mismatch)
      return { kind: 'column-mismatch', message: [`the ${mismatch.column} column of position ${mismatch.position} `] };
    const tree = new MerkleTreeAppender();
    const built: TreeNode[] = [];
    for (const leaf of await new LogReader(db.pool).leafHashes(0, EVENTS))
      built.push(...tree.append(leaf.leafHash).nodes);
    const reader = new PostgresNodeReader(db.pool);
    const stored: (Buffer | undefined)[] = [];
    for (const node of built)
      stored.push(
        await reader.getNodes([node]).then(
          ([h]) => h,
          (err) => (err instanceof MissingNodeError ? undefined : Promise.reject(err)),
        ),
      );
    const at = (node: TreeNode) => `level ${node.level}, index ${node.index}`;
    const missing = built.findIndex((_, i) => stored[i] === undefined);
    if (missing >= 0) return { kind: 'bad-node', message: [`${at(built[missing] as TreeNode)} (`, 'is not stored'] };
    const bad = built.findIndex((node, i) => !node.hash.equals(stored[i] as Buffer));
    if (bad >= 0) return { kind: 'bad-node', message: [`${at(built[bad] as TreeNode)} (`, 'differs'] };
    return undefined;
  }

  it('passes an untouched log', async () => {
    const result = await verifyStoredLog(db.pool, key.vkey);
    expect(result).toMatchObject({ ok: true, summary: { events: EVENTS, treeSize: EVENTS } });
  });

  it('names the same first fault as the checks run one at a time, whatever is tampered with', async () => {
    const random = seededRandom(23);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const nodes = (await db.pool.query<{ level: number; idx: number }>('SELECT level, idx FROM merkle_nodes')).rows;
    const tamperings = [
      (n: { level: number; idx: number }) => `DELETE FROM merkle_nodes WHERE level = ${n.level} AND idx = ${n.idx}`,
      (n: { level: number; idx: number }) =>
        `UPDATE merkle_nodes SET hash = sha256(hash) WHERE level = ${n.level} AND idx = ${n.idx}`,
      () => `UPDATE events SET type = 'Altered' WHERE position = ${1 + Math.floor(random() * EVENTS)}`,
      () => `UPDATE events SET revision = revision + 1000 WHERE position = ${1 + Math.floor(random() * EVENTS)}`,
    ];
    await db.pool.query('CREATE TABLE nodes_kept AS SELECT * FROM merkle_nodes');
    await db.pool.query('CREATE TABLE columns_kept AS SELECT position, type, revision FROM events');
    for (let round = 0; round < 12; round++) {
      // One to three changes at once, so that faults of both kinds and at several levels meet.
      for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) await db.pool.query(pick(tamperings)(pick(nodes)));
      try {
        const expected = await referenceFault();
        const result = await verifyStoredLog(db.pool, key.vkey);
        expect(expected).toBeDefined();
        expect(result.ok).toBe(false);
        expect(result.fault?.kind).toBe(expected?.kind);
        for (const part of expected?.message ?? []) expect(result.fault?.message).toContain(part);
      } finally {
        await db.pool.query(
          `DELETE FROM merkle_nodes; INSERT INTO merkle_nodes SELECT * FROM nodes_kept;
           UPDATE events e SET type = k.type, revision = k.revision FROM columns_kept k
           WHERE e.position = k.position AND (e.type <> k.type OR e.revision <> k.revision)`,
        );
      }
    }
    expect((await verifyStoredLog(db.pool, key.vkey)).ok).toBe(true);
  });
});
