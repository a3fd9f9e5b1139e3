/**
 * The embedded default's signing key (DESIGN §7): one Ed25519 keypair kept as a PKCS#8 PEM file,
 * created on first use and reused afterwards, so tokens minted by `accord token` stay valid across
 * restarts. Production verifies against an OIDC issuer's JWKS instead and never needs this file.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';
import { createEd25519KeyFile, PrivateKeyFileError, readPrivateKeyFile } from '@accord/platform';

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
  const path = join(dir, LOCAL_SIGNING_KEY_FILE);
  try {
    const existing = await readPrivateKeyFile(path);
    if (existing !== undefined) return await fromPem(existing, path, false);
    const { pem, created } = await createEd25519KeyFile(path);
    return await fromPem(pem, path, created);
  } catch (error) {
    if (error instanceof PrivateKeyFileError) throw new LocalSigningKeyError(error.message, { cause: error });
    throw error;
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
