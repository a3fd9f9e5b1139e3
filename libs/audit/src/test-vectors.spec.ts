import { createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { canonicalBytes, canonicalize } from './canonical-json';
import {
  encodeVerifierKey,
  formatCheckpoint,
  rawPublicKey,
  signCheckpoint,
  verifySignedCheckpoint,
} from './checkpoint';
import { leafHash } from './leaf-hash';
import { EMPTY_ROOT, InMemoryNodeStore, MerkleTreeAppender, rootFromNodes } from './merkle-tree';
import { consistencyProof, inclusionProof, rootFromLeaves, verifyConsistency, verifyInclusion } from './proofs';
import { ed25519KeyFromSeed } from '../../../test/support/test-keys';
import { reproducesVectorFile } from '../../../test/support/vector-file';

/**
 * libs/audit/test-vectors/rfc9162.json is produced by this code and checked in, so that an
 * independent implementation (the offline verifier, a partner's auditor) can check itself
 * against it. This suite regenerates it and insists the file is byte-identical, and checks the
 * file against values published by others (RFC 6962 test tree, transparency-dev/merkle).
 *
 * After an intentional format change: UPDATE_AUDIT_VECTORS=1 npx jest --selectProjects unit -- libs/audit/src/test-vectors
 */
const VECTORS_PATH = join(__dirname, '..', 'test-vectors', 'rfc9162.json');

interface TreeVectors {
  name: string;
  description: string;
  leaves: { input: string; leafHash: string }[];
  roots: { size: number; root: string }[];
  inclusion: { leafIndex: number; treeSize: number; proof: string[] }[];
  consistency: { oldSize: number; newSize: number; proof: string[] }[];
}

interface Vectors {
  format: string;
  description: string;
  hash: string;
  leafHash: string;
  nodeHash: string;
  emptyRoot: string;
  trees: TreeVectors[];
  canonicalJson: { value: unknown; canonical: string; leafHash: string }[];
  checkpoint: {
    description: string;
    keyName: string;
    ed25519Seed: string;
    publicKey: string;
    vkey: string;
    origin: string;
    treeSize: number;
    rootHash: string;
    body: string;
    signedNote: string;
  };
}

const hex = (b: Buffer) => b.toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

/** The RFC 6962 / certificate-transparency test tree. */
const RFC6962_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

async function treeVectors(
  name: string,
  description: string,
  inputs: string[],
  inclusionPairs: [number, number][],
  consistencyPairs: [number, number][],
): Promise<TreeVectors> {
  const hashes = inputs.map((input) => leafHash(unhex(input)));
  const store = new InMemoryNodeStore();
  const tree = new MerkleTreeAppender();
  const roots: TreeVectors['roots'] = [];
  for (const h of hashes) {
    store.add(tree.append(h));
    roots.push({ size: tree.size, root: hex(tree.root()) });
  }
  return {
    name,
    description,
    leaves: inputs.map((input, i) => ({ input, leafHash: hex(hashes[i] as Buffer) })),
    roots,
    inclusion: await Promise.all(
      inclusionPairs.map(async ([leafIndex, treeSize]) => ({
        leafIndex,
        treeSize,
        proof: (await inclusionProof(leafIndex, treeSize, store)).map(hex),
      })),
    ),
    consistency: await Promise.all(
      consistencyPairs.map(async ([oldSize, newSize]) => ({
        oldSize,
        newSize,
        proof: (await consistencyProof(oldSize, newSize, store)).map(hex),
      })),
    ),
  };
}

function allInclusionPairs(maxSize: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let size = 1; size <= maxSize; size++) for (let i = 0; i < size; i++) pairs.push([i, size]);
  return pairs;
}

function allConsistencyPairs(maxSize: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let n = 1; n <= maxSize; n++) for (let m = 1; m <= n; m++) pairs.push([m, n]);
  return pairs;
}

