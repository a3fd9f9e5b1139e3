import { base64ToBytes, equalBytes, sha256 } from './bytes';

/**
 * C2SP tlog-cosignature `cosignature/v1`, checked with WebCrypto's Ed25519 as libs/audit checks
 * it: the line `— <witness name> base64(4-byte key ID ‖ 8-byte big-endian time ‖ 64-byte
 * signature)` signs `cosignature/v1\ntime <seconds>\n<checkpoint text>`; the key ID is
 * SHA-256(<name> ‖ 0x0A ‖ 0x04 ‖ key)[:4].
 */
export interface WitnessToCheck {
  organisationId: string;
  name: string;
  vkey: string;
}

export type CosignatureVerdict = WitnessToCheck &
  ({ status: 'valid'; at: string } | { status: 'missing' } | { status: 'invalid'; reason: string });

const encoder = new TextEncoder();

export async function checkCosignatures(
  note: string,
  witnesses: readonly WitnessToCheck[],
): Promise<CosignatureVerdict[]> {
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const lines = split < 0 ? [] : note.slice(split + 2, -1).split('\n');
  return Promise.all(witnesses.map((w) => checkOne(text, lines, w)));
}

async function checkOne(text: string, lines: string[], witness: WitnessToCheck): Promise<CosignatureVerdict> {
  const match = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]{44})$/.exec(witness.vkey);
  const raw = match ? base64ToBytes(match[3] as string) : undefined;
  if (!match || !raw || raw.length !== 33 || raw[0] !== 4)
    return { ...witness, status: 'invalid', reason: 'its registered key is not a cosignature/v1 key' };
  const name = match[1] as string;
  const publicKey = raw.slice(1);
  const keyId = (await sha256(encoder.encode(`${name}\n`), Uint8Array.of(4), publicKey)).slice(0, 4);
  if ((match[2] as string) !== [...keyId].map((b) => b.toString(16).padStart(2, '0')).join(''))
    return { ...witness, status: 'invalid', reason: 'its registered key ID does not match its key' };
  const cryptoKey = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  let seen = false;
  for (const line of lines) {
    const parts = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!parts || parts[1] !== name) continue;
    const blob = base64ToBytes(parts[2] as string);
    if (blob.length !== 76 || !equalBytes(blob.slice(0, 4), keyId)) continue;
    seen = true;
    const seconds = Number(new DataView(blob.buffer, blob.byteOffset + 4, 8).getBigUint64(0));
    const message = encoder.encode(`cosignature/v1\ntime ${seconds}\n${text}`);
    if (await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, blob.slice(12), message))
      return { ...witness, status: 'valid', at: new Date(seconds * 1000).toISOString() };
  }
  return seen
    ? { ...witness, status: 'invalid', reason: 'its cosignature does not verify' }
    : { ...witness, status: 'missing' };
}
