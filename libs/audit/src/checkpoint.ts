import { createHash, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint) carried in a C2SP signed note
 * (c2sp.org/signed-note), signed with Ed25519 (signature type 0x01).
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n…]
 *   \n
 *   — <key name> <base64(4-byte key ID || 64-byte Ed25519 signature)>\n
 *
 * The signature covers the note text (the checkpoint body, final newline included, blank
 * separator line excluded). key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4].
 * Verifier keys are published in the signed-note "vkey" form `<name>+<hex key ID>+<base64(0x01 || public key)>`.
 */

export type CheckpointErrorCode =
  | 'note-malformed'
  | 'checkpoint-malformed'
  | 'key-invalid'
  | 'signature-missing'
  | 'signature-invalid'
  | 'origin-mismatch';

export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface Checkpoint {
  /** Log identity, e.g. `accord.example/log`; non-empty, one line. */
  readonly origin: string;
  readonly size: number;
  /** RFC 6962/9162 root hash (32 bytes). */
  readonly rootHash: Buffer;
  /** Optional opaque, non-empty lines after the root hash (not recommended by the spec). */
  readonly extensions?: readonly string[];
}

export interface NoteSignature {
  readonly name: string;
  /** 4 bytes, big-endian key ID. */
  readonly keyId: Buffer;
  /** The signature proper, without the key ID. */
  readonly signature: Buffer;
}

export interface SignedNote {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface SignedCheckpoint extends SignedNote {
  readonly checkpoint: Checkpoint;
}

export interface NoteSigner {
  readonly name: string;
  /** An Ed25519 private KeyObject. */
  readonly privateKey: KeyObject;
}

export interface NoteVerifierKey {
  readonly name: string;
  /** An Ed25519 public KeyObject, or the raw 32-byte public key. */
  readonly publicKey: KeyObject | Buffer;
}

export const ED25519_SIGNATURE_TYPE = 0x01;
/** Verifiers must accept at least 16 signatures (signed-note); beyond this a note is refused. */
export const MAX_NOTE_SIGNATURES = 64;
const SIGNATURE_PREFIX = '\u2014 ';
const ROOT_HASH_BYTES = 32;

// --------------------------------------------------------------------------------------------
// Checkpoint body

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (origin.length === 0 || !isOneLine(origin)) throw malformed('origin must be a non-empty single line');
  if (!Number.isSafeInteger(size) || size < 0)
    throw malformed(`tree size must be a non-negative safe integer, got ${size}`);
  if (!Buffer.isBuffer(rootHash) || rootHash.length !== ROOT_HASH_BYTES)
    throw malformed(`root hash must be ${ROOT_HASH_BYTES} bytes`);
  extensions.forEach((line, i) => {
    if (line.length === 0 || !isOneLine(line)) throw malformed(`extension line ${i} must be a non-empty single line`);
  });
  return [origin, String(size), rootHash.toString('base64'), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parse a checkpoint body (the note text). Does not check any signature. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('checkpoint text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3)
    throw malformed(`checkpoint has ${lines.length} line(s), needs origin, tree size and root hash`);
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw malformed('line 1 (origin) is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine))
    throw malformed(`line 2 (tree size) is not a decimal without leading zeroes: ${JSON.stringify(sizeLine)}`);
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw malformed(`line 2 (tree size) ${sizeLine} is too large`);
  const rootHash = decodeBase64Strict(rootLine);
  if (rootHash === undefined || rootHash.length !== ROOT_HASH_BYTES) {
    throw malformed(`line 3 (root hash) is not the base64 of ${ROOT_HASH_BYTES} bytes: ${JSON.stringify(rootLine)}`);
  }
  extensions.forEach((line, i) => {
    if (line.length === 0) throw malformed(`line ${i + 4} (extension) is empty`);
  });
  return extensions.length > 0 ? { origin, size, rootHash, extensions } : { origin, size, rootHash };
}

// --------------------------------------------------------------------------------------------
// Signed notes

/** Sign a checkpoint: returns the full signed note (body, blank line, one signature line). */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/** Sign arbitrary note text (must end in a newline) with an Ed25519 key. */
export function signNote(text: string, signer: NoteSigner): string {
  checkNoteText(text);
  checkKeyName(signer.name);
  if (signer.privateKey.type !== 'private' || signer.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointError('key-invalid', 'signer key must be an Ed25519 private key');
  }
  const keyId = ed25519KeyId(signer.name, createPublicKey(signer.privateKey));
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n${formatNoteSignature({ name: signer.name, keyId, signature })}`;
}

/** Split a signed note into text and signature lines. Checks structure only, not signatures. */
export function parseSignedNote(note: string | Buffer): SignedNote {
  const str = typeof note === 'string' ? note : decodeUtf8Strict(note);
  if (/\p{Surrogate}/u.test(str))
    throw new CheckpointError('note-malformed', 'note is not valid UTF-8 (lone surrogate)');
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(str);
  if (control)
    throw new CheckpointError(
      'note-malformed',
      `note contains control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} at offset ${control.index}`,
    );
  if (!str.endsWith('\n')) throw new CheckpointError('note-malformed', 'note does not end with a newline');
  // The text is separated from the signatures by the last empty line.
  const split = str.lastIndexOf('\n\n');
  if (split < 0) throw new CheckpointError('note-malformed', 'note has no blank line before its signatures');
  const text = str.slice(0, split + 1);
  const lines = str.slice(split + 2, -1).split('\n');
  if (lines.length === 1 && lines[0] === '') throw new CheckpointError('note-malformed', 'note has no signature lines');
  if (lines.length > MAX_NOTE_SIGNATURES)
    throw new CheckpointError(
      'note-malformed',
      `note has ${lines.length} signatures, more than ${MAX_NOTE_SIGNATURES}`,
    );
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1));
  return { text, signatures };
}

/** Parse a signed checkpoint without verifying it: the contents are untrusted until verified. */
export function parseSignedCheckpoint(note: string | Buffer): SignedCheckpoint {
  const parsed = parseSignedNote(note);
  return { ...parsed, checkpoint: parseCheckpointBody(parsed.text) };
}

/**
 * Verify a note per signed-note: signatures from other keys are ignored; every signature whose
 * name and key ID match the verifier key must verify; at least one must be present. A key already
 * parsed (parseVerifierKey) is used as it is: parsing it again costs about a third of a check.
 */
export function openNote(note: string | Buffer, key: NoteVerifierKey | ParsedVerifierKey | string): SignedNote {
  const parsed = parseSignedNote(note);
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : 'keyId' in key ? key : toVerifier(key);
  const mine = parsed.signatures.filter((s) => s.name === verifier.name && s.keyId.equals(verifier.keyId));
  if (mine.length === 0) {
    const sameName = parsed.signatures.find((s) => s.name === verifier.name);
    const hint = sameName
      ? `; a signature named ${verifier.name} has key ID ${sameName.keyId.toString('hex')}, expected ${verifier.keyId.toString('hex')}`
      : `; signed by: ${parsed.signatures.map((s) => `${s.name}+${s.keyId.toString('hex')}`).join(', ')}`;
    throw new CheckpointError(
      'signature-missing',
      `no signature by ${verifier.name}+${verifier.keyId.toString('hex')}${hint}`,
    );
  }
  const body = Buffer.from(parsed.text, 'utf8');
  for (const s of mine) {
    if (s.signature.length !== 64 || !verify(null, body, verifier.publicKey, s.signature)) {
      throw new CheckpointError(
        'signature-invalid',
        `signature by ${verifier.name}+${verifier.keyId.toString('hex')} does not verify over the note text`,
      );
    }
  }
  return parsed;
}

/**
 * Verify a signed checkpoint against the log's key and return its contents. Throws a
 * CheckpointError whose code names the failed check: note-malformed, signature-missing,
 * signature-invalid, checkpoint-malformed, origin-mismatch, key-invalid.
 */
export function verifySignedCheckpoint(
  note: string | Buffer,
  key: NoteVerifierKey | ParsedVerifierKey | string,
  options: { origin?: string } = {},
): Checkpoint {
  // The text must not be interpreted before its signature is verified.
  const { text } = openNote(note, key);
  const checkpoint = parseCheckpointBody(text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new CheckpointError(
      'origin-mismatch',
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(options.origin)}`,
    );
  }
  return checkpoint;
}

