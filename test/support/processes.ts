import { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** A port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The first of `count` consecutive ports of 127.0.0.1 in [from, to] that were all free a moment
 * ago, for servers a test restarts or names in advance: below Linux's ephemeral range
 * (32768–60999) no outgoing connection takes one meanwhile.
 */
export async function freePortRun(count: number, from: number, to: number): Promise<number> {
  const listens = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  // Start at a place of its own, so suites running at once seldom probe the same ports.
  const span = Math.floor((to - from + 1) / count);
  for (let k = 0; k < span; k++) {
    const first = from + count * ((process.pid + k) % span);
    let free = true;
    for (let i = 0; i < count && free; i++) free = await listens(first + i);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports in ${from}–${to}`);
}

/** How a child ended; at once for one that has already exited. */
export function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) =>
    proc.exitCode !== null || proc.signalCode !== null
      ? resolve({ code: proc.exitCode, signal: proc.signalCode })
      : proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
}

/** Whether a process runs (a zombie no longer does: it waits only for its parent to reap it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return stat(pid)?.state !== 'Z';
}

/** Every process below `pid` now, with its command line. */
export function descendants(pid: number): { pid: number; command: string }[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const parent = /^\d+$/.test(name) ? stat(Number(name))?.ppid : undefined;
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push({ pid: child, command: commandLine(child) });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // After the command's closing parenthesis (the command may hold spaces and parentheses).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.split(' ') ?? [];
    return { state: fields[0] as string, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
