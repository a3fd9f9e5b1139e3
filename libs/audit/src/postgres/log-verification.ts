import { Pool } from 'pg';
import {
  type BundleFault,
  type BundleVerification,
  MerkleTreeAppender,
  type TreeNode,
  splitLines,
  verifyBundle,
} from '@accord/audit';
import { LogReader, toStorageError } from '@accord/event-store';
import type { AuditSigningKey } from './audit-signing-key';
import { openBundleExport } from './bundle-exporter';
import { PostgresNodeReader } from './postgres-node-reader';

/**
 * The server-side check: the whole log is exported and fed to the offline verifier in the same
 * process, so `GET /v1/audit/verify` and `accord verify` cannot disagree. The server's own key
 * is the trusted one, so a checkpoint re-signed with another key stored in the database fails.
 * Once the bytes verify, it checks what a bundle does not carry but readers and proofs use: the
 * columns beside the bytes, and the stored Merkle nodes inclusion proofs are served from.
 */
export async function verifyLog(pool: Pool, keys: { get(): Promise<AuditSigningKey> }): Promise<BundleVerification> {
  const trustedVkey = await keys.get().then(
    (k) => k.vkey,
    () => undefined,
  );
  return verifyStoredLog(pool, trustedVkey);
}

/** The same check with the key the caller trusts (`accord verify --database --key`), else the log's own. */
export async function verifyStoredLog(pool: Pool, trustedVkey: string | undefined): Promise<BundleVerification> {
  const { treeSize, lines } = await openBundleExport(pool, {});
  // The tables' checks need only the tree size, so they run beside the bundle's: PostgreSQL
  // compares the columns while this process hashes the bytes. A bundle that verifies ends at
  // exactly this size (the verifier insists its events stop at the signed one), and the faults are
  // taken in the order the checks would run one after another, so the verdict is the same.
  const stop = { stopped: false };
  const bundle = verifyBundle(splitLines(lines), { trustedVkey });
  const tables = [columnFault(pool, treeSize), nodeFault(pool, treeSize, stop)];
  for (const check of [bundle, ...tables]) check.catch(() => undefined);
  try {
    const result = await bundle;
    if (!result.ok || result.summary.treeSize === null) return result;
    for (const table of tables) {
      const fault = await table;
      if (fault) return { ok: false, summary: result.summary, fault };
    }
    return result;
  } finally {
    // Neither outlives the call: the node check stops at its next page, the column check is one statement.
    stop.stopped = true;
    await Promise.allSettled(tables);
  }
}

async function columnFault(pool: Pool, size: number): Promise<BundleFault | undefined> {
  const [mismatch] = await guard(new LogReader(pool).columnMismatches({ upTo: size }));
  if (mismatch === undefined) return undefined;
  return {
    kind: 'column-mismatch',
    position: mismatch.position,
    line: 0,
    message: `the ${mismatch.column} column of position ${mismatch.position} disagrees with its hashed bytes`,
  };
}

const NODE_PAGE = 8192;

/**
 * Rebuilds every perfect subtree of the signed tree from the leaf hashes (which the bundle check
 * matches to the bytes) and compares it with the node stored for it, a page of leaves at a time,
 * so memory stays bounded. Within a page a node not stored is named before one that differs.
 * It gives up, with no fault, once `stop` is set.
 */
async function nodeFault(pool: Pool, size: number, stop: { stopped: boolean }): Promise<BundleFault | undefined> {
  const log = new LogReader(pool);
  const stored = new PostgresNodeReader(pool);
  const tree = new MerkleTreeAppender();
  for (let after = 0; after < size && !stop.stopped; after += NODE_PAGE) {
    const upTo = Math.min(after + NODE_PAGE, size);
    const [leaves, levels] = await guard(Promise.all([log.leafHashes(after, upTo), stored.completedIn(after, upTo)]));
    const built: TreeNode[] = [];
    for (const leaf of leaves) built.push(...tree.append(leaf.leafHash).nodes);
    const hashOf = (node: TreeNode) => {
      const level = levels.get(node.level);
      return level?.hashes[node.index - level.first];
    };
    const missing = built.find((node) => hashOf(node) === undefined);
    if (missing) return nodeFaultAt(missing.level, missing.index, 'is not stored');
    const bad = built.find((node) => !node.hash.equals(hashOf(node) as Buffer));
    if (bad) return nodeFaultAt(bad.level, bad.index, 'differs from the hash of the leaves under it');
  }
  return undefined;
}

function nodeFaultAt(level: number, index: number, what: string): BundleFault {
  const first = index * 2 ** level + 1;
  const last = (index + 1) * 2 ** level;
  return {
    kind: 'bad-node',
    position: first,
    line: 0,
    message: `the stored Merkle node at level ${level}, index ${index} (positions ${first}–${last}) ${what}`,
  };
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toStorageError(err);
  }
}
