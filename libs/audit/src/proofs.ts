import { createHash } from 'node:crypto';
import { nodeHash } from './leaf-hash';
import { checkSize, readExactly } from './merkle-internal';
import { EMPTY_ROOT, foldRight, HASH_SIZE, rangeKeys } from './merkle-tree';
import type { NodeKey, NodeReader } from './node-reader';

/**
 * RFC 9162 §2.1.3 inclusion and §2.1.4 consistency proofs, generated from stored perfect
 * subtrees and verified with the RFC's iterative algorithms.
 *
 * Generation follows the RFC's recursive PATH / SUBPROOF definitions, but over leaf ranges
 * instead of leaf data: each proof element is the MTH of a subtree [start, end), which is either
 * a stored perfect node or (at most once per proof, on the ragged right edge) a fold of the
 * ≤ log2(n) perfect nodes that tile it. All keys go to the reader in one batch, so a proof
 * costs one round trip and O(log n) node reads (≤ 2·⌈log2 n⌉).
 */

export class ProofError extends Error {
  readonly code = 'merkle-proof-invalid';
  constructor(readonly reason: string) {
    super(reason);
  }
}

type Range = readonly [start: number, end: number];

/** Audit path for leaf `leafIndex` in the tree of `treeSize` leaves, leaf-most sibling first. */
export async function inclusionProof(leafIndex: number, treeSize: number, reader: NodeReader): Promise<Buffer[]> {
  checkSize(leafIndex, 'leaf index');
  checkSize(treeSize, 'tree size');
  if (leafIndex >= treeSize) throw new RangeError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  return materialise(inclusionRanges(leafIndex, treeSize), reader);
}

/** Consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves. */
export async function consistencyProof(oldSize: number, newSize: number, reader: NodeReader): Promise<Buffer[]> {
  checkSize(oldSize, 'old size');
  checkSize(newSize, 'new size');
  if (oldSize > newSize) throw new RangeError(`old size ${oldSize} is larger than new size ${newSize}`);
  // RFC 9162 defines no proof from the empty tree, and the proof between equal sizes is empty.
  if (oldSize === 0 || oldSize === newSize) return [];
  return materialise(consistencyRanges(oldSize, newSize), reader);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) as the leaf ranges whose MTH form the proof. */
