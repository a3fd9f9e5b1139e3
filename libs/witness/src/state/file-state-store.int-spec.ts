import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, LOCK_FILE } from './data-dir-lock';
import { FileStateStore, STATE_FILE, WitnessStateFileError } from './file-state-store';

const state = (size: number, fill: number) => ({ size, rootHash: Buffer.alloc(32, fill), note: `note ${size}\n` });

describe('the witness state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a state only from the one expected, and keeps it across a reopen', async () => {
    const store = await FileStateStore.open(dir);
    expect(await store.replace('log', undefined, state(5, 1))).toBe(true);
    expect(await store.replace('log', undefined, state(6, 2))).toBe(false);
    expect(await store.replace('log', state(5, 9), state(6, 2))).toBe(false);
    expect(await store.replace('log', state(5, 1), state(9, 3))).toBe(true);
    await store.close();
    const reopened = await FileStateStore.open(dir);
    expect(await reopened.get('log')).toEqual(state(9, 3));
    expect(await reopened.get('other')).toBeUndefined();
    await reopened.close();
    expect(readdirSync(dir).sort()).toEqual([STATE_FILE]);
  });

  it('refuses to start on a state file it cannot read, rather than starting from nothing', async () => {
    for (const broken of [
      '{"format":"accord-witness-state/1","logs":{"log":{"size":5',
      '{}',
      '{"format":"accord-witness-state/1","logs":{"log":{"size":5,"root":"AA==","note":""}}}',
    ]) {
      writeFileSync(join(dir, STATE_FILE), broken);
      await expect(FileStateStore.open(dir)).rejects.toThrow(WitnessStateFileError);
      await expect(FileStateStore.open(dir)).rejects.toThrow(/restore it from a backup rather than delete it/);
    }
  });

  it('removes the temporary files a crash left, and never reads them as the state', async () => {
    const store = await FileStateStore.open(dir);
    await store.replace('log', undefined, state(5, 1));
    await store.close();
    writeFileSync(join(dir, `.${STATE_FILE}.12345.abcdef.tmp`), '{"format":"accord-witness-state/1","logs":{}}');
    const reopened = await FileStateStore.open(dir);
    expect(await reopened.get('log')).toEqual(state(5, 1));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await reopened.close();
  });

  it('is owned by one process: a second one is refused while the first runs, and takes over once it died', async () => {
    const first = await FileStateStore.open(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    // Another live process (Jest's, which started this one) holds it: this one is refused.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    await expect(FileStateStore.open(dir)).rejects.toThrow(DataDirLockedError);
    await expect(FileStateStore.open(dir)).rejects.toThrow(new RegExp(`another witness \\(pid ${process.ppid}\\)`));
    await first.close();
    // A lock left by a process that is gone (its pid no longer runs) is taken over.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, LOCK_FILE), `${dead}\n`);
    const next = await FileStateStore.open(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await next.close();
  });
});
