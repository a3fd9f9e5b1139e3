import { base64ToBytes, Bytes, equalBytes, sha256 } from './bytes';

/**
 * C2SP signed-note checkpoints, checked with WebCrypto's Ed25519 (as libs/audit does on the
 * server and `accord verify` offline): `<origin>\n<size>\n<base64 root>\n`, a blank line, then
 * `— <key name> <base64(4-byte key ID ‖ signature)>` lines.
 */
export interface VerifiedCheckpoint {
  origin: string;
  treeSize: number;
  root: Uint8Array;
}

export class CheckpointInvalid extends Error {}

/** Parses the signed-note verifier key `<name>+<hex key ID>+<base64(0x01 ‖ 32-byte key)>`. */
export function parseVkey(vkey: string): { name: string; keyId: Uint8Array; publicKey: Bytes } {
  // The key's base64 may itself hold '+': only the first two separate fields.
  const match = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey);
  if (!match) throw new CheckpointInvalid('the public key is not a signed-note verifier key');
  const [, name, keyIdHex, keyB64] = match as unknown as [string, string, string, string];
  const raw = base64ToBytes(keyB64);
  if (raw.length !== 33 || raw[0] !== 1) throw new CheckpointInvalid('the public key is not an Ed25519 verifier key');
  return {
    name,
    keyId: Uint8Array.from(keyIdHex.match(/../g) as string[], (b) => parseInt(b, 16)),
    publicKey: raw.slice(1),
  };
}

export async function verifyCheckpointNote(note: string, vkey: string): Promise<VerifiedCheckpoint> {
  const key = parseVkey(vkey);
  // The key ID must be the one the key itself gives, or a look-alike key could stand in.
  const expectedId = (await sha256(new TextEncoder().encode(`${key.name}\n`), Uint8Array.of(1), key.publicKey)).slice(
    0,
    4,
  );
  if (!equalBytes(expectedId, key.keyId)) throw new CheckpointInvalid('the public key’s ID does not match the key');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointInvalid('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2, -1).split('\n');
  const cryptoKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  let signed = false;
  for (const line of signatureLines) {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match || match[1] !== key.name) continue;
    const blob = base64ToBytes(match[2] as string);
    if (blob.length !== 68 || !equalBytes(blob.slice(0, 4), key.keyId)) continue;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, blob.slice(4), new TextEncoder().encode(text)))
      signed = true;
  }
  if (!signed) throw new CheckpointInvalid(`the checkpoint carries no valid signature by ${key.name}`);
  const [origin, size, root] = text.slice(0, -1).split('\n');
  if (origin !== key.name) throw new CheckpointInvalid(`the checkpoint is for ${origin}, not ${key.name}`);
  if (!/^(0|[1-9][0-9]*)$/.test(size ?? '')) throw new CheckpointInvalid('the checkpoint’s tree size is malformed');
  const rootBytes = base64ToBytes(root ?? '');
  if (rootBytes.length !== 32) throw new CheckpointInvalid('the checkpoint’s root hash is malformed');
  return { origin, treeSize: Number(size), root: rootBytes };
}
