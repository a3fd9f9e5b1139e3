import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import {
  CheckpointError,
  ed25519PublicKey,
  encodeVerifierKey,
  formatNoteSignature,
  type NoteSignature,
  noteKeyId,
  type NoteSigner,
  parseSignedNote,
  parseVerifierKey,
  type ParsedVerifierKey,
  rawPublicKey,
  type SignedNote,
} from './checkpoint';

/**
 * C2SP tlog-cosignature, Ed25519 `cosignature/v1` (signed-note signature type 0x04): a witness's
 * timestamped statement that, as of that time, this is the largest consistent tree it has seen
 * for the log.
 *
 *   signed message  "cosignature/v1\n" "time <POSIX seconds>\n" <checkpoint note text>
 *   signature line  — <witness name> base64(4-byte key ID || 8-byte big-endian timestamp || 64-byte Ed25519 signature)
 *   key ID          SHA-256(<witness name> || 0x0A || 0x04 || 32-byte public key)[:4]
 *   vkey            <witness name>+<hex key ID>+base64(0x04 || 32-byte public key)
 */
export const COSIGNATURE_V1_TYPE = 0x04;
const HEADER = 'cosignature/v1\n';
const TIMESTAMP_BYTES = 8;
const SIGNATURE_BYTES = 64;
/** The spec caps timestamps at 2^63 − 1; JavaScript numbers are exact up to 2^53 − 1, far beyond any real clock. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/**
 * A witness as a verifier knows it: by vkey (name and key, so its key ID), or by bare key as
 * sigsum policies give it; then a signature line counts when its key ID matches its own name
 * with this key.
 */
export type WitnessKey = {
  readonly publicKey: KeyObject;
  /** 32 bytes. */
  readonly raw: Buffer;
} & ({ readonly name: string; readonly keyId: Buffer } | { readonly name?: undefined; readonly keyId?: undefined });

export type CosignatureCheck =
  | { readonly status: 'valid'; readonly name: string; readonly timestamp: number }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly name: string; readonly reason: string };

export function cosignatureKeyId(name: string, publicKey: KeyObject | Buffer): Buffer {
  return noteKeyId(name, COSIGNATURE_V1_TYPE, publicKey);
}

export function encodeWitnessVerifierKey(name: string, publicKey: KeyObject | Buffer): string {
  return encodeVerifierKey(name, publicKey, COSIGNATURE_V1_TYPE);
}

/** A witness's vkey (type byte 0x04), checked like any vkey. */
export function parseWitnessVerifierKey(vkey: string): ParsedVerifierKey {
  return parseVerifierKey(vkey, COSIGNATURE_V1_TYPE);
}

export function witnessKeyFromVkey(vkey: string): WitnessKey {
  const parsed = parseWitnessVerifierKey(vkey);
  return { name: parsed.name, keyId: parsed.keyId, publicKey: parsed.publicKey, raw: rawPublicKey(parsed.publicKey) };
}

/** A witness known by its 32-byte Ed25519 key alone. */
export function bareWitnessKey(raw: Buffer): WitnessKey {
  return { publicKey: ed25519PublicKey(raw), raw };
}

/** The exact bytes a cosignature/v1 signs over a checkpoint's note text. */
export function cosignatureMessage(noteText: string, timestamp: number): Buffer {
  checkTimestamp(timestamp);
  if (!noteText.endsWith('\n')) throw new CheckpointError('note-malformed', 'note text must end with a newline');
  return Buffer.from(`${HEADER}time ${timestamp}\n${noteText}`, 'utf8');
}

/** Cosign a checkpoint's note text at `timestamp` (POSIX seconds, > 0): one signature line, newline included. */
export function cosignNoteText(noteText: string, signer: NoteSigner, timestamp: number): string {
  if (signer.privateKey.type !== 'private' || signer.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new CheckpointError('key-invalid', 'witness key must be an Ed25519 private key');
  }
  if (timestamp === 0) throw new CheckpointError('checkpoint-malformed', 'a cosignature/v1 timestamp must not be 0');
  const stamp = Buffer.alloc(TIMESTAMP_BYTES);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignatureMessage(noteText, timestamp), signer.privateKey);
  return formatNoteSignature({
    name: signer.name,
    keyId: cosignatureKeyId(signer.name, createPublicKey(signer.privateKey)),
    signature: Buffer.concat([stamp, signature]),
  });
}

/**
 * The cosignature of `witness` on a signed note, per signed-note: lines from other keys are
 * ignored; every line whose name and key ID are the witness's must verify (one that does not
 * makes the cosignature `invalid`, even beside a good one); none at all is `missing`.
 */
export function checkCosignature(note: SignedNote, witness: WitnessKey): CosignatureCheck {
  const mine = note.signatures.filter((s) => isWitnessLine(s, witness));
  if (mine.length === 0) return { status: 'missing' };
  let valid: CosignatureCheck | undefined;
  for (const line of mine) {
    const result = checkLine(note.text, line, witness.publicKey);
    if (result.status !== 'valid') return result;
    valid = result;
  }
  return valid as CosignatureCheck;
}

/** The cosignature lines of a witness's answer (signature lines only), each checked against the cosigned note text. */
export function checkCosignatureLines(noteText: string, lines: string, witness: WitnessKey): CosignatureCheck {
  return checkCosignature(parseSignedNote(`${noteText}\n${lines}`), witness);
}

function isWitnessLine(line: NoteSignature, witness: WitnessKey): boolean {
  if (witness.name !== undefined) return line.name === witness.name && line.keyId.equals(witness.keyId);
  return line.keyId.equals(cosignatureKeyId(line.name, witness.raw));
}

function checkLine(text: string, line: NoteSignature, publicKey: KeyObject): CosignatureCheck {
  const invalid = (reason: string): CosignatureCheck => ({ status: 'invalid', name: line.name, reason });
  if (line.signature.length !== TIMESTAMP_BYTES + SIGNATURE_BYTES)
    return invalid(
      `its signature is ${line.signature.length} bytes, not ${TIMESTAMP_BYTES} (timestamp) + ${SIGNATURE_BYTES}`,
    );
  const stamp = line.signature.readBigUInt64BE(0);
  if (stamp === 0n) return invalid('its timestamp is 0');
  if (stamp > BigInt(MAX_TIMESTAMP)) return invalid(`its timestamp ${stamp} is beyond any clock`);
  const timestamp = Number(stamp);
  const ok = verify(null, cosignatureMessage(text, timestamp), publicKey, line.signature.subarray(TIMESTAMP_BYTES));
  return ok
    ? { status: 'valid', name: line.name, timestamp }
    : invalid('its signature does not verify over cosignature/v1, its time and this checkpoint');
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP)
    throw new CheckpointError('checkpoint-malformed', `cosignature timestamp ${timestamp} is not a POSIX time`);
}
