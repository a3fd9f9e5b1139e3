import { createHash } from 'node:crypto';

/** RFC 9162 §2.1.1: a leaf is hashed with a 0x00 prefix, an interior node with 0x01. */
export function leafHash(leafBytes: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leafBytes).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
