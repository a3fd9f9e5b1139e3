import { createHash } from 'node:crypto';
import { leafHash } from './leaf-hash';
import {
  EMPTY_ROOT,
  frontierKeys,
  InMemoryNodeStore,
  MerkleFrontier,
  MerkleTreeAppender,
  MissingNodeError,
  rangeKeys,
  rootFromNodes,
  type TreeNode,
} from './merkle-tree';
import { rootFromLeaves } from './proofs';
import { seededRandom } from '../../../test/support/seeded-random';

const leaves = (n: number, salt = 'leaf'): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${salt}-${i}`)));

describe('MerkleTreeAppender', () => {
  it('starts empty with the RFC 9162 empty root (SHA-256 of nothing)', () => {
    const tree = new MerkleTreeAppender();
    expect(tree.size).toBe(0);
    expect(tree.root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_ROOT.equals(createHash('sha256').digest())).toBe(true);
  });

  it('gives the reference root after every append, sizes 1..200', () => {
    const hashes = leaves(200);
    const tree = new MerkleTreeAppender();
    for (let n = 1; n <= hashes.length; n++) {
      tree.append(hashes[n - 1] as Buffer);
      expect(tree.size).toBe(n);
      expect(tree.root().toString('hex')).toBe(rootFromLeaves(hashes.slice(0, n)).toString('hex'));
    }
  });

  it('gives the reference root at random sizes up to 20,000', () => {
    const random = seededRandom(20240601);
    const sizes = [...new Set(Array.from({ length: 25 }, () => 1 + Math.floor(random() * 20000)))].sort(
      (a, b) => a - b,
    );
    const hashes = leaves(sizes[sizes.length - 1] as number, 'random');
    const tree = new MerkleTreeAppender();
    for (const size of sizes) {
      while (tree.size < size) tree.append(hashes[tree.size] as Buffer);
      expect({ size, root: tree.root().toString('hex') }).toEqual({
        size,
        root: rootFromLeaves(hashes.slice(0, size)).toString('hex'),
      });
    }
  });

  it('keeps only one frontier node per set bit of the size', () => {
    const tree = new MerkleTreeAppender();
    for (const h of leaves(1000)) {
      tree.append(h);
      const bits = tree.size.toString(2).replace(/0/g, '').length;
      expect(tree.frontier()).toHaveLength(bits);
      expect(tree.frontier().map(({ level, index }) => ({ level, index }))).toEqual(frontierKeys(tree.size));
    }
  });

  it('reports every interior node exactly once, each equal to the MTH of the leaves it covers', () => {
    const n = 300;
    const hashes = leaves(n);
    const tree = new MerkleTreeAppender();
    const seen = new Map<string, TreeNode>();
    for (let i = 0; i < n; i++) {
      const before = tree.size;
      const result = tree.append(hashes[i] as Buffer);
      expect(result.leafIndex).toBe(i);
      expect(result.size).toBe(i + 1);
      expect(result.leaf).toEqual({ level: 0, index: i, hash: hashes[i] });
      // One merge per trailing 1-bit of the old size, bottom-up.
      const trailingOnes = before.toString(2).match(/1*$/)?.[0].length ?? 0;
      expect(result.nodes.map((x) => x.level)).toEqual(Array.from({ length: trailingOnes }, (_, j) => j + 1));
      for (const node of result.nodes) {
        const key = `${node.level}/${node.index}`;
        expect(seen.has(key)).toBe(false);
        seen.set(key, node);
        const width = 2 ** node.level;
        const first = node.index * width;
        expect(first + width).toBe(i + 1); // it completes with this leaf
        expect(node.hash.equals(rootFromLeaves(hashes.slice(first, first + width)))).toBe(true);
      }
    }
    // A tree of n leaves has n - popcount(n) complete interior nodes.
    expect(seen.size).toBe(n - n.toString(2).replace(/0/g, '').length);
  });

  it('rejects a leaf hash that is not 32 bytes', () => {
    expect(() => new MerkleTreeAppender().append(Buffer.alloc(31))).toThrow(TypeError);
  });

  it('resumes from stored nodes and carries on with the same roots', async () => {
    const hashes = leaves(777);
    const store = new InMemoryNodeStore();
    const tree = new MerkleTreeAppender();
    for (const h of hashes.slice(0, 500)) store.add(tree.append(h));

    store.reads = 0;
    const resumed = await MerkleTreeAppender.resume(500, store);
    expect(store.reads).toBe(frontierKeys(500).length);
    expect(resumed.root().equals(tree.root())).toBe(true);
    for (const h of hashes.slice(500)) {
      store.add(resumed.append(h));
      tree.append(h);
    }
    expect(resumed.root().equals(tree.root())).toBe(true);
    expect(resumed.root().equals(rootFromLeaves(hashes))).toBe(true);

    const fromFrontier = MerkleTreeAppender.fromFrontier(
      tree.size,
      tree.frontier().map((x) => x.hash),
    );
    expect(fromFrontier.root().equals(tree.root())).toBe(true);
    expect(() => MerkleTreeAppender.fromFrontier(5, [EMPTY_ROOT])).toThrow(/2 frontier nodes/);
    expect((await MerkleTreeAppender.resume(0, store)).root().equals(EMPTY_ROOT)).toBe(true);
  });
});

describe('MerkleFrontier', () => {
  it('gives the reference root after every append, sizes 1..300, leaves read by offset from one buffer', () => {
    const all = leaves(300);
    // Leaves packed one after another, at offsets that are not multiples of 32, as in a worker's batch.
    const packed = Buffer.concat([Buffer.from([7]), ...all]);
    const frontier = new MerkleFrontier();
    expect(frontier.root()).toEqual(EMPTY_ROOT);
    all.forEach((_, i) => {
      frontier.append(packed, 1 + 32 * i);
      expect(frontier.size).toBe(i + 1);
      expect(frontier.root()).toEqual(rootFromLeaves(all.slice(0, i + 1)));
    });
  });

  it('does not depend on the caller keeping the leaf buffer unchanged', () => {
    const all = leaves(5);
    const scratch = Buffer.alloc(32);
    const frontier = new MerkleFrontier();
    for (const leaf of all) {
      leaf.copy(scratch);
      frontier.append(scratch, 0);
      scratch.fill(0xff);
    }
    expect(frontier.root()).toEqual(rootFromLeaves(all));
  });
});

describe('rangeKeys / frontierKeys', () => {
  it('tiles ranges with the largest aligned perfect subtrees', () => {
    expect(frontierKeys(0)).toEqual([]);
    expect(frontierKeys(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierKeys(6)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(frontierKeys(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rangeKeys(8, 15)).toEqual([
      { level: 2, index: 2 },
      { level: 1, index: 6 },
      { level: 0, index: 14 },
    ]);
    expect(rangeKeys(3, 9)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 0, index: 8 },
    ]);
    expect(() => rangeKeys(5, 4)).toThrow(RangeError);
  });

  it('handles sizes far beyond 2^32 without bitwise overflow', () => {
    const size = 2 ** 40 + 2 ** 33 + 5;
    expect(frontierKeys(size)).toEqual([
      { level: 40, index: 0 },
      { level: 33, index: 2 ** 7 },
      { level: 2, index: (2 ** 40 + 2 ** 33) / 4 },
      { level: 0, index: 2 ** 40 + 2 ** 33 + 4 },
    ]);
  });
});

describe('InMemoryNodeStore', () => {
  it('serves the root of every past size from stored nodes', async () => {
    const hashes = leaves(150);
    const store = new InMemoryNodeStore();
    const tree = new MerkleTreeAppender();
    for (const h of hashes) store.add(tree.append(h));
    expect((await rootFromNodes(0, store)).equals(EMPTY_ROOT)).toBe(true);
    for (let size = 1; size <= hashes.length; size++) {
      expect((await rootFromNodes(size, store)).equals(rootFromLeaves(hashes.slice(0, size)))).toBe(true);
    }
  });

  it('throws MissingNodeError for nodes it does not hold, and refuses gaps and rewrites', async () => {
    const store = new InMemoryNodeStore();
    const tree = new MerkleTreeAppender();
    for (const h of leaves(5)) store.add(tree.append(h));
    await expect(store.getNodes([{ level: 0, index: 5 }])).rejects.toThrow(MissingNodeError);
    await expect(store.getNodes([{ level: 2, index: 1 }])).rejects.toThrow(/level 2 index 1/);
    await expect(store.getNodes([{ level: 0, index: -1 }])).rejects.toThrow(MissingNodeError);
    await expect(store.getNodes([{ level: -1, index: 0 }])).rejects.toThrow(MissingNodeError);
    await expect(store.getNodes([{ level: 0, index: 0.5 }])).rejects.toThrow(MissingNodeError);
    await expect(rootFromNodes(6, store)).rejects.toThrow(MissingNodeError);
    expect(() => store.put([{ level: 0, index: 7, hash: EMPTY_ROOT }])).toThrow(/gap/);
    expect(() => store.put([{ level: 0, index: 1, hash: EMPTY_ROOT }])).toThrow(/different hash/);
    // Re-adding the same node is harmless (an idempotent retry).
    const again = await store.getNodes([{ level: 1, index: 0 }]);
    store.put([{ level: 1, index: 0, hash: again[0] as Buffer }]);
  });

  it('hands out copies, so callers cannot corrupt the store', async () => {
    const store = new InMemoryNodeStore();
    store.add(new MerkleTreeAppender().append(leafHash(Buffer.from('x'))));
    const [first] = await store.getNodes([{ level: 0, index: 0 }]);
    (first as Buffer).fill(0);
    const [second] = await store.getNodes([{ level: 0, index: 0 }]);
    expect((second as Buffer).equals(leafHash(Buffer.from('x')))).toBe(true);
  });
});
