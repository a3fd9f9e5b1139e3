import { createHash, hash } from 'node:crypto';

/** Bytes in a hash of the tree (SHA-256): leaf, node and root. */
export const HASH_SIZE = 32;

/** RFC 9162 §2.1.1: a leaf is hashed with a 0x00 prefix, an interior node with 0x01. */
export function leafHash(leafBytes: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafBytes).digest();
}

/**
 * leafHash of a text's UTF-8 bytes, as hex, in one native call: U+0000 is the 0x00 prefix in
 * UTF-8, and a string is hashed as its UTF-8 bytes (a lone surrogate as U+FFFD, as Buffer.from
 * writes it). Every event appended is sealed with it: a Hash object, a Buffer of the text and the
 * digest's Buffer per event cost about three times as much, and the collector had to clear them.
 */
export function leafHashHex(text: string): string {
  return hash('sha256', '\u0000' + text, 'hex');
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE)
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  return nodeHashAt(left, right, 0);
}

/** nodeHash(left, right[at, at + 32]) without a view of `right`. */
export function nodeHashAt(left: Buffer, right: Buffer, at: number): Buffer {
  // The one-shot hash over a reused 65-byte buffer skips a Hash object per node: full-log
  // verification hashes about one node per event, so this is a good part of its cost.
  left.copy(NODE_INPUT, 1, 0, HASH_SIZE);
  right.copy(NODE_INPUT, 33, at, at + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const NODE_INPUT = Buffer.alloc(65, 0x01);
