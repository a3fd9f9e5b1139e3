import { createPrivateKey, type KeyObject } from 'node:crypto';

/** The Ed25519 private key of a 32-byte RFC 8032 seed (PKCS#8 wrapping), for keys a test or a vector must reproduce. */
export function ed25519KeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

/**
 * The key-encryption key every API of the suites shares (base64 of 32 bytes), as processes of
 * one deployment must: an API started on another data directory would otherwise make its own
 * and could not open the data keys the first one wrapped.
 */
export const TEST_KEK = Buffer.alloc(32, 0x4b).toString('base64');
