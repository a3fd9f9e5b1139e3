/**
 * `npm run bench`: every benchmark in one run, one table.
 *
 * Each benchmark runs as a child process (`node dist/test/bench/<file> <its options>`), one after
 * another so they never compete for the CPU, with its output passed through; its figures are read
 * back from the bench-results/<name>.json it writes. A benchmark whose compiled file is missing
 * (written by another issue, not there yet) is listed as skipped. The table and the machine's
 * conditions go to bench-results/summary.{md,json}.
 *
 *   npm run bench -- [--seed 1] [--only peers,scale] [--skip feeds]
 *                    [--store "--events 50000"] [--peers "--read-all 1000000"] [--scale "…"]
 *                    [--commands "…"] [--projections "…"] [--audit "…"] [--witness "…"] [--replica "…"] [--scale-out "…"] [--strict-json "…"] [--closing-time "…"] [--feeds "…"] [--public-register "…"]
 *                    [--history "…"] [--meeting-votes "…"] [--console-verify "…"]
 *                    [--part-timeout 600] [--budget 900]
 *
 * A part's quoted options replace its defaults below, except --seed, which every part gets.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Client } from 'pg';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants, loadavg } from 'node:os';
import { join } from 'node:path';
import { argNumber, argValue, conditionLines, describeSides, formatNumber } from './bench-kit';
import { Figure, readConditions } from './bench-kit';
import { benchServerUrl } from './bench-database';

interface Part {
  name: string;
  file: string;
  args: string[];
  what: string;
}

/**
 * Default sizes: chosen so that the whole run stays under 15 minutes on the 2-core machine the
 * project develops on (see docs/performance.md for each part's time).
 */
const PARTS: Part[] = [
  {
    name: 'store',
    file: 'store.bench.js',
    args: ['--events', '50000', '--writers', '64'],
    what: "Accord's store: appends and readAll",
  },
  {
    name: 'peers',
    file: 'peers/peers.bench.js',
    args: [
      '--writers',
      '64',
      '--rounds',
      '3',
      '--single-appends',
      '600',
      '--concurrent-appends',
      '8000',
      '--batch-appends',
      '800',
      '--read-all',
      '1000000',
      '--read-cap-seconds',
      '30',
    ],
    what: 'Accord vs Emmett vs plain INSERT',
  },
  {
    name: 'scale',
    file: 'scale.bench.js',
    args: [
      '--small',
      '10000',
      '--large',
      '1000000',
      '--appends',
      '5000',
      '--read',
      '10000',
      '--read-windows',
      '5',
      '--rounds',
      '3',
    ],
    what: 'Accord at 10,000 vs 1,000,000 events',
  },
  {
    name: 'commands',
    file: 'commands.bench.js',
    args: ['--seconds', '20', '--connections', '64', '--decisions', '16'],
    what: 'API commands over HTTP',
  },
  {
    name: 'projections',
    file: 'projections.bench.js',
    args: ['--events', '200000', '--replays', '30'],
    what: 'projection catch-up, as-of replay',
  },
  {
    name: 'history',
    file: 'history.bench.js',
    args: ['--small', '1000', '--medium', '10000', '--large', '100000', '--reads', '30'],
    what: 'timeline and asOf+at replay against the partnership’s age',
  },
  {
    name: 'meeting-votes',
    file: 'meeting-votes.bench.js',
    args: ['--items', '40', '--consoles', '20'],
    what: 'one item’s six minuted votes in one request vs one vote; API CPU of 240 votes with 20 consoles open vs none',
  },
  {
    name: 'audit',
    file: 'audit.bench.js',
    args: ['--events', '1000000', '--proofs', '2000'],
    what: 'sealer, verification, inclusion proofs',
  },
  {
    name: 'console-verify',
    file: 'console-verify.bench.js',
    args: ['--rounds', '9'],
    what: 'the console’s page-level Verify of a 40-event decision vs its event-level verify, in Chromium',
  },
  {
    name: 'personal-data',
    file: 'personal-data.bench.js',
    args: ['--appends', '2000', '--rounds', '3', '--about', '1000', '--catch-up-events', '20000'],
    what: 'sealed personal data vs not sealed (appends, reads, projection catch-up), erasure of 1,000 events',
  },
  {
    name: 'witness',
    file: 'witness.bench.js',
    args: ['--events', '1000000', '--rounds', '3', '--submissions', '300'],
    what: 'verification with cosignatures, add-checkpoint latency, commands with 3 witnesses, cosigning delay',
  },
  {
    name: 'replica',
    file: 'replica.bench.js',
    args: ['--seconds', '6', '--rounds', '5', '--connections', '32'],
    what: 'queries from a streaming replica vs from the primary',
  },
  {
    name: 'scale-out',
    file: 'scale-out.bench.js',
    args: ['--seconds', '10', '--rounds', '2', '--connections', '64'],
    what: 'commands through 3 API processes vs 1',
  },
  {
    name: 'strict-json',
    file: 'strict-json.bench.js',
    args: ['--rounds', '15', '--ms', '200'],
    what: 'strict JSON parser vs JSON.parse',
  },
  {
    name: 'closing-time',
    file: 'closing-time.bench.js',
    args: ['--decisions', '100000', '--due', '50', '--rounds', '9', '--ms', '200'],
    what: "closing-time scheduler's tick: due-time queue vs walking every open decision",
  },
  {
    name: 'public-register',
    file: 'public-register.bench.js',
    args: ['--decisions', '1000', '--seconds', '5', '--rounds', '3'],
    what: 'public register and Atom feed vs GET /health/live; CSV of 100,000 decisions vs readAll',
  },
  {
    name: 'feeds',
    file: 'feeds.bench.js',
    args: ['--rate', '1000', '--seconds', '10', '--backlog', '50000'],
    what: 'SSE and Kafka feed latency, relay catch-up',
  },
];

