export interface NodeKey {
  /** 0 = leaf hash; a node at level L covers 2^L leaves. */
  readonly level: number;
  readonly index: number;
}

/**
 * Read access to stored perfect-subtree hashes. Level 0 are leaf hashes (a database-backed
 * reader may serve them from the log's leaf hashes); levels ≥ 1 are the interior nodes reported by
 * {@link MerkleTreeAppender.append}. One call per proof: implementations should fetch the batch
 * in one round trip. Must return hashes in the order of `keys`, and throw (e.g.
 * {@link MissingNodeError}) rather than return fewer.
 */
export interface NodeReader {
  getNodes(keys: readonly NodeKey[]): Promise<Buffer[]>;
}
