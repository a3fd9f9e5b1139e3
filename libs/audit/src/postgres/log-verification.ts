import { Pool } from 'pg';
import {
  type BundleFault,
  type BundleVerification,
  MerkleTreeAppender,
  MissingNodeError,
  type TreeNode,
  splitLines,
  verifyBundle,
} from '@accord/audit';
import { LogReader, toStorageError } from '@accord/event-store';
import type { AuditSigningKey } from './audit-signing-key';
import { prepareBundleExport } from './bundle-exporter';
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
  const lines = await prepareBundleExport(pool, {});
  const result = await verifyBundle(splitLines(lines), { trustedVkey });
  if (!result.ok || result.summary.treeSize === null) return result;
  const fault = (await columnFault(pool, result.summary.treeSize)) ?? (await nodeFault(pool, result.summary.treeSize));
  return fault ? { ok: false, summary: result.summary, fault } : result;
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
 * just matched to the bytes) and compares it with the node stored for it, a page of leaves at a
 * time, so memory stays bounded.
 */
async function nodeFault(pool: Pool, size: number): Promise<BundleFault | undefined> {
  const log = new LogReader(pool);
  const stored = new PostgresNodeReader(pool);
  const tree = new MerkleTreeAppender();
  for (let after = 0; after < size; after += NODE_PAGE) {
    const leaves = await guard(log.leafHashes(after, Math.min(after + NODE_PAGE, size)));
    const built: TreeNode[] = [];
    for (const leaf of leaves) built.push(...tree.append(leaf.leafHash).nodes);
    let hashes: Buffer[];
    try {
      hashes = await guard(stored.getNodes(built));
    } catch (err) {
      if (!(err instanceof MissingNodeError)) throw err;
      return nodeFaultAt(err.key.level, err.key.index, 'is not stored');
    }
    const bad = built.findIndex((node, i) => !node.hash.equals(hashes[i] as Buffer));
    if (bad >= 0) {
      const node = built[bad] as TreeNode;
      return nodeFaultAt(node.level, node.index, 'differs from the hash of the leaves under it');
    }
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
