import type { NodeKey, NodeReader } from './node-reader';

/** Helpers shared by merkle-tree.ts and proofs.ts; not part of the package API. */

const HASH_BYTES = 32;

/** Read `keys` and insist the reader honoured the contract (one 32-byte hash per key). */
export async function readExactly(reader: NodeReader, keys: readonly NodeKey[]): Promise<Buffer[]> {
  const hashes = await reader.getNodes(keys);
  if (hashes.length !== keys.length) {
    throw new Error(`NodeReader returned ${hashes.length} hashes for ${keys.length} keys`);
  }
  hashes.forEach((h, i) => {
    if (!Buffer.isBuffer(h) || h.length !== HASH_BYTES) {
      throw new TypeError(`NodeReader returned a bad hash for level ${keys[i]?.level} index ${keys[i]?.index}`);
    }
  });
  return hashes;
}

export function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}
