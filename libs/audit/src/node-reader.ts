import { HASH_SIZE } from './leaf-hash';

export interface NodeKey {
  /** 0 = leaf hash; a node at level L covers 2^L leaves. */
  readonly level: number;
  readonly index: number;
}

/**
 * Read access to stored perfect-subtree hashes. Level 0 are leaf hashes (a database-backed
 * reader may serve them from the events table); levels ≥ 1 are the interior nodes reported by
 * MerkleTreeAppender.append. One call per proof: implementations should fetch the batch
 * in one round trip. Must return hashes in the order of `keys`, and throw (e.g.
 * MissingNodeError) rather than return fewer.
 */
export interface NodeReader {
  getNodes(keys: readonly NodeKey[]): Promise<Buffer[]>;
}

/** Read `keys` and insist the reader honoured the contract (one 32-byte hash per key). */
export async function readExactly(reader: NodeReader, keys: readonly NodeKey[]): Promise<Buffer[]> {
  const hashes = await reader.getNodes(keys);
  if (hashes.length !== keys.length) {
    throw new Error(`NodeReader returned ${hashes.length} hashes for ${keys.length} keys`);
  }
  hashes.forEach((h, i) => {
    if (!Buffer.isBuffer(h) || h.length !== HASH_SIZE) {
      throw new TypeError(`NodeReader returned a bad hash for level ${keys[i]?.level} index ${keys[i]?.index}`);
    }
  });
  return hashes;
}
