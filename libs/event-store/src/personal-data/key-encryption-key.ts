/**
 * The key-encryption key (KEK) port: data keys are stored only wrapped by it, so the database
 * alone never holds a key that opens personal data. A KMS (AWS KMS, Vault transit) can implement
 * this port; the local one takes 32 bytes from the environment or a file.
 */
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes } from 'node:crypto';
import { AppError, createSecretFile, PrivateKeyFileError, readPrivateKeyFile } from '@accord/platform';

export interface KeyEncryptionKey {
  /** Names the KEK a data key was wrapped with, so a rotation can tell old wraps from new. */
  readonly id: string;
  wrap(dataKey: Buffer, subject: string): Promise<Buffer>;
  unwrap(wrapped: Buffer, subject: string): Promise<Buffer>;
}

/** The KEK is missing, malformed or does not open a stored data key. */
export class KeyEncryptionKeyError extends AppError {
  constructor(message: string) {
    super('unavailable', 'key-encryption-key-unusable', message);
  }
}

const KEK_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM key wrap with the subject as additional data: a wrapped key moved to another person does not open. */
export function localKeyEncryptionKey(secret: Buffer): KeyEncryptionKey {
  if (secret.length !== KEK_BYTES)
    throw new KeyEncryptionKeyError(`a key-encryption key is ${KEK_BYTES} bytes, not ${secret.length}`);
  const id = `local:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
  // Made once: given as bytes, Node would make a key object of them at every wrap and unwrap.
  const key = createSecretKey(secret);
  return {
    id,
    wrap: async (dataKey, subject) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(subject, 'utf8'));
      return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    },
    unwrap: async (wrapped, subject) => {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(subject, 'utf8'));
        decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new KeyEncryptionKeyError(`the key-encryption key ${id} does not open the data key of ${subject}`);
      }
    },
  };
}

/**
 * The local KEK: base64 of 32 bytes in `ACCORD_KEK`, or in the file `ACCORD_KEK_FILE` (readable
 * by its owner only). Neither set: `defaultFile` is used, created on first start (the embedded
 * default), so a development database stays readable across restarts.
 */
export async function loadLocalKeyEncryptionKey(settings: {
  value?: string;
  file?: string;
  defaultFile: string;
}): Promise<KeyEncryptionKey> {
  let text = settings.value;
  if (text === undefined) {
    try {
      const path = settings.file ?? settings.defaultFile;
      text = await readPrivateKeyFile(path);
      if (text === undefined && settings.file !== undefined) throw new KeyEncryptionKeyError(`${path} does not exist`);
      text ??= (await createSecretFile(path, `${randomBytes(KEK_BYTES).toString('base64')}\n`)).text;
    } catch (error) {
      if (error instanceof PrivateKeyFileError) throw new KeyEncryptionKeyError(error.message);
      throw error;
    }
  }
  const secret = Buffer.from(text.trim(), 'base64');
  if (secret.length !== KEK_BYTES)
    throw new KeyEncryptionKeyError(
      `the key-encryption key must be base64 of ${KEK_BYTES} bytes (openssl rand -base64 32)`,
    );
  return localKeyEncryptionKey(secret);
}
