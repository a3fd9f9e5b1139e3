import { equalBytes, sha256 } from './bytes';

/** RFC 9162 §2.1.1: leaves are hashed with a 0x00 prefix, interior nodes with 0x01. */
export function leafHash(leafData: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(0), leafData);
}

function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(Uint8Array.of(1), left, right);
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof leads to, from the leaf hash at `leafIndex` in a
 * tree of `treeSize` leaves; undefined when the proof has the wrong shape for that position.
 */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
): Promise<Uint8Array | undefined> {
  if (leafIndex < 0 || leafIndex >= treeSize) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export async function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== undefined && equalBytes(computed, root);
}
