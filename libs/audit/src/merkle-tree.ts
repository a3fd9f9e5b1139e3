import { createHash } from 'node:crypto';
import { AppError } from '@accord/platform';
import { HASH_SIZE, nodeHash, nodeHashAt } from './leaf-hash';
import { checkSize } from './merkle-internal';
import { type NodeKey, type NodeReader, readExactly } from './node-reader';

/**
 * Incremental RFC 9162 Merkle tree over leaf hashes 0..n-1.
 *
 * Node addressing: the node at (level, index) is the root of the perfect subtree over leaves
 * [index * 2^level, (index + 1) * 2^level). Level 0 nodes are the leaf hashes themselves. Only
 * such perfect ("complete") subtrees are ever stored; any subtree on the ragged right edge of a
 * tree whose size is not a power of two is recomputed from the perfect subtrees that tile it,
 * which is exactly how RFC 9162 §2.1.1 defines MTH (split at the largest power of two smaller
 * than n, never duplicate an odd node).
 *
 * The appender keeps only the right frontier (the compact range [0, n)): one perfect subtree
 * per set bit of n, so O(log n) hashes, O(log n) work per append and per root.
 */

/** RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

export interface TreeNode extends NodeKey {
  readonly hash: Buffer;
}

export interface AppendResult {
  /** Position of the appended leaf (0-based). */
  readonly leafIndex: number;
  /** Tree size after the append. */
  readonly size: number;
  /** The leaf itself as the level-0 node (leafIndex, hash). */
  readonly leaf: TreeNode;
  /**
   * Interior nodes (level ≥ 1) that became complete with this append, bottom-up. Every node of
   * the final tree is reported exactly once over the life of the log, so persisting these (plus
   * the leaves) is all a {@link NodeReader} needs.
   */
  readonly nodes: TreeNode[];
}

/**
 * A node a proof needs is not stored. In the database that is a row removed by hand (level 0 is
 * the event at position index + 1): the proof cannot be served, and the answer names the event or
 * the first position under the node instead of failing as a server error.
 */
export class MissingNodeError extends AppError {
  constructor(readonly key: NodeKey) {
    const position = key.index * 2 ** key.level + 1;
    super(
      'unavailable',
      'merkle-node-missing',
      key.level === 0
        ? `The event at position ${position} is missing from the log`
        : `Merkle node level ${key.level} index ${key.index} (from position ${position}) is not stored`,
      { level: key.level, index: key.index, position },
    );
  }
}

export class MerkleTreeAppender {
  /** Perfect subtrees covering [0, size), left to right (highest level first). */
  private readonly frontierNodes: TreeNode[];
  private treeSize: number;

  constructor() {
    this.frontierNodes = [];
    this.treeSize = 0;
  }

  /**
   * Rebuild an appender from its frontier, e.g. after a restart: `hashes` are the hashes of
   * {@link frontierKeys}(size), in that order.
   */
  static fromFrontier(size: number, hashes: readonly Buffer[]): MerkleTreeAppender {
    const keys = frontierKeys(size);
    if (hashes.length !== keys.length) {
      throw new RangeError(`a tree of size ${size} has ${keys.length} frontier nodes, got ${hashes.length}`);
    }
    const appender = new MerkleTreeAppender();
    keys.forEach((key, i) =>
      appender.frontierNodes.push({ ...key, hash: checkHash(hashes[i] as Buffer, 'frontier hash') }),
    );
    appender.treeSize = size;
    return appender;
  }

  /** Rebuild an appender for a stored tree of `size` leaves, reading O(log n) nodes. */
  static async resume(size: number, reader: NodeReader): Promise<MerkleTreeAppender> {
    const keys = frontierKeys(size);
    const hashes = keys.length === 0 ? [] : await readExactly(reader, keys);
    return MerkleTreeAppender.fromFrontier(size, hashes);
  }

  get size(): number {
    return this.treeSize;
  }

