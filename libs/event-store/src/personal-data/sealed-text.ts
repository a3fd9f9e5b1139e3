/**
 * A personal-data field as the log holds it (DESIGN §4): AES-256-GCM under its data subject's own
 * key, kept as a string so the event's shape and types stay the same and any reader can tell a
 * sealed value from plain text without knowing the event type.
 *
 *   pd1:<base64url(subject personId)>:<base64url(iv ‖ ciphertext ‖ tag)>
 *
 * The subject is in the clear (a personId is already in the event beside it) so a reader can
 * fetch the right key for a value found anywhere: in an envelope, a read model's row, a trail
 * line. It is also the additional authenticated data, so a value moved to another person's
 * event does not open under their key.
 *
 * Exempt information (Schedule 12A) is sealed the same way with the prefix `ex1:`, its subject
 * being the partnership whose parties may read it: a reader tells the two apart because who may
 * open them differs (anyone who may read the route for personal data, only the parties' members
 * for exempt values).
 */
import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

export const ERASED = '[erased]';
/** What a reader without need to know sees in place of an exempt value. */
export const WITHHELD = '[withheld]';
export const DATA_KEY_BYTES = 32;

export type SealedKind = 'personal' | 'exempt';
const PREFIXES: Record<SealedKind, string> = { personal: 'pd1:', exempt: 'ex1:' };
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^(pd1|ex1):([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/;
/** Sealed values inside longer text (a trail line quoting an interest): base64url has no ':' or space. */
export const SEALED_IN_TEXT = /(?:pd1|ex1):[A-Za-z0-9_-]+:[A-Za-z0-9_-]+/g;

/** Whether `s` may hold a sealed value: a cheap test before a full search. */
export function maySealIn(s: string): boolean {
  return s.includes('pd1:') || s.includes('ex1:');
}

export interface SealedText {
  kind: SealedKind;
  subject: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Encrypts `plaintext` for `subject`. `iv` is for fixed test vectors only: GCM must never reuse one.
 * A key used for many values is best given as a KeyObject (createSecretKey): given as bytes, Node
 * makes a key object of them for every value, several times the cost of the encryption itself.
 */
export function sealText(
  plaintext: string,
  subject: string,
  dataKey: Buffer | KeyObject,
  iv: Buffer = freshIv(),
  kind: SealedKind = 'personal',
): string {
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(kind, subject));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
  return `${PREFIXES[kind]}${Buffer.from(subject, 'utf8').toString('base64url')}:${payload.toString('base64url')}`;
}

/**
 * IVs are cut from a block of random bytes, each used once: a call to the random source per value
 * cost a third of sealing it.
 */
let ivs = Buffer.alloc(0);
let nextIv = 0;
function freshIv(): Buffer {
  if (nextIv + IV_BYTES > ivs.length) {
    ivs = randomBytes(IV_BYTES * 512);
    nextIv = 0;
  }
  return ivs.subarray(nextIv, (nextIv += IV_BYTES));
}

export interface SealedHeader {
  kind: SealedKind;
  subject: string;
}

/** Whose a sealed value is, without decoding the rest (an opened value may be remembered); null when not one. */
export function sealedHeader(value: string): SealedHeader | null {
  const match = SEALED.exec(value);
  if (!match) return null;
  return {
    kind: match[1] === 'ex1' ? 'exempt' : 'personal',
    subject: Buffer.from(match[2], 'base64url').toString('utf8'),
  };
}

/** The parts of a sealed value, or null when `value` is not one (plain text, or not a string). */
export function parseSealed(value: unknown): SealedText | null {
  if (typeof value !== 'string') return null;
  const match = SEALED.exec(value);
  if (!match) return null;
  const payload = Buffer.from(match[3], 'base64url');
  if (payload.length < IV_BYTES + TAG_BYTES) return null;
  return {
    kind: match[1] === 'ex1' ? 'exempt' : 'personal',
    subject: Buffer.from(match[2], 'base64url').toString('utf8'),
    iv: payload.subarray(0, IV_BYTES),
    ciphertext: payload.subarray(IV_BYTES, payload.length - TAG_BYTES),
    tag: payload.subarray(payload.length - TAG_BYTES),
  };
}

/** Decrypts; throws when the key is not the subject's or the value was altered. */
export function openSealed(sealed: SealedText, dataKey: Buffer | KeyObject): string {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(sealed.kind, sealed.subject));
  decipher.setAuthTag(sealed.tag);
  const plaintext = decipher.update(sealed.ciphertext).toString('utf8');
  // Throws unless the tag verifies: nothing decrypted is returned before.
  decipher.final();
  return plaintext;
}

function aad(kind: SealedKind, subject: string): Buffer {
  return Buffer.from(`${PREFIXES[kind]}${subject}`, 'utf8');
}
