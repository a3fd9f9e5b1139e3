import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, removeStaleTemporaryFiles, replaceFileDurably, UnavailableError } from '@accord/platform';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import { sameState, type WitnessState, type WitnessStateStore } from './witness-state-store';

const FORMAT = 'accord-witness-state/1';
export const STATE_FILE = 'witness-state.json';

interface StateFile {
  format: typeof FORMAT;
  logs: Record<string, { size: number; root: string; note: string }>;
}

export class WitnessStateFileError extends Error {}

/**
 * The embedded default: every log's state in one JSON file in the data folder, replaced whole
 * (write, fsync, rename, fsync the folder) under an in-process queue, so each compare-and-set sees
 * the state the previous one left. One process owns the folder (a lock file holds its pid).
 */
export class FileStateStore implements WitnessStateStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when a write failed: what is on disk is then unknown until a restart reads it again. */
  private broken: Error | undefined;

  private constructor(
    private readonly path: string,
    private states: ReadonlyMap<string, WitnessState>,
    private readonly lock: DataDirLock,
  ) {}

  get description(): string {
    return `state file ${this.path}`;
  }

  static async open(dataDir: string): Promise<FileStateStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const lock = await lockDataDir(dataDir);
    try {
      const path = join(dataDir, STATE_FILE);
      await removeStaleTemporaryFiles(path);
      return new FileStateStore(path, await readStates(path), lock);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  async get(origin: string): Promise<WitnessState | undefined> {
    this.checkUsable();
    return this.states.get(origin);
  }

  replace(origin: string, expected: WitnessState | undefined, next: WitnessState): Promise<boolean> {
    const run = this.queue.then(async () => {
      this.checkUsable();
      if (!sameState(this.states.get(origin), expected)) return false;
      const states = new Map(this.states).set(origin, next);
      try {
        await replaceFileDurably(this.path, serialise(states));
      } catch (err) {
        this.broken = err as Error;
        throw new UnavailableError(
          'witness-storage-unavailable',
          `cannot write ${this.path}: ${(err as Error).message}`,
        );
      }
      this.states = states;
      return true;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.lock.release();
  }

  private checkUsable(): void {
    if (this.broken)
      throw new UnavailableError(
        'witness-storage-unavailable',
        `a write to ${this.path} failed (${this.broken.message}); restart the witness once the disk is fixed`,
      );
  }
}

function serialise(states: ReadonlyMap<string, WitnessState>): string {
  const logs: StateFile['logs'] = {};
  for (const [origin, s] of [...states].sort(([a], [b]) => (a < b ? -1 : 1)))
    logs[origin] = { size: s.size, root: s.rootHash.toString('base64'), note: s.note };
  return `${JSON.stringify({ format: FORMAT, logs } satisfies StateFile, null, 2)}\n`;
}

/** A file that cannot be read as a state is an error, never an empty state: that would let the witness go back. */
async function readStates(path: string): Promise<Map<string, WitnessState>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return new Map();
    throw new WitnessStateFileError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const bad = (why: string) =>
    new WitnessStateFileError(
      `${path} is not a witness state (${why}); restore it from a backup rather than delete it`,
    );
  let parsed: StateFile;
  try {
    parsed = JSON.parse(text) as StateFile;
  } catch {
    throw bad('not JSON');
  }
  if (parsed?.format !== FORMAT || typeof parsed.logs !== 'object' || parsed.logs === null)
    throw bad(`no "format": "${FORMAT}"`);
  const states = new Map<string, WitnessState>();
  for (const [origin, s] of Object.entries(parsed.logs)) {
    const rootHash = typeof s?.root === 'string' ? Buffer.from(s.root, 'base64') : Buffer.alloc(0);
    if (!Number.isSafeInteger(s?.size) || s.size < 0 || rootHash.length !== 32 || typeof s.note !== 'string')
      throw bad(`the entry for ${origin} is incomplete`);
    states.set(origin, { size: s.size, rootHash, note: s.note });
  }
  return states;
}
