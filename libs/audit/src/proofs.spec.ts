import { leafHash, nodeHash } from './leaf-hash';
import { EMPTY_ROOT, InMemoryNodeStore, MerkleTreeAppender, rootFromNodes } from './merkle-tree';
import type { NodeKey, NodeReader } from './node-reader';
import {
  assertConsistency,
  assertInclusion,
  consistencyProof,
  inclusionProof,
  ProofError,
  rootFromInclusionProof,
  rootFromLeaves,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './proofs';
import { seededRandom } from '../../../test/support/seeded-random';

// ---------------------------------------------------------------------------------------------
// Reference: RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF, literally, over the leaf list.
// The implementation under test never sees the leaves, only stored nodes.

function refPath(m: number, d: readonly Buffer[]): Buffer[] {
  const n = d.length;
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...refPath(m, d.slice(0, k)), rootFromLeaves(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), rootFromLeaves(d.slice(0, k))];
}

function refSubproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [rootFromLeaves(d)];
  const k = splitPoint(n);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), rootFromLeaves(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), rootFromLeaves(d.slice(0, k))];
}

const hex = (bs: readonly Buffer[]) => bs.map((b) => b.toString('hex'));
const flipBit = (b: Buffer, bit: number): Buffer => {
  const copy = Buffer.from(b);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
};
/** Exhaustive loops over thousands of proofs: generous on a loaded CI machine, not a timing test. */
const HEAVY_TEST_TIMEOUT = 60_000;
const log2ceil = (n: number) => Math.ceil(Math.log2(n));
/** All 256 bits, or 2 spread over the hash (a different spread per case, so all are covered). */
const bitsToFlip = (all: boolean, seed: number): number[] =>
  all ? Array.from({ length: 256 }, (_, b) => b) : [(seed * 7) % 256, (seed * 7 + 128) % 256];

