import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// From test/support under Jest, from dist/test/support in the benchmarks.
const ROOT = join(__dirname, __dirname.endsWith(join('dist', 'test', 'support')) ? '../../..' : '../..');
export const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

export interface WitnessProcess {
  party: string;
  name: string;
  child: ChildProcess;
  url: string;
  vkey: string;
}

/**
 * `accord witness` for a party, a real process; resolves once its banner named its URL and vkey.
 * A witness restarted on its data folder needs its `port` again: the log knows it by its URL.
 */
export async function startWitnessProcess(
  party: string,
  dir: string,
  logVkey: string,
  name = `witness.${party}.test/accord`,
  port = 0,
): Promise<WitnessProcess> {
  const child = spawn(process.execPath, [CLI, 'witness'], {
    env: {
      PATH: process.env.PATH ?? '',
      WITNESS_PORT: String(port),
      WITNESS_NAME: name,
      WITNESS_DATA_DIR: join(dir, party),
      WITNESS_LOGS: logVkey,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let url: string | undefined;
  let vkey: string | undefined;
  for await (const line of createInterface({ input: child.stderr as NodeJS.ReadableStream })) {
    url ??= /listening on (http:\/\/\S+)/.exec(line)?.[1];
    vkey ??= /^ {2}vkey {3}(\S+)$/.exec(line)?.[1];
    if (url && vkey) break;
  }
  if (!url || !vkey) throw new Error(`accord witness for ${party} did not start`);
  return { party, name, child, url, vkey };
}

/** SIGTERM to each, resolved once all have exited. */
export async function stopWitnessProcesses(witnesses: readonly WitnessProcess[]): Promise<void> {
  await Promise.all(
    witnesses.map((w) => {
      const exited = new Promise((resolve) => w.child.once('exit', resolve));
      w.child.kill('SIGTERM');
      return exited;
    }),
  );
}

/** `accord ARGS` as a process. */
export function accord(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [CLI, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