/** Test-only key: the RFC 8032 seed is the bytes 0x00..0x1f. Never use it for anything real. */
function testVectorKey(): { seed: Buffer; privateKey: KeyObject } {
  const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  return { seed, privateKey: ed25519KeyFromSeed(seed) };
}

async function generate(): Promise<Vectors> {
  const rfc6962 = await treeVectors(
    'rfc6962-8',
    'The 8-leaf test tree of RFC 6962 implementations (certificate-transparency, transparency-dev/merkle): every root, every inclusion proof and every consistency proof.',
    RFC6962_INPUTS,
    allInclusionPairs(8),
    allConsistencyPairs(8),
  );
  const bytes64 = Array.from({ length: 64 }, (_, i) => Buffer.from([i]).toString('hex'));
  const extended = await treeVectors(
    'bytes-64',
    'Leaf i is the single byte i, for i in 0..63: every root 1..64, inclusion proofs for every leaf at sizes 13 and 33, consistency proofs into 33 and into 64.',
    bytes64,
    [
      ...Array.from({ length: 13 }, (_, i): [number, number] => [i, 13]),
      ...Array.from({ length: 33 }, (_, i): [number, number] => [i, 33]),
    ],
    [
      ...Array.from({ length: 33 }, (_, m): [number, number] => [m + 1, 33]),
      [1, 64],
      [13, 64],
      [31, 64],
      [32, 64],
      [33, 64],
      [63, 64],
      [64, 64],
    ],
  );

  const canonicalValues: unknown[] = [
    { b: 1, a: 'x' },
    {
      numbers: [333333333.3333333, 1e30, 4.5, 0.002, 0.000001],
      string: '\u20ac$\u000f\nA\'B"\\\\"/',
      literals: [null, true, false],
    },
    {
      type: 'DecisionRecorded',
      stream: 'decision-42',
      revision: 1,
      data: { title: 'Caf\u00e9 \ud83d\ude00', votes: [3, 0, 1.5e-7] },
    },
  ];

  const { seed, privateKey } = testVectorKey();
  const keyName = 'accord.example/test-vectors';
  const rootHash = unhex((rfc6962.roots[7] as { root: string }).root);
  const checkpoint = { origin: keyName, size: 8, rootHash };
  return {
    format: 'accord-audit-test-vectors/1',
    description:
      'RFC 9162 Merkle tree, proof and C2SP checkpoint test vectors for Accord audit logs; see README.md in this folder. All byte strings are lower-case hex unless stated.',
    hash: 'SHA-256',
    leafHash: 'SHA-256(0x00 || input)',
    nodeHash: 'SHA-256(0x01 || left || right)',
    emptyRoot: hex(EMPTY_ROOT),
    trees: [rfc6962, extended],
    canonicalJson: canonicalValues.map((value) => ({
      value,
      canonical: canonicalize(value),
      leafHash: hex(leafHash(canonicalBytes(value))),
    })),
    checkpoint: {
      description:
        'The rfc6962-8 tree at size 8 as a C2SP tlog-checkpoint signed note, Ed25519 (deterministic, RFC 8032) with a test-only key whose seed is given.',
      keyName,
      ed25519Seed: hex(seed),
      publicKey: hex(rawPublicKey(createPublicKey(privateKey))),
      vkey: encodeVerifierKey(keyName, createPublicKey(privateKey)),
      origin: keyName,
      treeSize: 8,
      rootHash: hex(rootHash),
      body: formatCheckpoint(checkpoint),
      signedNote: signCheckpoint(checkpoint, { name: keyName, privateKey }),
    },
  };
}

