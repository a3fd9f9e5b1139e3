/**
 * The embedded default's signing key (DESIGN §7): one Ed25519 keypair kept as a PKCS#8 PEM file,
 * created on first use and reused afterwards, so tokens minted by `accord token` stay valid across
 * restarts. Production verifies against an OIDC issuer's JWKS instead and never needs this file.
 */
import { createPrivateKey, createPublicKey, generateKeyPair as generateNodeKeyPair, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';

export const LOCAL_SIGNING_KEY_FILE = 'jwt-signing-key.pem';
export const LOCAL_SIGNING_ALG = 'EdDSA';

export interface LocalSigningKey {
  /** Signs tokens (not extractable). */
  readonly privateKey: CryptoKey;
  /** Verifies tokens; extractable, so it can be published as a JWK. */
  readonly publicKey: CryptoKey;
  /** RFC 7638 SHA-256 JWK thumbprint of the public key; minted tokens carry it as header `kid`. */
  readonly kid: string;
  /** The public key as a JWK with `kid`, `alg` and `use`, ready for a `{ keys: [...] }` JWKS. */
  readonly publicJwk: JWK;
  /** Absolute or caller-relative path of the PEM file. */
  readonly path: string;
  /** True when this call generated the key, false when it loaded an existing file. */
  readonly created: boolean;
}

/** The key file is unusable (wrong permissions, not an Ed25519 PKCS#8 key, unreadable). */
export class LocalSigningKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalSigningKeyError';
  }
}

const generateKeyPairAsync = promisify(generateNodeKeyPair);

/**
 * Loads `<dir>/jwt-signing-key.pem`, or creates it (mode 0600, in a directory created with 0700).
 *
 * Creation is atomic and race-safe: the PEM is written and fsynced to a temporary file which is
 * then hard-linked into place; linking never replaces an existing file, so when two processes
 * start together the loser discards its key and loads the winner's. (On a file system without
 * hard links it falls back to `rename`.)
 *
 * An existing file readable or writable by group or others is refused (like ssh does) rather
 * than silently used or changed: `chmod 600` it.
 */
export async function loadOrCreateLocalSigningKey(dir: string): Promise<LocalSigningKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOCAL_SIGNING_KEY_FILE);
  const existing = await readExisting(path);
  if (existing !== undefined) return fromPem(existing, path, false);

  const { privateKey } = await generateKeyPairAsync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tmp = join(dir, `.${LOCAL_SIGNING_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.chmod(0o600); // the umask can only narrow the mode, but be explicit
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }

  try {
    await link(tmp, path);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      // Another process created it first: use theirs.
      await unlink(tmp).catch(() => undefined);
      const theirs = await readExisting(path);
      if (theirs === undefined) throw new LocalSigningKeyError(`${path} vanished while being created`, { cause: error });
      return fromPem(theirs, path, false);
    }
    await rename(tmp, path); // no hard links here: last writer wins
    await syncDir(dir);
    return fromPem(pem, path, true);
  }
  await unlink(tmp).catch(() => undefined);
  await syncDir(dir);
  return fromPem(pem, path, true);
}

async function readExisting(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new LocalSigningKeyError(`cannot stat ${path}`, { cause: error });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new LocalSigningKeyError(
      `${path} is accessible by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 600 ${path}`,
    );
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new LocalSigningKeyError(`cannot read ${path}`, { cause: error });
  }
}

async function fromPem(pem: string, path: string, created: boolean): Promise<LocalSigningKey> {
  let nodeKey;
  try {
    nodeKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new LocalSigningKeyError(`${path} does not hold a PEM private key`, { cause: error });
  }
  if (nodeKey.asymmetricKeyType !== 'ed25519') {
    throw new LocalSigningKeyError(`${path} holds a ${nodeKey.asymmetricKeyType ?? 'unknown'} key; expected Ed25519`);
  }
  const pkcs8 = nodeKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = createPublicKey(nodeKey).export({ type: 'spki', format: 'pem' }).toString();
  const privateKey = await importPKCS8(pkcs8, LOCAL_SIGNING_ALG);
  const publicKey = await importSPKI(spki, LOCAL_SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const publicJwk: JWK = Object.freeze({ ...jwk, kid, alg: LOCAL_SIGNING_ALG, use: 'sig' });
  return Object.freeze({ privateKey, publicKey, kid, publicJwk, path, created });
}

async function syncDir(dir: string): Promise<void> {
  // Make the new directory entry durable; not every platform lets a directory be opened.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}