interface PartResult {
  name: string;
  what: string;
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  seconds: number;
  command?: string;
  /** 1-minute load average as the part started and ended: work beside the run skews its figures. */
  load?: { before: number; after: number };
  figures: Figure[];
}

function list(name: string): string[] | undefined {
  return argValue(name)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const distBench = __dirname;
const resultsDir = join(process.cwd(), 'bench-results');
/** The part that runs now, and the signal that stops the run (Ctrl-C, or a SIGTERM passed on by npm). */
let running: ChildProcess | undefined;
let stoppedBy: NodeJS.Signals | undefined;

/**
 * Between parts: the previous part's writes (audit leaves a 680 MiB database behind) would
 * otherwise be flushed by PostgreSQL's checkpointer while the next part measures. A CHECKPOINT now
 * and a short pause give each part the same quiet start.
 */
async function settle(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  try {
    await client.connect();
    await client.query('CHECKPOINT');
  } catch (err) {
    console.error(`(between parts: CHECKPOINT not run: ${(err as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

async function runPart(part: Part, seed: number, timeoutSeconds: number): Promise<PartResult> {
  const file = join(distBench, part.file);
  const base = { name: part.name, what: part.what, seconds: 0, figures: [] as Figure[] };
  if (!existsSync(file))
    return {
      ...base,
      status: 'skipped',
      reason: `${join('dist/test/bench', part.file)} not built (benchmark not written yet)`,
    };
  const override = argValue(part.name);
  const args = [
    ...(override === undefined ? part.args : override.split(/\s+/).filter(Boolean)),
    '--seed',
    String(seed),
  ];
  const command = `node ${join('dist/test/bench', part.file)} ${args.join(' ')}`;
  console.log(`\n▶ ${part.name} (${part.what}): ${command}`);
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    running = child;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) console.log(`  [${part.name}] ${line}`);
    });
    const timer = setTimeout(() => {
      console.error(`  [${part.name}] still running after ${timeoutSeconds} s: stopping it`);
      child.kill('SIGTERM');
    }, timeoutSeconds * 1000);
    const ticker = setInterval(
      () => console.error(`  [${part.name}] running for ${Math.round((Date.now() - started) / 1000)} s`),
      60_000,
    );
    child.on('error', (err) => resolve(err.message));
    child.on('exit', (exitCode, signal) => {
      running = undefined;
      clearTimeout(timer);
      clearInterval(ticker);
      if (pending) console.log(`  [${part.name}] ${pending}`);
      resolve(exitCode ?? signal ?? 'unknown');
    });
  });
  const seconds = (Date.now() - started) / 1000;
  const load = { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) };
  console.log(`◀ ${part.name}: ${code === 0 ? 'done' : `FAILED (${code})`} in ${seconds.toFixed(0)} s`);
  const json = join(resultsDir, `${part.name}.json`);
  const fresh = existsSync(json) && statSync(json).mtimeMs >= started;
  // A benchmark may exit non-zero after writing its figures (say, when it finds its own run
  // invalid); the figures are then shown, marked as from a failed part.
  const figures = fresh ? (JSON.parse(readFileSync(json, 'utf8')) as { figures: Figure[] }).figures : [];
  if (code !== 0)
    return {
      ...base,
      status: 'failed',
      reason: `exit ${code}${fresh ? '; figures below are from that run' : ''}`,
      seconds,
      command,
      load,
      figures,
    };
  if (!fresh)
    return { ...base, status: 'failed', reason: `it wrote no bench-results/${part.name}.json`, seconds, command, load };
  return { ...base, status: 'ok', seconds, command, load, figures };
}

/**
 * Ratio verdicts first (each with both sides' figures), then checks that do not depend on the
 * machine's speed, then the absolute figures as information.
 */
function summaryTable(results: PartResult[]): string {
  const lines = [
    '| benchmark | figure | value | unit | measured against (same run) | target | met |',
    '|---|---|---:|---|---|---|---|',
  ];
  const kinds: [string, (f: Figure) => boolean][] = [
    ['ratio', (f) => f.ratio !== undefined],
    ['check', (f) => f.ratio === undefined && f.met !== undefined],
    ['information', (f) => f.ratio === undefined && f.met === undefined],
  ];
  for (const r of results)
    if (r.status !== 'ok')
      lines.push(`| ${r.name} | ${r.status === 'failed' ? 'FAILED' : 'skipped'}: ${r.reason ?? ''} |  |  |  |  |  |`);
  for (const [, kind] of kinds)
    for (const r of results) {
      const prefix = `${r.name}: `;
      for (const f of r.figures.filter(kind)) {
        const name = f.name.startsWith(prefix) ? f.name.slice(prefix.length) : f.name;
        lines.push(
          `| ${r.name} | ${name} | ${formatNumber(f.value)} | ${f.unit} | ${describeSides(f)} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'NO'} |`,
        );
      }
    }
  for (const r of results)
    if (r.status !== 'skipped')
      lines.push(
        `| ${r.name} | wall time of the part${r.load ? ` (load average ${r.load.before} → ${r.load.after})` : ''} | ${formatNumber(r.seconds)} | s |  |  |  |`,
      );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const seed = argNumber('seed', 1);
  const timeoutSeconds = argNumber('part-timeout', 600);
  const budgetSeconds = argNumber('budget', 900);
  const only = list('only');
  const skip = list('skip') ?? [];
  const serverUrl = benchServerUrl();
  // The part running gets the signal too, so that it stops what it started before the run ends.
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy = signal;
    running?.kill(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const conditions = await readConditions(serverUrl);
  console.log(
    `npm run bench: seed ${seed}, PostgreSQL ${conditions.postgres.server_version} at ${new URL(serverUrl).host}, ${conditions.cpus} CPUs, ${conditions.memoryGiB} GiB, Node ${conditions.node}`,
  );
  const started = Date.now();
  const results: PartResult[] = [];
  for (const part of PARTS) {
    if ((only && !only.includes(part.name)) || skip.includes(part.name)) {
      results.push({
        name: part.name,
        what: part.what,
        status: 'skipped',
        reason: 'not selected',
        seconds: 0,
        figures: [],
      });
      continue;
    }
    if (results.some((r) => r.status !== 'skipped')) await settle(serverUrl);
    if (stoppedBy) break;
    results.push(await runPart(part, seed, timeoutSeconds));
    if (stoppedBy) break;
  }
  if (stoppedBy) {
    console.error(`\n${stoppedBy}: the run stopped after ${results.at(-1)?.name ?? 'no part'}`);
    process.exit(128 + constants.signals[stoppedBy]);
  }
  const totalSeconds = (Date.now() - started) / 1000;

  const table = summaryTable(results);
  const judged = results.flatMap((r) =>
    r.figures
      .filter((f) => f.met !== undefined)
      .map((f) => ({
        part: r.name,
        ...f,
        name: f.name.startsWith(`${r.name}: `) ? f.name.slice(r.name.length + 2) : f.name,
      })),
  );
  const tally = (label: string, of: typeof judged) => {
    const missed = of.filter((t) => !t.met);
    return `${label}: ${of.length - missed.length} of ${of.length} met${missed.length ? ` (not met: ${missed.map((t) => `${t.part}: ${t.name}`).join('; ')})` : ''}`;
  };
  const ratios = judged.filter((t) => t.ratio);
  const checks = judged.filter((t) => !t.ratio);
  const missed = judged.filter((t) => !t.met);
  const timing = results
    .filter((r) => r.status !== 'skipped')
    .map((r) => `${r.name} ${r.seconds.toFixed(0)} s`)
    .join(', ');
  const verdict = [
    tally('ratios (Accord against a peer or a limit measured in this run)', ratios),
    tally("checks (independent of the machine's speed)", checks),
    `time: ${totalSeconds.toFixed(0)} s in all (${timing}); budget ${budgetSeconds} s: ${totalSeconds <= budgetSeconds ? 'within' : 'EXCEEDED'}`,
    `load average ${conditions.loadAverage.join(' / ')} at the start, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} at the end (1 / 5 / 15 min, ${conditions.cpus} CPUs)`,
  ];
  console.log(`\n${table}\n\n${verdict.join('\n')}`);

  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'summary.json'),
    `${JSON.stringify({ conditions, seed, totalSeconds, budgetSeconds, parts: results, targetsMet: judged.length - missed.length, targets: judged.length, ratiosMet: ratios.filter((t) => t.met).length, ratios: ratios.length }, null, 2)}\n`,
  );
  const commands = results.filter((r) => r.command).map((r) => `- ${r.name}: \`${r.command}\``);
  const skipped = results.filter((r) => r.status === 'skipped').map((r) => `- ${r.name}: skipped (${r.reason})`);
  writeFileSync(
    join(resultsDir, 'summary.md'),
    `# npm run bench\n\n${conditionLines(conditions).join('\n')}\n- seed: ${seed}\n\n${table}\n\n${verdict.map((v) => `- ${v}`).join('\n')}\n\nCommands:\n\n${[...commands, ...skipped].join('\n')}\n`,
  );
  console.log(`summary written to ${resultsDir}/summary.{md,json}`);
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
