import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoCode, syncDirectory } from './durable-file';

/** A private key file that cannot be read or safely used; callers wrap it in their own error. */
export class PrivateKeyFileError extends Error {}

/** The PEM at `path`, or undefined when there is none. A file readable by group or others is refused, as ssh does. */
export async function readPrivateKeyFile(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new PrivateKeyFileError(`cannot stat ${path}`, { cause: error });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new PrivateKeyFileError(
      `${path} is accessible by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 600 ${path}`,
    );
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new PrivateKeyFileError(`cannot read ${path}`, { cause: error });
  }
}

/**
 * Creates a new Ed25519 PKCS#8 PEM at `path`, readable by its owner only. It is written to a
 * temporary file, synced, then hard-linked into place: a link never overwrites, so processes
 * starting together all end up with the one key that won (`created` tells which process it was).
 */
export async function createEd25519KeyFile(path: string): Promise<{ pem: string; created: boolean }> {
  const { text, created } = await createSecretFile(
    path,
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  return { pem: text, created };
}

/** Writes `text` to a new file at `path` readable by its owner only, as createEd25519KeyFile does; an existing file wins. */
export async function createSecretFile(path: string, pem: string): Promise<{ text: string; created: boolean }> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
      await unlink(tmp).catch(() => undefined);
      const theirs = await readPrivateKeyFile(path);
      if (theirs === undefined) throw new PrivateKeyFileError(`${path} vanished while being created`, { cause: error });
      return { text: theirs, created: false };
    }
    await rename(tmp, path); // no hard links on this file system: last writer wins
    await syncDirectory(dir);
    return { text: pem, created: true };
  }
  await unlink(tmp).catch(() => undefined);
  await syncDirectory(dir);
  return { text: pem, created: true };
}

/**
 * The Ed25519 private key in the PKCS#8 PEM at `path`. With `create`, a missing file is created
 * (mode 0600) with a new key; without, a missing file is an error: a named key file that is absent
 * is a deployment mistake, and a fresh key would orphan what the old one signed.
 */
export async function loadEd25519KeyFile(path: string, options: { create: boolean }): Promise<KeyObject> {
  let pem = await readPrivateKeyFile(path);
  if (pem === undefined) {
    if (!options.create) throw new PrivateKeyFileError(`${path} does not exist`);
    pem = (await createEd25519KeyFile(path)).pem;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new PrivateKeyFileError(`${path} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new PrivateKeyFileError(`${path} holds a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}
