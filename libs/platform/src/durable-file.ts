import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces the file at `path` with `data` so that a crash at any moment leaves either the old
 * contents or the new, never a mix, and the new contents are on disk when the promise resolves:
 * a temporary file beside it is written and synced, renamed over it, and the directory synced.
 */
export async function replaceFileDurably(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `${temporaryPrefix(path)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir, { strict: true });
}

/** Removes the temporary files a crash in `replaceFileDurably(path, …)` left behind. */
export async function removeStaleTemporaryFiles(path: string): Promise<void> {
  const prefix = temporaryPrefix(path);
  const dir = dirname(path);
  for (const name of await readdir(dir).catch(() => [] as string[]))
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await unlink(join(dir, name)).catch(() => undefined);
}

/**
 * Makes a directory's entries (a new or renamed file) durable. Not every platform lets a
 * directory be opened; unless `strict`, that is tolerated.
 */
export async function syncDirectory(dir: string, options: { strict?: boolean } = {}): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (options.strict && process.platform !== 'win32') throw err;
  }
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function temporaryPrefix(path: string): string {
  return `.${basename(path)}.`;
}