  /** Add the next leaf hash; O(log n) hashes in the worst case, amortised O(1). */
  append(leafHash: Buffer): AppendResult {
    checkHash(leafHash, 'leaf hash');
    if (this.treeSize >= Number.MAX_SAFE_INTEGER)
      throw new RangeError('tree size would exceed Number.MAX_SAFE_INTEGER');
    const leafIndex = this.treeSize;
    const leaf: TreeNode = { level: 0, index: leafIndex, hash: Buffer.from(leafHash) };
    const nodes: TreeNode[] = [];
    let carry = leaf;
    // Adding a leaf is binary increment: each trailing 1-bit of the old size is a perfect
    // subtree that now has a right sibling of equal size, so the two merge one level up.
    for (;;) {
      const last = this.frontierNodes[this.frontierNodes.length - 1];
      if (last === undefined || last.level !== carry.level) break;
      this.frontierNodes.pop();
      carry = { level: carry.level + 1, index: last.index / 2, hash: nodeHash(last.hash, carry.hash) };
      nodes.push(carry);
    }
    this.frontierNodes.push(carry);
    this.treeSize = leafIndex + 1;
    return { leafIndex, size: this.treeSize, leaf, nodes };
  }

  /** Root of the current tree (RFC 9162 MTH), folding the frontier right to left. */
  root(): Buffer {
    return foldRight(this.frontierNodes.map((n) => n.hash));
  }

  /** The current frontier (compact range [0, size)), left to right. */
  frontier(): TreeNode[] {
    return this.frontierNodes.map((n) => ({ level: n.level, index: n.index, hash: Buffer.from(n.hash) }));
  }
}

/**
 * The right frontier alone, for a verifier that folds a whole log into its root: a leaf hash is
 * taken by offset from any buffer and nothing is reported, so an append allocates only the
 * interior nodes' hashes. Same roots as {@link MerkleTreeAppender}.
 */
export class MerkleFrontier {
  /** Perfect subtrees covering [0, size), left to right, and their levels. */
  private readonly hashes: Buffer[] = [];
  private readonly levels: number[] = [];
  /** The one level-0 node the frontier can hold (after an even-numbered leaf), reused. */
  private readonly leaf = Buffer.alloc(HASH_SIZE);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the leaf hash at bytes[at, at + 32]. */
  append(bytes: Buffer, at: number): void {
    if (this.count >= Number.MAX_SAFE_INTEGER) throw new RangeError('tree size would exceed Number.MAX_SAFE_INTEGER');
    let level = 0;
    let carry: Buffer | undefined;
    // Binary increment, as in MerkleTreeAppender.append.
    while (this.levels.length > 0 && this.levels[this.levels.length - 1] === level) {
      this.levels.pop();
      const left = this.hashes.pop() as Buffer;
      carry = carry === undefined ? nodeHashAt(left, bytes, at) : nodeHash(left, carry);
      level += 1;
    }
    if (carry === undefined) {
      bytes.copy(this.leaf, 0, at, at + HASH_SIZE);
      carry = this.leaf;
    }
    this.hashes.push(carry);
    this.levels.push(level);
    this.count += 1;
  }

  /** Root of the tree so far (RFC 9162 MTH). */
  root(): Buffer {
    return foldRight(this.hashes);
  }
}

/**
 * The perfect subtrees that tile the leaf range [start, end), left to right, each as large as
 * its alignment allows. For the ranges an RFC 9162 tree produces (the whole tree, or a right
 * child on the ragged edge) this is the node's own decomposition, so {@link foldRight} of their
 * hashes is its MTH.
 */
export function rangeKeys(start: number, end: number): NodeKey[] {
  checkSize(start, 'range start');
  checkSize(end, 'range end');
  if (start > end) throw new RangeError(`range [${start}, ${end}) is reversed`);
  const keys: NodeKey[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    let width = 1;
    // Grow while the next size up is still aligned at `at` and fits.
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    keys.push({ level, index: at / width });
    at += width;
  }
  return keys;
}

