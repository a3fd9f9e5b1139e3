import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '@accord/platform';

export const LOCK_FILE = 'witness.lock';

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {}

/**
 * Two witness processes on one state file would each check and write it from their own memory,
 * and could both cosign from the same old size. The first to start holds `witness.lock` with its
 * pid; a lock whose process is gone (killed) is taken over.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder))
      throw new DataDirLockedError(
        `another witness (pid ${holder}) uses ${dir}; stop it first (or remove ${path} if that pid is not a witness)`,
      );
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirLockedError(`cannot take ${path}: another witness is starting on ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}