describe('test vectors (libs/audit/test-vectors/rfc9162.json)', () => {
  let file: Vectors;
  reproducesVectorFile(VECTORS_PATH, generate, (loaded) => (file = loaded));

  it('hold the published RFC 6962 roots and leaf hashes of the 8-leaf test tree', () => {
    // Roots for sizes 1..8 and the empty tree, as published with transparency-dev/merkle
    // (proof/verify_test.go, rfc6962 tests) and certificate-transparency.
    const published = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const tree = file.trees[0] as TreeVectors;
    expect(file.emptyRoot).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(tree.leaves.map((l) => l.input)).toEqual(RFC6962_INPUTS);
    expect(tree.roots.map((r) => r.root)).toEqual(published);
    // The hash of the empty leaf is the root of the 1-leaf tree.
    expect(tree.leaves[0]?.leafHash).toBe(published[0]);
    const hashes = RFC6962_INPUTS.map((input) => leafHash(unhex(input)));
    published.forEach((root, i) => expect(hex(rootFromLeaves(hashes.slice(0, i + 1)))).toBe(root));
  });

  it('hold the published inclusion and consistency proofs (transparency-dev/merkle proof/verify_test.go)', () => {
    const tree = file.trees[0] as TreeVectors;
    const inclusion = (leafIndex: number, treeSize: number) =>
      tree.inclusion.find((p) => p.leafIndex === leafIndex && p.treeSize === treeSize)?.proof;
    const consistency = (oldSize: number, newSize: number) =>
      tree.consistency.find((p) => p.oldSize === oldSize && p.newSize === newSize)?.proof;
    // transparency-dev numbers leaves from 1 in this table; these are 0-based indices.
    expect(inclusion(0, 1)).toEqual([]);
    expect(inclusion(0, 8)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(inclusion(5, 8)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(inclusion(2, 3)).toEqual(['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']);
    expect(inclusion(1, 5)).toEqual([
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(consistency(1, 1)).toEqual([]);
    expect(consistency(1, 8)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(consistency(6, 8)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistency(2, 5)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(consistency(6, 7)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('verify with the verifiers alone (what an independent checker does with the file)', () => {
    for (const tree of file.trees) {
      const hashes = tree.leaves.map((l) => unhex(l.leafHash));
      tree.leaves.forEach((l) => expect(hex(leafHash(unhex(l.input)))).toBe(l.leafHash));
      for (const { size, root } of tree.roots) expect(hex(rootFromLeaves(hashes.slice(0, size)))).toBe(root);
      const rootAt = (size: number) => unhex(tree.roots[size - 1]?.root as string);
      for (const p of tree.inclusion) {
        expect({
          ...p,
          ok: verifyInclusion(
            hashes[p.leafIndex] as Buffer,
            p.leafIndex,
            p.treeSize,
            p.proof.map(unhex),
            rootAt(p.treeSize),
          ),
        }).toEqual({ ...p, ok: true });
      }
      for (const p of tree.consistency) {
        expect({
          ...p,
          ok: verifyConsistency(p.oldSize, p.newSize, rootAt(p.oldSize), rootAt(p.newSize), p.proof.map(unhex)),
        }).toEqual({ ...p, ok: true });
      }
    }
    for (const c of file.canonicalJson) {
      expect(canonicalize(c.value)).toBe(c.canonical);
      expect(hex(leafHash(Buffer.from(c.canonical, 'utf8')))).toBe(c.leafHash);
    }
    const cp = file.checkpoint;
    expect(verifySignedCheckpoint(cp.signedNote, cp.vkey, { origin: cp.origin })).toEqual({
      origin: cp.origin,
      size: cp.treeSize,
      rootHash: unhex(cp.rootHash),
    });
    expect(cp.signedNote.startsWith(`${cp.body}\n`)).toBe(true);
  });

  it('agree with roots served from stored nodes', async () => {
    const tree = file.trees[1] as TreeVectors;
    const store = new InMemoryNodeStore();
    const appender = new MerkleTreeAppender();
    for (const l of tree.leaves) store.add(appender.append(unhex(l.leafHash)));
    for (const { size, root } of tree.roots) expect(hex(await rootFromNodes(size, store))).toBe(root);
  });
});
