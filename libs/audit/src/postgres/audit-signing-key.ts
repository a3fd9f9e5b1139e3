import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { encodeVerifierKey, ed25519KeyId, rawPublicKey } from '@accord/audit';
import { createEd25519KeyFile, PrivateKeyFileError, readPrivateKeyFile, UnavailableError } from '@accord/platform';

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

export interface AuditKeySettings {
  /** Ed25519 PKCS#8 PEM that signs checkpoints. */
  signingKeyFile: string;
  /** Only the embedded default's own key file is created when missing; a named file must exist. */
  createSigningKey: boolean;
  /** Checkpoint origin line, also the signed-note key name. */
  origin: string;
}

/**
 * Loads the Ed25519 PKCS#8 PEM named by AUDIT_SIGNING_KEY_FILE. Only the embedded default's own
 * file (no variable set) is created when missing: a named file that is absent is a deployment
 * mistake, and signing with a fresh key would orphan every earlier checkpoint. A file readable by
 * group or others is refused, as ssh does.
 */
export async function loadAuditSigningKey(config: AuditKeySettings): Promise<AuditSigningKey> {
  const path = config.signingKeyFile;
  let pem: string | undefined;
  try {
    pem = await readPrivateKeyFile(path);
    if (pem === undefined) {
      if (!config.createSigningKey) throw new AuditKeyError(`AUDIT_SIGNING_KEY_FILE ${path} does not exist`);
      pem = (await createEd25519KeyFile(path)).pem;
    }
  } catch (err) {
    if (err instanceof PrivateKeyFileError) throw new AuditKeyError(err.message);
    throw err;
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new AuditKeyError(`${path} does not hold a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AuditKeyError(
      `${path} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; checkpoints are signed with Ed25519`,
    );
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