function build(n: number, salt = 'p'): { hashes: Buffer[]; store: InMemoryNodeStore } {
  const hashes = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${salt}:${i}`)));
  const store = new InMemoryNodeStore();
  const tree = new MerkleTreeAppender();
  for (const h of hashes) store.add(tree.append(h));
  return { hashes, store };
}

describe('splitPoint', () => {
  it('is the largest power of two strictly smaller than n (not the midpoint)', () => {
    const cases: [number, number][] = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [7, 4],
      [8, 4],
      [9, 8],
      [1000, 512],
      [2 ** 40, 2 ** 39],
      [2 ** 40 + 1, 2 ** 40],
    ];
    for (const [n, k] of cases) expect(splitPoint(n)).toBe(k);
    expect(() => splitPoint(1)).toThrow(RangeError);
  });
});

describe('rootFromLeaves', () => {
  it('is the empty root for no leaves, the leaf hash for one, and H(0x01||l||r) for two', () => {
    const [a, b] = [leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))];
    expect(rootFromLeaves([]).equals(EMPTY_ROOT)).toBe(true);
    expect(rootFromLeaves([a]).equals(a)).toBe(true);
    expect(rootFromLeaves([a, b]).equals(nodeHash(a, b))).toBe(true);
    // Three leaves: ((a,b),c) — the odd node is promoted, never duplicated.
    const c = leafHash(Buffer.from('c'));
    expect(rootFromLeaves([a, b, c]).equals(nodeHash(nodeHash(a, b), c))).toBe(true);
  });
});

describe('inclusion proofs', () => {
  const N = 64;
  const { hashes, store } = build(N);

  it(
    'equal the RFC 9162 PATH and verify, for every leaf of every size 1..64',
    async () => {
      for (let size = 1; size <= N; size++) {
        const root = rootFromLeaves(hashes.slice(0, size));
        for (let i = 0; i < size; i++) {
          store.reads = 0;
          const proof = await inclusionProof(i, size, store);
          expect({ size, i, proof: hex(proof) }).toEqual({ size, i, proof: hex(refPath(i, hashes.slice(0, size))) });
          expect(store.reads).toBeLessThanOrEqual(Math.max(1, 2 * log2ceil(size)));
          expect(verifyInclusion(hashes[i] as Buffer, i, size, proof, root)).toBe(true);
        }
      }
    },
    HEAVY_TEST_TIMEOUT,
  );

  it(
    'fail when one bit of the proof, the leaf or the root is flipped (every bit up to size 8, 2 bits per hash beyond)',
    async () => {
      const accepted: string[] = [];
      for (let size = 1; size <= N; size++) {
        const root = rootFromLeaves(hashes.slice(0, size));
        for (let i = 0; i < size; i++) {
          const leaf = hashes[i] as Buffer;
          const proof = await inclusionProof(i, size, store);
          for (const bit of bitsToFlip(size <= 8, size * 31 + i)) {
            if (verifyInclusion(flipBit(leaf, bit), i, size, proof, root))
              accepted.push(`leaf bit ${bit} (${i}, ${size})`);
            if (verifyInclusion(leaf, i, size, proof, flipBit(root, bit)))
              accepted.push(`root bit ${bit} (${i}, ${size})`);
            proof.forEach((_, j) => {
              const bad = proof.map((p, k) => (k === j ? flipBit(p, bit) : p));
              if (verifyInclusion(leaf, i, size, bad, root)) accepted.push(`proof[${j}] bit ${bit} (${i}, ${size})`);
            });
          }
        }
      }
      expect(accepted).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT,
  );

  it(
    'fail for the wrong index, the wrong size, and a truncated, extended or reordered proof',
    async () => {
      for (let size = 2; size <= N; size++) {
        const root = rootFromLeaves(hashes.slice(0, size));
        for (let i = 0; i < size; i++) {
          const leaf = hashes[i] as Buffer;
          const proof = await inclusionProof(i, size, store);
          const probes: [string, () => boolean][] = [
            ['index + 1', () => verifyInclusion(leaf, i + 1, size, proof, root)],
            ['index - 1', () => i > 0 && verifyInclusion(leaf, i - 1, size, proof, root)],
            ['index ^ 2', () => verifyInclusion(leaf, i ^ 2, size, proof, root)],
            ['size * 2', () => verifyInclusion(leaf, i, size * 2, proof, root)],
            ['size / 2', () => verifyInclusion(leaf, i, Math.floor(size / 2), proof, root)],
            ['truncated', () => verifyInclusion(leaf, i, size, proof.slice(0, -1), root)],
            ['extended', () => verifyInclusion(leaf, i, size, [...proof, root], root)],
            ['prepended', () => verifyInclusion(leaf, i, size, [root, ...proof], root)],
            ['reversed', () => proof.length > 1 && verifyInclusion(leaf, i, size, [...proof].reverse(), root)],
            ['empty root', () => verifyInclusion(leaf, i, size, proof, EMPTY_ROOT)],
          ];
          for (const [label, probe] of probes)
            expect({ size, i, label, ok: probe() }).toEqual({ size, i, label, ok: false });
        }
      }
    },
    HEAVY_TEST_TIMEOUT,
  );

  it('explain what is wrong', () => {
    const leaf = hashes[0] as Buffer;
    expect(() => assertInclusion(leaf, 3, 3, [], leaf)).toThrow(/leaf index 3 is not in a tree of size 3/);
    expect(() => assertInclusion(leaf, 0, 1, [leaf], leaf)).toThrow(/longer than the tree is deep/);
    expect(() => assertInclusion(leaf, 0, 4, [leaf], leaf)).toThrow(/shorter than the tree is deep/);
    expect(() => assertInclusion(leaf, 0, 2, [hashes[1] as Buffer], leaf)).toThrow(/different root/);
    expect(() => assertInclusion(Buffer.alloc(31), 0, 1, [], leaf)).toThrow(ProofError);
    expect(verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(leaf, -1, 2, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(rootFromInclusionProof(leaf, 0, 1, []).equals(leaf)).toBe(true);
  });

  it('are refused for a leaf outside the tree', async () => {
    await expect(inclusionProof(5, 5, store)).rejects.toThrow(RangeError);
    await expect(inclusionProof(0, 0, store)).rejects.toThrow(RangeError);
  });

  it('verify for random (index, size) pairs in a tree of 5,000 leaves, reading at most 2·⌈log2 n⌉ nodes in one batch', async () => {
    const big = build(5000, 'big');
    const random = seededRandom(7);
    for (let t = 0; t < 300; t++) {
      const size = 1 + Math.floor(random() * 5000);
      const i = Math.floor(random() * size);
      const root = await rootFromNodes(size, big.store);
      big.store.reads = 0;
      big.store.calls = 0;
      const proof = await inclusionProof(i, size, big.store);
      expect(big.store.calls).toBeLessThanOrEqual(1);
      expect(big.store.reads).toBeLessThanOrEqual(Math.max(1, 2 * log2ceil(size)));
      expect(verifyInclusion(big.hashes[i] as Buffer, i, size, proof, root)).toBe(true);
      expect(verifyInclusion(big.hashes[i] as Buffer, i, size, proof, flipBit(root, t % 256))).toBe(false);
    }
  });
});

describe('consistency proofs', () => {
  const N = 64;
  const { hashes, store } = build(N, 'c');
  const roots = Array.from({ length: N + 1 }, (_, n) => rootFromLeaves(hashes.slice(0, n)));

  it(
    'equal the RFC 9162 PROOF and verify, for every 1 ≤ m ≤ n ≤ 64',
    async () => {
      for (let n = 1; n <= N; n++) {
        for (let m = 1; m <= n; m++) {
          store.reads = 0;
          const proof = await consistencyProof(m, n, store);
          expect({ m, n, proof: hex(proof) }).toEqual({ m, n, proof: hex(refSubproof(m, hashes.slice(0, n), true)) });
          expect(store.reads).toBeLessThanOrEqual(2 * log2ceil(n));
          expect({ m, n, ok: verifyConsistency(m, n, roots[m] as Buffer, roots[n] as Buffer, proof) }).toEqual({
            m,
            n,
            ok: true,
          });
        }
      }
    },
    HEAVY_TEST_TIMEOUT,
  );

  it(
    'fail when one bit of the proof or of either root is flipped (every bit up to size 8, 2 bits per hash beyond)',
    async () => {
      const accepted: string[] = [];
      for (let n = 2; n <= N; n++) {
        for (let m = 1; m < n; m++) {
          const [r1, r2] = [roots[m] as Buffer, roots[n] as Buffer];
          const proof = await consistencyProof(m, n, store);
          for (const bit of bitsToFlip(n <= 8, n * 67 + m)) {
            if (verifyConsistency(m, n, flipBit(r1, bit), r2, proof)) accepted.push(`old root bit ${bit} (${m}, ${n})`);
            if (verifyConsistency(m, n, r1, flipBit(r2, bit), proof)) accepted.push(`new root bit ${bit} (${m}, ${n})`);
            proof.forEach((_, j) => {
              const bad = proof.map((p, k) => (k === j ? flipBit(p, bit) : p));
              if (verifyConsistency(m, n, r1, r2, bad)) accepted.push(`proof[${j}] bit ${bit} (${m}, ${n})`);
            });
          }
        }
      }
      expect(accepted).toEqual([]);
    },
    HEAVY_TEST_TIMEOUT,
  );

  it(
    'fail for wrong sizes, swapped roots, and a truncated, extended or empty proof',
    async () => {
      for (let n = 2; n <= N; n++) {
        for (let m = 1; m < n; m++) {
          const [r1, r2] = [roots[m] as Buffer, roots[n] as Buffer];
          const proof = await consistencyProof(m, n, store);
          const probes: [string, () => boolean][] = [
            ['m - 1', () => verifyConsistency(m - 1, n, r1, r2, proof)],
            ['m + 1', () => verifyConsistency(m + 1, n, r1, r2, proof)],
            ['m ^ 2', () => verifyConsistency(m ^ 2, n, r1, r2, proof)],
            ['n * 2', () => verifyConsistency(m, n * 2, r1, r2, proof)],
            ['n / 2', () => verifyConsistency(m, Math.floor(n / 2), r1, r2, proof)],
            ['swapped roots', () => verifyConsistency(m, n, r2, r1, proof)],
            ['empty proof', () => verifyConsistency(m, n, r1, r2, [])],
            ['truncated', () => verifyConsistency(m, n, r1, r2, proof.slice(0, -1))],
            ['trailing root', () => verifyConsistency(m, n, r1, r2, [...proof, r2])],
            ['preceding root', () => verifyConsistency(m, n, r1, r2, [r1, ...proof])],
            ['preceding proof[0]', () => verifyConsistency(m, n, r1, r2, [proof[0] as Buffer, ...proof])],
          ];
          for (const [label, probe] of probes) expect({ m, n, label, ok: probe() }).toEqual({ m, n, label, ok: false });
        }
      }
    },
    HEAVY_TEST_TIMEOUT,
  );

  it('treat equal sizes and the empty old tree as the RFC and transparency-dev do', async () => {
    const [r1, r2] = [roots[1] as Buffer, roots[2] as Buffer];
    expect(await consistencyProof(5, 5, store)).toEqual([]);
    expect(await consistencyProof(0, 5, store)).toEqual([]);
    await expect(consistencyProof(6, 5, store)).rejects.toThrow(RangeError);
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, r1, [])).toBe(true);
    expect(verifyConsistency(1, 1, r1, r1, [])).toBe(true);
    expect(verifyConsistency(1, 1, r1, r2, [])).toBe(false); // same size, different roots
    expect(verifyConsistency(1, 1, r1, r1, [r1])).toBe(false); // same size, non-empty proof
    expect(verifyConsistency(0, 1, EMPTY_ROOT, r1, [r1])).toBe(false);
    expect(verifyConsistency(0, 1, r1, r1, [])).toBe(false); // the old root must be the empty root
    expect(verifyConsistency(2, 1, r2, r1, [])).toBe(false); // time travel
    expect(() => assertConsistency(1, 2, r1, r2, [])).toThrow(/empty/);
    expect(() => assertConsistency(1, 2, r1, r2, [r1, r1])).toThrow(/too long/);
    expect(() => assertConsistency(3, 8, roots[3] as Buffer, roots[8] as Buffer, [r1])).toThrow(/too short/);
    const proof38 = await consistencyProof(3, 8, store);
    expect(() => assertConsistency(3, 8, roots[2] as Buffer, roots[8] as Buffer, proof38)).toThrow(/old root/);
    expect(() => assertConsistency(3, 8, roots[3] as Buffer, roots[7] as Buffer, proof38)).toThrow(/new root/);
  });

  it('verify for random pairs in a tree of 5,000 leaves, reading at most 2·⌈log2 n⌉ nodes in one batch', async () => {
    const big = build(5000, 'bigc');
    const random = seededRandom(11);
    for (let t = 0; t < 300; t++) {
      const n = 2 + Math.floor(random() * 4999);
      const m = 1 + Math.floor(random() * (n - 1));
      const [r1, r2] = [await rootFromNodes(m, big.store), await rootFromNodes(n, big.store)];
      big.store.reads = 0;
      big.store.calls = 0;
      const proof = await consistencyProof(m, n, big.store);
      expect(big.store.calls).toBe(1);
      expect(big.store.reads).toBeLessThanOrEqual(2 * log2ceil(n));
      expect(verifyConsistency(m, n, r1, r2, proof)).toBe(true);
      expect(verifyConsistency(m, n, r1, flipBit(r2, t % 256), proof)).toBe(false);
    }
  });
});

describe('proof cost at 1,000,000 leaves and beyond', () => {
  /**
   * A tree whose leaves all hash to the same value has the same hash for every perfect subtree
   * of a level, so a reader can serve any node of an arbitrarily large, fully consistent tree
   * without storing it. It counts what it is asked for and refuses any node that is not a
   * complete subtree of the tree.
   */
  class UniformTreeReader implements NodeReader {
    reads = 0;
    calls = 0;
    private readonly byLevel: Buffer[] = [leafHash(Buffer.from('same'))];
    constructor(private readonly size: number) {}
    async getNodes(keys: readonly NodeKey[]): Promise<Buffer[]> {
      this.calls += 1;
      this.reads += keys.length;
      return keys.map(({ level, index }) => {
        if ((index + 1) * 2 ** level > this.size)
          throw new Error(`node ${level}/${index} is not complete at size ${this.size}`);
        return this.level(level);
      });
    }
    level(l: number): Buffer {
      while (this.byLevel.length <= l) {
        const below = this.byLevel[this.byLevel.length - 1] as Buffer;
        this.byLevel.push(nodeHash(below, below));
      }
      return this.byLevel[l] as Buffer;
    }
    /** MTH of n uniform leaves by the RFC recursion: an independent root, O(log n). */
    mth(n: number): Buffer {
      if (n === 1) return this.level(0);
      const k = splitPoint(n);
      return nodeHash(this.level(Math.log2(k)), this.mth(n - k));
    }
  }

  it.each([1_000_000, 999_999, 2 ** 20, 2 ** 40 + 12_345])(
    'an inclusion proof at size %d reads ≤ 2·⌈log2 n⌉ nodes and verifies',
    async (size) => {
      const reader = new UniformTreeReader(size);
      const root = reader.mth(size);
      expect((await rootFromNodes(size, reader)).equals(root)).toBe(true);
      const bound = 2 * log2ceil(size);
      let worst = 0;
      for (const i of [0, 1, Math.floor(size / 3), 2 ** 19, size - 2, size - 1].filter((x) => x < size)) {
        reader.reads = 0;
        reader.calls = 0;
        const proof = await inclusionProof(i, size, reader);
        expect(reader.calls).toBe(1);
        expect(reader.reads).toBeLessThanOrEqual(bound);
        worst = Math.max(worst, reader.reads);
        expect(verifyInclusion(reader.level(0), i, size, proof, root)).toBe(true);
      }
      if (size === 1_000_000) expect(bound).toBe(40);
      expect(worst).toBeGreaterThan(0);
    },
  );

  it.each([
    [524_289, 1_000_000],
    [999_999, 1_000_000],
    [1, 1_000_000],
    [333_333, 2 ** 40 + 7],
  ])('a consistency proof %d → %d reads ≤ 2·⌈log2 n⌉ nodes and verifies', async (m, n) => {
    const reader = new UniformTreeReader(n);
    reader.reads = 0;
    const proof = await consistencyProof(m, n, reader);
    expect(reader.reads).toBeLessThanOrEqual(2 * log2ceil(n));
    expect(verifyConsistency(m, n, reader.mth(m), reader.mth(n), proof)).toBe(true);
  });
});
