import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** What a figure depends on, printed with it and stored beside it. */
export interface Conditions {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  postgres: Record<string, string>;
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
    postgres,
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

export function printTable(title: string, figures: Figure[]): string {
  const lines = [`| ${title} | value | unit | target | met |`, '|---|---:|---|---|---|'];
  for (const f of figures)
    lines.push(
      `| ${f.name} | ${formatNumber(f.value)} | ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'} |`,
    );
  return lines.join('\n');
}

function formatNumber(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2);
}

export function writeResults(name: string, conditions: Conditions, figures: Figure[], markdown: string): string {
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ conditions, figures }, null, 2)}\n`);
  const conditionLines = [
    `- date: ${conditions.date}`,
    `- machine: ${conditions.cpus} × ${conditions.cpuModel}, ${conditions.memoryGiB} GiB, Node ${conditions.node}`,
    `- PostgreSQL: ${Object.entries(conditions.postgres)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  ];
  writeFileSync(join(dir, `${name}.md`), `# ${name}\n\n${conditionLines.join('\n')}\n\n${markdown}\n`);
  return dir;
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