/** The nodes an appender of `size` leaves keeps: one per set bit of size, largest first. */
export function frontierKeys(size: number): NodeKey[] {
  return rangeKeys(0, size);
}

/** Root of the tree of `size` leaves from stored nodes: O(log n) reads in one batch. */
export async function rootFromNodes(size: number, reader: NodeReader): Promise<Buffer> {
  const keys = frontierKeys(size);
  if (keys.length === 0) return Buffer.from(EMPTY_ROOT);
  return foldRight(await readExactly(reader, keys));
}

/** MTH of a ragged subtree from its left-to-right perfect pieces: h1 ∘ (h2 ∘ (… ∘ hk)). */
export function foldRight(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT);
  let acc = hashes[hashes.length - 1] as Buffer;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i] as Buffer, acc);
  return Buffer.from(acc);
}

/**
 * Perfect-subtree hashes held in memory, for tests, the offline verifier and small logs.
 * Each level is a list of fixed-size chunks of 32-byte slots, so a million-leaf tree is about
 * 64 MB rather than two million Buffer objects. Nodes must be added in index order per level
 * (which is the order appends produce them); re-adding a node with the same hash is a no-op.
 */
export class InMemoryNodeStore implements NodeReader {
  private static readonly CHUNK_SLOTS = 1 << 14;
  private readonly levels: { chunks: Buffer[]; count: number }[] = [];
  /** Number of node reads served (for tests that bound proof cost). */
  reads = 0;
  /** Number of getNodes calls (round trips). */
  calls = 0;

  /** Store the leaf and every interior node an append reported. */
  add(result: AppendResult): void {
    this.put([result.leaf, ...result.nodes]);
  }

  put(nodes: Iterable<TreeNode>): void {
    for (const node of nodes) {
      checkHash(node.hash, 'node hash');
      if (!Number.isSafeInteger(node.level) || node.level < 0 || node.level > 63)
        throw new RangeError(`bad node level ${node.level}`);
      checkSize(node.index, 'node index');
      const level = (this.levels[node.level] ??= { chunks: [], count: 0 });
      if (node.index < level.count) {
        if (!this.slot(node.level, node.index).equals(node.hash)) {
          throw new Error(
            `Merkle node level ${node.level} index ${node.index} is already stored with a different hash`,
          );
        }
        continue;
      }
      if (node.index !== level.count) {
        throw new RangeError(
          `Merkle node level ${node.level} index ${node.index} would leave a gap (next is ${level.count})`,
        );
      }
      const chunk = Math.floor(node.index / InMemoryNodeStore.CHUNK_SLOTS);
      if (chunk === level.chunks.length) level.chunks.push(Buffer.alloc(InMemoryNodeStore.CHUNK_SLOTS * HASH_SIZE));
      node.hash.copy(level.chunks[chunk] as Buffer, (node.index % InMemoryNodeStore.CHUNK_SLOTS) * HASH_SIZE);
      level.count += 1;
    }
  }

  has(key: NodeKey): boolean {
    return Number.isSafeInteger(key.index) && key.index >= 0 && key.index < (this.levels[key.level]?.count ?? 0);
  }

  async getNodes(keys: readonly NodeKey[]): Promise<Buffer[]> {
    this.calls += 1;
    this.reads += keys.length;
    return keys.map((key) => {
      if (!this.has(key)) throw new MissingNodeError(key);
      return Buffer.from(this.slot(key.level, key.index));
    });
  }

  private slot(level: number, index: number): Buffer {
    const chunk = this.levels[level]?.chunks[Math.floor(index / InMemoryNodeStore.CHUNK_SLOTS)] as Buffer;
    const offset = (index % InMemoryNodeStore.CHUNK_SLOTS) * HASH_SIZE;
    return chunk.subarray(offset, offset + HASH_SIZE);
  }
}

function checkHash(hash: Buffer, what: string): Buffer {
  if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE) {
    throw new TypeError(`${what} must be a ${HASH_SIZE}-byte Buffer`);
  }
  return hash;
}
