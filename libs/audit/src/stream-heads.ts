import { canonicalBytes } from './canonical-json';
import { HASH_SIZE, leafHash, nodeHash } from './leaf-hash';
import { EMPTY_ROOT, foldRight, frontierKeys } from './merkle-tree';
import type { NodeKey, NodeReader } from './node-reader';
import { inclusionProof, ProofError, rootFromInclusionProof } from './proofs';

/**
 * The stream heads commitment (docs/audit-bundle.md "Stream heads"): an RFC 9162 tree over the
 * last event of every stream at a checkpoint's tree size, one leaf per stream, in the order the
 * streams first appear in the log. Its size and root travel as an extension line of the signed
 * checkpoint, so a bundle that holds only some streams (a partnership's) proves where each of them
 * ends: a dropped tail no longer leaves a bundle that verifies. The order of first appearance is
 * what a whole-log verifier sees anyway, and it keeps a stream's leaf in place as the log grows.
 */
export interface StreamHead {
  streamId: string;
  revision: number;
  /** The leaf hash (in the log's tree) of the stream's last event. */
  leafHash: Buffer;
}

/** The first word of the checkpoint extension line `accord-stream-heads <count> <base64 root>`. */
export const STREAM_HEADS_EXTENSION = 'accord-stream-heads';

export interface StreamHeadsCommitment {
  /** Streams in the log at the checkpoint's size: the heads tree's size. */
  count: number;
  root: Buffer;
}

/** The pre-image of a head's leaf: RFC 8785 JSON `{"leafHash":"<hex>","revision":N,"streamId":"…"}`. */
export function streamHeadBytes(head: StreamHead): Buffer {
  return canonicalBytes({ leafHash: head.leafHash.toString('hex'), revision: head.revision, streamId: head.streamId });
}

export function streamHeadLeafHash(head: StreamHead): Buffer {
  return leafHash(streamHeadBytes(head));
}

export function formatStreamHeadsLine(commitment: StreamHeadsCommitment): string {
  return `${STREAM_HEADS_EXTENSION} ${commitment.count} ${commitment.root.toString('base64')}`;
}

/**
 * The commitment among a checkpoint's extension lines: undefined when there is none (checkpoints
 * signed before it existed); an error when the line is there but not well formed.
 */
export function findStreamHeads(extensions: readonly string[] | undefined): StreamHeadsCommitment | undefined {
  const line = extensions?.find((l) => l.startsWith(`${STREAM_HEADS_EXTENSION} `));
  if (line === undefined) return undefined;
  const match = /^accord-stream-heads (0|[1-9][0-9]{0,15}) ([A-Za-z0-9+/]{43}=)$/.exec(line);
  const root = match ? Buffer.from(match[2] as string, 'base64') : undefined;
  if (!match || root?.length !== HASH_SIZE) throw new RangeError(`the extension line "${line}" is not well formed`);
  return { count: Number(match[1]), root };
}

/** The commitment's root recomputed from the proof of one stream's head; throws ProofError when it is malformed. */
export function streamHeadRoot(head: StreamHead, index: number, count: number, proof: readonly Buffer[]): Buffer {
  return rootFromInclusionProof(streamHeadLeafHash(head), index, count, proof);
}

export function verifyStreamHead(
  head: StreamHead,
  index: number,
  proof: readonly Buffer[],
  commitment: StreamHeadsCommitment,
): boolean {
  try {
    return streamHeadRoot(head, index, commitment.count, proof).equals(commitment.root);
  } catch (err) {
    if (err instanceof ProofError || err instanceof RangeError) return false;
    throw err;
  }
}

/**
 * Every stream's head, kept as the log is read in position order. Leaves are rehashed only when
 * the root or a proof is asked for, and then only the changed ones and their ancestors: the
 * sealer moves thousands of heads between two checkpoints.
 */
export class StreamHeads implements NodeReader {
  private readonly indexOf = new Map<string, number>();
  private readonly heads: StreamHead[] = [];
  /** levels[l][i]: the perfect subtree over leaves [i·2^l, (i+1)·2^l), once it is complete. */
  private readonly levels: Buffer[][] = [[]];
  private readonly dirty = new Set<number>();

  /** Heads given in the order their streams first appeared. */
  static of(heads: Iterable<StreamHead>): StreamHeads {
    const all = new StreamHeads();
    for (const head of heads) all.set(head);
    return all;
  }

  get count(): number {
    return this.heads.length;
  }

  /** Records a stream's new last event (a stream seen for the first time takes the next leaf). */
  set(head: StreamHead): void {
    let index = this.indexOf.get(head.streamId);
    if (index === undefined) {
      index = this.heads.length;
      this.indexOf.set(head.streamId, index);
      this.heads.push(head);
    } else {
      this.heads[index] = head;
    }
    this.dirty.add(index);
  }

  /** In leaf order: the order the streams first appeared in. */
  streamIds(): string[] {
    return this.heads.map((h) => h.streamId);
  }

  get(streamId: string): { head: StreamHead; index: number } | undefined {
    const index = this.indexOf.get(streamId);
    return index === undefined ? undefined : { head: this.heads[index] as StreamHead, index };
  }

  commitment(): StreamHeadsCommitment {
    this.rehash();
    const n = this.heads.length;
    if (n === 0) return { count: 0, root: Buffer.from(EMPTY_ROOT) };
    return { count: n, root: foldRight(frontierKeys(n).map((k) => this.node(k))) };
  }

  /** The RFC 9162 inclusion proof of a stream's head in the current commitment. */
  async proof(streamId: string): Promise<{ head: StreamHead; index: number; proof: Buffer[] } | undefined> {
    const found = this.get(streamId);
    if (found === undefined) return undefined;
    this.rehash();
    return { ...found, proof: await inclusionProof(found.index, this.heads.length, this) };
  }

  async getNodes(keys: readonly NodeKey[]): Promise<Buffer[]> {
    return keys.map((k) => this.node(k));
  }

  private node(key: NodeKey): Buffer {
    const hash = this.levels[key.level]?.[key.index];
    if (hash === undefined) throw new RangeError(`stream heads node ${key.level}/${key.index} is not complete`);
    return hash;
  }

  private rehash(): void {
    if (this.dirty.size === 0) return;
    const n = this.heads.length;
    const leaves = this.levels[0] as Buffer[];
    let changed = [...this.dirty];
    for (const i of changed) leaves[i] = streamHeadLeafHash(this.heads[i] as StreamHead);
    this.dirty.clear();
    for (let level = 1; changed.length > 0; level++) {
      const below = this.levels[level - 1] as Buffer[];
      const here = (this.levels[level] ??= []);
      const parents = new Set<number>();
      // A parent exists once both its halves are complete; the ragged right edge is folded at the root.
      for (const i of changed) if (((i >> 1) + 1) * 2 ** level <= n) parents.add(i >> 1);
      for (const p of parents) here[p] = nodeHash(below[2 * p] as Buffer, below[2 * p + 1] as Buffer);
      changed = [...parents];
    }
  }
}
