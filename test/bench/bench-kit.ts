import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { PostgresEventStore } from '@accord/event-store';

/** What a figure depends on, printed with it and stored beside it. */
export interface Conditions {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  /** 1-, 5- and 15-minute load averages when the figures were taken: other work skews them all. */
  loadAverage: number[];
  postgres: Record<string, string>;
}

export const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The parent and the utime + stime ticks in one /proc/<pid>/stat line. */
export function parseProcStat(stat: string): { ppid: number; ticks: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** utime + stime of one process on this machine, in seconds; undefined once it is gone (or not Linux). */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export async function readConditions(databaseUrl: string): Promise<Conditions> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const postgres: Record<string, string> = {};
  try {
    for (const setting of [
      'server_version',
      'synchronous_commit',
      'fsync',
      'wal_sync_method',
      'shared_buffers',
      'max_connections',
    ]) {
      const { rows } = await client.query(`SHOW ${setting}`);
      postgres[setting] = String(Object.values(rows[0])[0]);
    }
  } finally {
    await client.end();
  }
  return machineConditions(postgres);
}

/** The machine's side of {@link Conditions}; a benchmark that never touches PostgreSQL leaves it empty. */
export function machineConditions(postgres: Record<string, string> = {}): Conditions {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    postgres,
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

/** One side of a ratio: a figure measured in this run. */
export interface Side {
  name: string;
  value: number;
  unit: string;
}

/**
 * A figure of a benchmark. Verdicts are ratios (see {@link ratioFigure}): a machine's speed changes
 * from hour to hour, so an absolute figure is information, judged only against what bounds it
 * measured in the same run. An absolute `target` is left for checks that do not depend on speed
 * (events lost, requests refused, memory).
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  /** Set on a ratio verdict: `value` is `ours.value / bound.value`. */
  ratio?: { ours: Side; bound: Side };
}

/**
 * The verdict `ours / bound`, both measured in this run, met when the ratio is `≥` (throughput:
 * Accord against a peer or a limit) or `≤` (latency) `target`.
 */
export function ratioFigure(name: string, ours: Side, bound: Side, op: '≥' | '≤', target: number): Figure {
  const value = ours.value / bound.value;
  return {
    name,
    value,
    unit: '×',
    target: `${op} ${target.toFixed(2)}`,
    met: op === '≥' ? value >= target : value <= target,
    ratio: { ours, bound },
  };
}

/** A ratio figure's two sides, in words: "3,200 commands/s (Accord) ÷ 1,500 commands/s (Emmett)". */
export function describeSides(f: Figure): string {
  if (!f.ratio) return '';
  const side = (s: Side) => `${formatNumber(s.value)} ${s.unit} (${s.name})`;
  return `${side(f.ratio.ours)} ÷ ${side(f.ratio.bound)}`;
}

export function printTable(title: string, figures: Figure[]): string {
  const lines = [
    `| ${title} | value | unit | measured against (same run) | target | met |`,
    '|---|---:|---|---|---|---|',
  ];
  for (const f of figures)
    lines.push(
      `| ${f.name} | ${formatNumber(f.value)} | ${f.unit} | ${describeSides(f)} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'} |`,
    );
  return lines.join('\n');
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2);
}

/** The conditions as markdown list items, printed above a benchmark's table. */
export function conditionLines(c: Conditions): string[] {
  return [
    `- date: ${c.date}`,
    `- machine: ${c.cpus} × ${c.cpuModel}, ${c.memoryGiB} GiB, Node ${c.node}, load average ${c.loadAverage.join(' / ')} (1 / 5 / 15 min)`,
    `- PostgreSQL: ${Object.entries(c.postgres)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  ];
}

export function writeResults(name: string, conditions: Conditions, figures: Figure[], markdown: string): string {
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ conditions, figures }, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), `# ${name}\n\n${conditionLines(conditions).join('\n')}\n\n${markdown}\n`);
  return dir;
}

/**
 * The end of a benchmark's run: the table printed with the machine's load average now, and the
 * figures written (`markdown`, the table unless given, under the conditions). A missed target is
 * a verdict in the table, not a failed run.
 */
export function publishFigures(
  name: string,
  conditions: Conditions,
  figures: Figure[],
  table: string,
  markdown = table,
): void {
  process.stdout.write(`${table}\n(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)\n`);
  console.log(`figures written to ${writeResults(name, conditions, figures, markdown)}/${name}.{md,json}`);
}

/** The word after `--name` on the command line, if the option is given. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** A positive number given as `--name N` (0 too with `allowZero`); exits with a message otherwise. */
export function argNumber(name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = argValue(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    console.error(`--${name} needs a ${allowZero ? 'non-negative' : 'positive'} number`);
    process.exit(1);
  }
  return value;
}

export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % Math.max(1, Math.floor(total / 10)) !== 0) return;
  process.stderr.write(
    `\r${label}: ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')}${done === total ? '\n' : ''}`,
  );
}

/** Events per second of paging through the log from the start, one page of 10,000 at a time. */
export async function readAllRate(store: Pick<PostgresEventStore, 'readAll'>, head: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let from = 1; from <= head;) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (page.length === 0) break;
    from = page[page.length - 1].position + 1;
  }
  return head / (Number(process.hrtime.bigint() - started) / 1e9);
}
