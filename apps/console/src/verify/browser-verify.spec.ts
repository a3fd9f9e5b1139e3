import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from './bytes';
import { CheckpointInvalid, verifyCheckpointNote } from './checkpoint';
import { leafHash, verifyInclusion } from './merkle';

/**
 * The console checks proofs with WebCrypto in the browser; Node has the same API as
 * globalThis.crypto, so the shared test vectors (libs/audit/test-vectors, also used by the
 * server and the offline verifier) run against the browser code here.
 */
interface Vectors {
  trees: {
    leaves: { input: string; leafHash: string }[];
    roots: { size: number; root: string }[];
    inclusion: { leafIndex: number; treeSize: number; proof: string[] }[];
  }[];
  checkpoint: { vkey: string; signedNote: string; treeSize: number; rootHash: string };
}
const vectors = JSON.parse(
  readFileSync(join(__dirname, '../../../../libs/audit/test-vectors/rfc9162.json'), 'utf8'),
) as Vectors;

describe('browser verification (WebCrypto)', () => {
  const tree = vectors.trees[0] as Vectors['trees'][number];
  const rootOf = (size: number) => hexToBytes(tree.roots.find((r) => r.size === size)?.root as string);

  it('hashes leaves as RFC 9162 does', async () => {
    for (const leaf of tree.leaves) expect(bytesToHex(await leafHash(hexToBytes(leaf.input)))).toBe(leaf.leafHash);
  });

  it('accepts every inclusion proof of the test tree and refuses it for another leaf or root', async () => {
    for (const { leafIndex, treeSize, proof } of tree.inclusion) {
      const leaf = hexToBytes((tree.leaves[leafIndex] as { leafHash: string }).leafHash);
      const path = proof.map(hexToBytes);
      expect(await verifyInclusion(leafIndex, treeSize, leaf, path, rootOf(treeSize))).toBe(true);
      const other = hexToBytes((tree.leaves[(leafIndex + 1) % tree.leaves.length] as { leafHash: string }).leafHash);
      if (treeSize > 1) {
        expect(await verifyInclusion(leafIndex, treeSize, other, path, rootOf(treeSize))).toBe(false);
        expect(await verifyInclusion(leafIndex, treeSize, leaf, path, rootOf(treeSize - 1))).toBe(false);
      }
    }
  });

  it('checks a signed checkpoint’s Ed25519 signature and reads its size and root', async () => {
    const cp = await verifyCheckpointNote(vectors.checkpoint.signedNote, vectors.checkpoint.vkey);
    expect(cp.treeSize).toBe(vectors.checkpoint.treeSize);
    expect(bytesToHex(cp.root)).toBe(vectors.checkpoint.rootHash);
  });

  it('reads a key whose base64 holds "+" (a note and key as a server published them)', async () => {
    const vkey = 'accord.local/log+3214ef98+AV3n9FjS9mmCkEMlQHUAs6FXyXZl+oK+fgxkvj0okC8n';
    const note =
      'accord.local/log\n468\nilpYrqAfzAbiqayhVyQSZ0cOApfd3iQY++TiMgR/h5o=\n\n\u2014 accord.local/log MhTvmPRb+ttQq3g/Z0AJwP54DCWsV9/yS9odGpUvsANDRABJES7LS3FDRObICJ6YwIz63u17Y4HVaKUOnwDbtGxndwE=\n';
    const cp = await verifyCheckpointNote(note, vkey);
    expect(cp).toMatchObject({ origin: 'accord.local/log', treeSize: 468 });
    expect(bytesToHex(cp.root)).toBe('8a5a58aea01fcc06e2a9aca157241267470e0297ddde2418fbe4e232047f879a');
  });

  it('refuses a checkpoint whose body was changed after signing', async () => {
    const note = vectors.checkpoint.signedNote.replace(
      `\n${vectors.checkpoint.treeSize}\n`,
      `\n${vectors.checkpoint.treeSize + 1}\n`,
    );
    await expect(verifyCheckpointNote(note, vectors.checkpoint.vkey)).rejects.toThrow(CheckpointInvalid);
    await expect(verifyCheckpointNote(note, vectors.checkpoint.vkey)).rejects.toThrow(/no valid signature/);
  });
});