// --------------------------------------------------------------------------------------------
// Keys

/** signed-note key ID: SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]. */
export function ed25519KeyId(name: string, publicKey: KeyObject | Buffer): Buffer {
  return noteKeyId(name, ED25519_SIGNATURE_TYPE, publicKey);
}

/**
 * signed-note key ID for an Ed25519 key under any signature type:
 * SHA-256(name || 0x0A || type || 32-byte public key)[:4]. The type byte separates uses of one
 * key (0x01 note signatures, 0x04 tlog-cosignature/v1).
 */
export function noteKeyId(name: string, signatureType: number, publicKey: KeyObject | Buffer): Buffer {
  checkKeyName(name);
  const raw = rawPublicKey(publicKey);
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([signatureType]))
    .update(raw)
    .digest()
    .subarray(0, 4);
}

/** Verifier key text: `<name>+<8 hex key ID>+<base64(type || 32-byte public key)>`, type 0x01 unless given. */
export function encodeVerifierKey(
  name: string,
  publicKey: KeyObject | Buffer,
  signatureType: number = ED25519_SIGNATURE_TYPE,
): string {
  const raw = rawPublicKey(publicKey);
  const id = noteKeyId(name, signatureType, raw).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.from([signatureType]), raw]).toString('base64')}`;
}

export interface ParsedVerifierKey {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
}

/**
 * Parse a vkey, checking the signature type byte (0x01, Ed25519 note signatures, unless given),
 * the key length and that the key ID matches.
 */
export function parseVerifierKey(vkey: string, signatureType: number = ED25519_SIGNATURE_TYPE): ParsedVerifierKey {
  // The name has no '+'; the base64 part may contain '+', so split on the first two only.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new CheckpointError('key-invalid', 'verifier key is not <name>+<key id>+<key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const material = decodeBase64Strict(vkey.slice(second + 1));
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex))
    throw new CheckpointError('key-invalid', `verifier key ID ${JSON.stringify(idHex)} is not 8 lower-case hex digits`);
  if (material === undefined || material.length !== 33 || material[0] !== signatureType) {
    const type = `0x${signatureType.toString(16).padStart(2, '0')}`;
    const got =
      material !== undefined && material.length === 33
        ? ` (its type byte is 0x${(material[0] as number).toString(16).padStart(2, '0')})`
        : '';
    throw new CheckpointError('key-invalid', `verifier key is not base64(${type} || 32-byte Ed25519 public key)${got}`);
  }
  const publicKey = ed25519PublicKey(material.subarray(1));
  const keyId = noteKeyId(name, signatureType, publicKey);
  if (keyId.toString('hex') !== idHex) {
    throw new CheckpointError(
      'key-invalid',
      `verifier key ID ${idHex} does not match its name and key (expected ${keyId.toString('hex')})`,
    );
  }
  return { name, keyId, publicKey };
}

/** An Ed25519 public KeyObject from the raw 32-byte key. */
export function ed25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 32)
    throw new CheckpointError('key-invalid', `Ed25519 public key must be 32 bytes, got ${raw.length}`);
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch (err) {
    throw new CheckpointError('key-invalid', `not an Ed25519 public key: ${(err as Error).message}`);
  }
}

/** The raw 32-byte Ed25519 public key of a KeyObject (public, or private to derive it). */
export function rawPublicKey(key: KeyObject | Buffer): Buffer {
  if (Buffer.isBuffer(key)) {
    if (key.length !== 32)
      throw new CheckpointError('key-invalid', `Ed25519 public key must be 32 bytes, got ${key.length}`);
    return key;
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new CheckpointError('key-invalid', `key is ${key.asymmetricKeyType ?? key.type}, not Ed25519`);
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const x = pub.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new CheckpointError('key-invalid', 'could not export the Ed25519 public key');
  return Buffer.from(x, 'base64url');
}

// --------------------------------------------------------------------------------------------

function toVerifier(key: NoteVerifierKey): ParsedVerifierKey {
  const raw = rawPublicKey(key.publicKey);
  return {
    name: key.name,
    keyId: ed25519KeyId(key.name, raw),
    publicKey: Buffer.isBuffer(key.publicKey) ? ed25519PublicKey(raw) : key.publicKey,
  };
}

/** One signature line, `— <name> <base64(key ID || signature)>\n`. */
export function formatNoteSignature(s: NoteSignature): string {
  return `${SIGNATURE_PREFIX}${s.name} ${Buffer.concat([s.keyId, s.signature]).toString('base64')}\n`;
}

function parseSignatureLine(line: string, n: number): NoteSignature {
  const bad = (why: string) => new CheckpointError('note-malformed', `signature line ${n}: ${why}`);
  if (!line.startsWith(SIGNATURE_PREFIX)) throw bad('does not start with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space <= 0) throw bad('is not "— <key name> <signature>"');
  const name = rest.slice(0, space);
  if (!isKeyName(name)) throw bad(`key name ${JSON.stringify(name)} is not allowed`);
  const blob = decodeBase64Strict(rest.slice(space + 1));
  if (blob === undefined) throw bad('signature is not standard base64');
  if (blob.length < 5) throw bad('signature is shorter than a key ID and one byte');
  return { name, keyId: Buffer.from(blob.subarray(0, 4)), signature: Buffer.from(blob.subarray(4)) };
}

function checkNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new CheckpointError('note-malformed', 'note text must end with a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text) || /\p{Surrogate}/u.test(text)) {
    throw new CheckpointError(
      'note-malformed',
      'note text must be valid UTF-8 without control characters other than newline',
    );
  }
}

function checkKeyName(name: string): void {
  if (!isKeyName(name))
    throw new CheckpointError(
      'key-invalid',
      `key name ${JSON.stringify(name)} must be non-empty without spaces or '+'`,
    );
}

function isKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && !/[\s+\u0000-\u001f]/u.test(name) && !/\p{Zs}/u.test(name);
}

function isOneLine(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f]/.test(s) && !/\p{Surrogate}/u.test(s);
}

/** Standard RFC 4648 §4 base64 with padding, and nothing Node's lenient decoder would skip. */
export function decodeBase64Strict(s: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  // Reject non-zero padding bits, so each byte string has exactly one accepted encoding.
  return bytes.toString('base64') === s ? bytes : undefined;
}

function decodeUtf8Strict(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CheckpointError('note-malformed', 'note is not valid UTF-8');
  }
}

function malformed(message: string): CheckpointError {
  return new CheckpointError('checkpoint-malformed', message);
}
