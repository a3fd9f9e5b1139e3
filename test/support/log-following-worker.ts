import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Pool } from 'pg';
import { exited } from './processes';

const DIST = join(__dirname, '..', '..', 'dist');
const WORKER = join(DIST, 'apps', 'worker', 'src', 'main.js');
const MOVED_CLOCK = join(DIST, 'test', 'support', 'moved-clock.js');
const RESUMED = /reading the log on from position (\d+)/;

/** A worker process, and the position its closing-time scheduler said it read on from (null: from 1). */
export interface Worker {
  proc: ChildProcess;
  resumedFrom(): number | null;
}

/**
 * Starts a worker (the background jobs without the API) on `databaseUrl`. `clockOffsetMs` moves
 * its clock (`Date` alone; see moved-clock.ts) that far ahead of the real one.
 */
export function startWorker(databaseUrl: string, clockOffsetMs?: number): Worker {
  const moved = clockOffsetMs === undefined ? [] : ['--require', MOVED_CLOCK];
  const proc = spawn(process.execPath, [...moved, WORKER], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      ...(clockOffsetMs === undefined ? {} : { MOVED_CLOCK_OFFSET_MS: String(clockOffsetMs) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let resumedFrom: number | null = null;
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const resumed = line.includes('closing-time') ? RESUMED.exec(line) : null;
    if (resumed) resumedFrom = Number(resumed[1]);
  });
  return { proc, resumedFrom: () => resumedFrom };
}

export async function stopWorker(proc: ChildProcess, signal: NodeJS.Signals) {
  proc.kill(signal);
  return exited(proc);
}

/** What the closing-time scheduler saved: the position it read up to and what it kept. */
export async function savedJobState<S>(pool: Pool): Promise<{ position: number; state: S } | undefined> {
  const { rows } = await pool.query<{ position: string; state: S }>(
    `SELECT position, state FROM job_states WHERE name = 'closing-time'`,
  );
  return rows[0] && { position: Number(rows[0].position), state: rows[0].state };
}

/** Polls `done` every 50 ms, failing after `ms`. */
export async function until(done: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How many events of `type` each stream holds, by stream id. */
export async function countsByStream(pool: Pool, type: string): Promise<{ stream_id: string; n: number }[]> {
  const { rows } = await pool.query<{ stream_id: string; n: number }>(
    `SELECT stream_id, count(*)::int AS n FROM events WHERE type = $1 GROUP BY stream_id ORDER BY stream_id`,
    [type],
  );
  return rows;
}
