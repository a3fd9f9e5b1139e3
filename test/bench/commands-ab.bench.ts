/**
 * `npm run bench:commands:ab -- --against DIR [--rounds 3] [--commands "--seconds 20 --connections 64 --decisions 16"]`:
 * `npm run bench:commands` for this checkout and another (DIR: a built checkout of another commit,
 * e.g. the one before a change), interleaved in one run: round by round, each side's commands
 * benchmark runs as its own child process (its own API, embedded PostgreSQL and data directory),
 * one after the other so they never compete for the CPU, the order alternating between rounds so
 * neither always runs first. Both run on this Node.
 *
 * Prints each round's figures side by side, each side's median and its run-to-run spread (lowest
 * to highest round), and the ratio of the medians (this ÷ other): a change is within noise when
 * that ratio lies inside the spread the rounds show. Nothing here is a pass or fail.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { argNumber, argValue, Figure, machineConditions, printTable, writeResults } from './bench-kit';

const COMPARED = [
  'vote changes, 2xx only',
  'commands / trivial requests',
  'API CPU per command',
  'PostgreSQL CPU per command',
  'vote change latency p50 (2xx)',
  'vote change latency p99 (2xx)',
];

interface Side {
  label: string;
  root: string;
  rounds: Map<string, number>[];
}

function runCommandsBench(root: string, args: string[]): Promise<Map<string, number>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'dist/test/bench/commands.bench.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the commands benchmark in ${root} exited with ${code}`));
      const { figures } = JSON.parse(readFileSync(join(root, 'bench-results/commands.json'), 'utf8')) as {
        figures: Figure[];
      };
      done(new Map(figures.map((f) => [f.name, f.value])));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const against = argValue('against');
  if (!against || !existsSync(join(against, 'dist/test/bench/commands.bench.js'))) {
    console.error(
      '--against DIR: a checkout of another commit, built (npm ci && npm run build) so that DIR/dist/test/bench/commands.bench.js exists',
    );
    process.exit(1);
  }
  const rounds = argNumber('rounds', 3);
  const args = (argValue('commands') ?? '--seconds 20 --connections 64 --decisions 16').split(/\s+/).filter(Boolean);
  const here: Side = { label: 'this checkout', root: process.cwd(), rounds: [] };
  const other: Side = { label: `other (${resolve(against)})`, root: resolve(against), rounds: [] };

  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [here, other] : [other, here];
    for (const side of order) {
      process.stderr.write(`\nround ${round + 1} of ${rounds}: ${side.label}\n`);
      side.rounds.push(await runCommandsBench(side.root, args));
    }
  }

  const figures: Figure[] = [];
  const lines = [
    `| figure | ${here.label}: rounds | median | other: rounds | median | this ÷ other (medians) |`,
    '|---|---|---:|---|---:|---:|',
  ];
  for (const name of COMPARED) {
    const a = here.rounds.map((r) => r.get(name) ?? Number.NaN);
    const b = other.rounds.map((r) => r.get(name) ?? Number.NaN);
    const ratio = median(a) / median(b);
    const fmt = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
    lines.push(
      `| ${name} | ${fmt(a)} | ${median(a).toFixed(2)} | ${fmt(b)} | ${median(b).toFixed(2)} | ${ratio.toFixed(2)} |`,
    );
    figures.push(
      { name: `${name}: this checkout, median`, value: median(a), unit: '' },
      { name: `${name}: other, median`, value: median(b), unit: '' },
      { name: `${name}: this ÷ other`, value: ratio, unit: 'ratio' },
      {
        name: `${name}: other's spread, highest ÷ lowest round`,
        value: Math.max(...b) / Math.min(...b),
        unit: 'ratio',
      },
    );
  }
  const table = lines.join('\n');
  console.log(
    `\ncommands benchmark, this checkout vs ${other.root}, ${rounds} interleaved rounds (${args.join(' ')})\n`,
  );
  console.log(table);
  writeResults('commands-ab', machineConditions(), figures, `${table}\n\n${printTable('summary', figures)}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