export function inclusionRanges(leafIndex: number, treeSize: number): Range[] {
  const out: Range[] = [];
  const path = (m: number, start: number, n: number): void => {
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      path(m, start, k);
      out.push([start + k, start + n]);
    } else {
      path(m - k, start + k, n - k);
      out.push([start, start + k]);
    }
  };
  path(leafIndex, 0, treeSize);
  return out;
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], true) as leaf ranges (0 < m < n). */
export function consistencyRanges(oldSize: number, newSize: number): Range[] {
  const out: Range[] = [];
  const subproof = (m: number, start: number, n: number, complete: boolean): void => {
    if (m === n) {
      if (!complete) out.push([start, start + n]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, k, complete);
      out.push([start + k, start + n]);
    } else {
      subproof(m - k, start + k, n - k, false);
      out.push([start, start + k]);
    }
  };
  subproof(oldSize, 0, newSize, true);
  return out;
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`a tree of ${n} leaves has no split`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

async function materialise(ranges: readonly Range[], reader: NodeReader): Promise<Buffer[]> {
  const pieces = ranges.map(([start, end]) => rangeKeys(start, end));
  const unique = new Map<string, NodeKey>();
  for (const keys of pieces) for (const key of keys) unique.set(`${key.level}/${key.index}`, key);
  const keys = [...unique.values()];
  const hashes = keys.length === 0 ? [] : await readExactly(reader, keys);
  const byKey = new Map<string, Buffer>(keys.map((key, i) => [`${key.level}/${key.index}`, hashes[i] as Buffer]));
  return pieces.map((keysOfRange) =>
    foldRight(keysOfRange.map((key) => byKey.get(`${key.level}/${key.index}`) as Buffer)),
  );
}

// ---------------------------------------------------------------------------------------------
// Verification (RFC 9162 §2.1.3.2 and §2.1.4.2). `assert*` throw a ProofError naming the check
// that failed; `verify*` return a boolean.

/** RFC 9162 §2.1.3.2. */
export function verifyInclusion(
  leafHash: Buffer,
  leafIndex: number,
  treeSize: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  return succeeds(() => assertInclusion(leafHash, leafIndex, treeSize, proof, root));
}

export function assertInclusion(
  leafHash: Buffer,
  leafIndex: number,
  treeSize: number,
  proof: readonly Buffer[],
  root: Buffer,
): void {
  const computed = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
  requireHash(root, 'root');
  if (!computed.equals(root)) throw new ProofError('inclusion proof leads to a different root');
}

/** The root an inclusion proof commits to, or a ProofError if the proof is malformed for the sizes. */
export function rootFromInclusionProof(
  leafHash: Buffer,
  leafIndex: number,
  treeSize: number,
  proof: readonly Buffer[],
): Buffer {
  checkSize(leafIndex, 'leaf index');
  checkSize(treeSize, 'tree size');
  requireHash(leafHash, 'leaf hash');
  proof.forEach((p, i) => requireHash(p, `proof[${i}]`));
  // 1. leaf_index must be inside the tree.
  if (leafIndex >= treeSize) throw new ProofError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  // 2.-3.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4.
  for (const p of proof) {
    // 4a.
    if (sn === 0) throw new ProofError('inclusion proof is longer than the tree is deep');
    // 4b.
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    // 4c.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0 (the proof had exactly the right length).
  if (sn !== 0) throw new ProofError('inclusion proof is shorter than the tree is deep');
  return Buffer.from(r);
}

/** RFC 9162 §2.1.4.2 (plus the trivial cases: equal sizes, and the empty old tree). */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Buffer,
  newRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  return succeeds(() => assertConsistency(oldSize, newSize, oldRoot, newRoot, proof));
}

export function assertConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Buffer,
  newRoot: Buffer,
  proof: readonly Buffer[],
): void {
  checkSize(oldSize, 'old size');
  checkSize(newSize, 'new size');
  requireHash(oldRoot, 'old root');
  requireHash(newRoot, 'new root');
  proof.forEach((p, i) => requireHash(p, `proof[${i}]`));
  if (oldSize > newSize) throw new ProofError(`old size ${oldSize} is larger than new size ${newSize}`);
  if (oldSize === newSize) {
    if (proof.length !== 0) throw new ProofError('consistency proof between equal sizes must be empty');
    if (!oldRoot.equals(newRoot)) throw new ProofError('trees of equal size have different roots');
    return;
  }
  if (oldSize === 0) {
    // Every tree extends the empty tree; there is nothing to prove.
    if (proof.length !== 0) throw new ProofError('consistency proof from the empty tree must be empty');
    if (!oldRoot.equals(EMPTY_ROOT)) throw new ProofError('old root is not the empty-tree root');
    return;
  }
  // 1.
  if (proof.length === 0) throw new ProofError('consistency proof is empty');
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // 3.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  // 6.
  for (const c of path.slice(1)) {
    // 6a.
    if (sn === 0) throw new ProofError('consistency proof is too long');
    // 6b.
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    // 6c.
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  if (sn !== 0) throw new ProofError('consistency proof is too short');
  if (!fr.equals(oldRoot)) throw new ProofError('consistency proof does not lead to the old root');
  if (!sr.equals(newRoot)) throw new ProofError('consistency proof does not lead to the new root');
}

/**
 * Reference RFC 9162 §2.1.1 MTH over all leaf hashes, recomputed from scratch (recursive
 * split at the largest power of two smaller than n). Independent of the appender and the node
 * store, for the offline verifier and for cross-checking them.
 */
export function rootFromLeaves(leafHashes: readonly Buffer[]): Buffer {
  leafHashes.forEach((h, i) => requireHash(h, `leaf hash ${i}`));
  if (leafHashes.length === 0) return createHash('sha256').digest();
  const mth = (start: number, n: number): Buffer => {
    if (n === 1) return leafHashes[start] as Buffer;
    const k = splitPoint(n);
    return nodeHash(mth(start, k), mth(start + k, n - k));
  };
  return Buffer.from(mth(0, leafHashes.length));
}

function succeeds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (err) {
    if (err instanceof ProofError || err instanceof RangeError) return false;
    throw err;
  }
}

function requireHash(hash: Buffer, what: string): void {
  if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE)
    throw new ProofError(`${what} is not a ${HASH_SIZE}-byte hash`);
}

// Sizes may exceed 2^32, so no bitwise operators: plain arithmetic is exact below 2^53.
const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);
const isPowerOfTwo = (x: number): boolean => {
  let p = 1;
  while (p < x) p *= 2;
  return p === x;
};
