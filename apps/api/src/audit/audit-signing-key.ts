import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodeVerifierKey, ed25519KeyId, rawPublicKey } from '@accord/audit';
import { UnavailableError } from '@accord/platform';
import type { AuditConfig } from '../config/app-config';

/** The key that signs checkpoints, and the forms its public half is published in. */
export interface AuditSigningKey {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly vkey: string;
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly publicKeyRaw: Buffer;
  readonly path: string;
}

export class AuditKeyError extends UnavailableError {
  constructor(message: string) {
    super('audit-key-unavailable', message);
  }
}

/**
 * Loads the Ed25519 PKCS#8 PEM named by AUDIT_SIGNING_KEY_FILE. Only the embedded default's own
 * file (no variable set) is created when missing: a named file that is absent is a deployment
 * mistake, and signing with a fresh key would orphan every earlier checkpoint. A file readable by
 * group or others is refused, as ssh does.
 */
export async function loadAuditSigningKey(config: Pick<AuditConfig, 'signingKeyFile' | 'createSigningKey' | 'origin'>): Promise<AuditSigningKey> {
  const path = config.signingKeyFile;
  let pem = await readPrivate(path);
  if (pem === undefined) {
    if (!config.createSigningKey) throw new AuditKeyError(`AUDIT_SIGNING_KEY_FILE ${path} does not exist`);
    pem = await createKeyFile(path);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new AuditKeyError(`${path} does not hold a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditKeyError(`${path} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; checkpoints are signed with Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return Object.freeze({
    name: config.origin,
    privateKey,
    vkey: encodeVerifierKey(config.origin, publicKey),
    keyId: ed25519KeyId(config.origin, publicKey).toString('hex'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyRaw: rawPublicKey(publicKey),
    path,
  });
}

async function readPrivate(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuditKeyError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new AuditKeyError(`${path} is accessible by group or others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
  }
  return readFile(path, 'utf8');
}

/** Written to a temporary file then hard-linked into place, so two starting processes agree on one key. */
async function createKeyFile(path: string): Promise<string> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const theirs = await readPrivate(path);
    if (theirs === undefined) throw new AuditKeyError(`${path} vanished while being created`);
    return theirs;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return pem;
}
