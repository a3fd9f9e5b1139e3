import { createHash } from 'node:crypto';

/**
 * The salted commitment to an exempt value (Schedule 12A; DESIGN §4, docs/exempt-information.md):
 *
 *   commitment = lowercase hex SHA-256( salt ‖ UTF-8(value) ), salt = 32 random bytes
 *
 * The salt travels as base64url without padding (43 characters). Without it the commitment says
 * nothing about a guessable value such as a price; with it anyone can check a revealed value.
 */
export const EXEMPT_SALT_BYTES = 32;
const SALT = /^[A-Za-z0-9_-]{43}$/;

export function isExemptSalt(salt: unknown): salt is string {
  return typeof salt === 'string' && SALT.test(salt) && Buffer.from(salt, 'base64url').length === EXEMPT_SALT_BYTES;
}

export function exemptCommitment(salt: string, value: string): string {
  return createHash('sha256').update(Buffer.from(salt, 'base64url')).update(value, 'utf8').digest('hex');
}

/** Whether `salt` and `value` are the ones `commitment` was made from (false for a malformed salt). */
export function opensCommitment(commitment: string, salt: string, value: string): boolean {
  return isExemptSalt(salt) && exemptCommitment(salt, value) === commitment;
}
