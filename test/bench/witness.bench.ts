/**
 * `npm run bench:witness`: what witnesses cost.
 *
 *  - Offline verification of a whole-log bundle whose checkpoints (one per --checkpoint-every
 *    events, as the sealer signs them) carry --witnesses cosignatures each, checked against an
 *    all-of policy, against the same bundle without cosignatures checked without a policy, in the
 *    same run, rounds alternating; the figure is the ratio of the medians of the verifier's CPU
 *    time (target ≤ 1.05), which neighbours on a shared machine disturb less than wall time.
 *  - A witness's add-checkpoint over loopback HTTP, one log submitting growing checkpoints one
 *    after another (each answer waits for the state to be durable): latency with the state file
 *    and with PostgreSQL (DATABASE_URL, else 127.0.0.1:5432).
 *  - Commands through the API with three witnesses registered against none, and how soon a
 *    signed checkpoint carries all three cosignatures (witness-commands.ts).
 *
 * Options: --events N (default 1,000,000) --checkpoint-every N (1,000) --witnesses N (3)
 * --rounds N (3) --submissions N (300) --commands-seconds N (10; 0 skips the commands part)
 * --commands-rounds N (2) --connections N (32).
 */
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BundleHeader,
  cosignNoteText,
  encodeCheckpointLine,
  encodeHeader,
  encodeVerifierKey,
  encodeWitnessVerifierKey,
  formatAddCheckpointRequest,
  formatPolicy,
  type NoteSigner,
  parsePolicy,
  parseSignedNote,
  type Policy,
  splitLines,
  verifyBundle,
} from '@accord/audit';
import { loadWitnessConfig, startWitness } from '@accord/witness';
import { writeSyntheticBundle } from '../support/synthetic-bundle';
import { witnessCommandFigures } from './witness-commands';
import { TestLog } from '../support/test-log';
import { argNumber, type Figure, percentile, printTable, progress, readConditions, writeResults } from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';

const ORIGIN = 'accord.bench/log';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function verifyRun(file: string, policy?: Policy): Promise<{ wall: number; cpu: number }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await verifyBundle(splitLines(createReadStream(file, { highWaterMark: 1 << 20 })), { policy });
  if (!result.ok) throw new Error(`verification failed: ${JSON.stringify(result.fault)}`);
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

/** The plain bundle with every checkpoint note (header and earlier ones) cosigned by `witnesses`. */
async function cosignBundle(from: string, to: string, witnesses: NoteSigner[]): Promise<void> {
  const cosign = (note: string) => {
    const text = parseSignedNote(note).text;
    return note + witnesses.map((w) => cosignNoteText(text, w, 1_800_000_000)).join('');
  };
  const out = createWriteStream(to);
  let first = true;
  for await (const line of splitLines(createReadStream(from, { highWaterMark: 1 << 20 }))) {
    let chunk: Buffer;
    if (first) {
      const header = JSON.parse(line.toString('utf8')) as BundleHeader;
      chunk = encodeHeader({ ...header, checkpoint: cosign(header.checkpoint) });
      first = false;
    } else if (line.subarray(0, 14).toString('latin1') === '{"checkpoint":') {
      chunk = encodeCheckpointLine(cosign((JSON.parse(line.toString('utf8')) as { checkpoint: string }).checkpoint));
    } else chunk = Buffer.concat([line, NEWLINE]);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const NEWLINE = Buffer.from('\n');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function addCheckpointLatencies(submissions: number, env: Record<string, string>): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-witness-bench-'));
  const log = new TestLog(ORIGIN).grow(submissions * 10);
  const witness = await startWitness(
    loadWitnessConfig({ WITNESS_PORT: '0', WITNESS_DATA_DIR: dir, WITNESS_LOGS: log.vkey, ...env }),
    silent,
  );
  try {
    const latencies: number[] = [];
    for (let i = 1, old = 0; i <= submissions; i++) {
      const size = i * 10;
      const body = formatAddCheckpointRequest({
        oldSize: old,
        proof: await log.proof(old, size),
        note: log.checkpoint(size),
      });
      const started = process.hrtime.bigint();
      const res = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body });
      await res.text();
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`add-checkpoint answered ${res.status}`);
      old = size;
    }
    return latencies.sort((a, b) => a - b);
  } finally {
    await witness.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const events = argNumber('events', 1_000_000);
  const every = argNumber('checkpoint-every', 1000);
  const witnessCount = argNumber('witnesses', 3);
  const rounds = argNumber('rounds', 3);
  const submissions = argNumber('submissions', 300);
  const commandSeconds = argNumber('commands-seconds', 10, { allowZero: true });
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'accord-witness-bench-'));
  try {
    const logKey = generateKeyPairSync('ed25519').privateKey;
    const witnesses = Array.from({ length: witnessCount }, (_, i) => ({
      name: `witness-${i + 1}.bench/accord`,
      privateKey: generateKeyPairSync('ed25519').privateKey,
    }));
    const plain = join(dir, 'plain.jsonl');
    const cosigned = join(dir, 'cosigned.jsonl');
    console.error(
      `writing a bundle of ${events.toLocaleString('en-GB')} events, and a copy with cosigned checkpoints…`,
    );
    await writeSyntheticBundle(plain, { events, checkpointEvery: every, origin: ORIGIN, logKey });
    await cosignBundle(plain, cosigned, witnesses);
    const policy = parsePolicy(
      formatPolicy({
        logVkey: encodeVerifierKey(ORIGIN, logKey),
        witnesses: witnesses.map((w, i) => ({
          name: `party-${i + 1}`,
          vkey: encodeWitnessVerifierKey(w.name, w.privateKey),
        })),
      }),
    );

    const plainRuns: { wall: number; cpu: number }[] = [];
    const cosignedRuns: { wall: number; cpu: number }[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Alternate which goes first, so a warming cache or a neighbour's burst does not favour one.
      if (round % 2 === 1) {
        plainRuns.push(await verifyRun(plain));
        cosignedRuns.push(await verifyRun(cosigned, policy));
      } else {
        cosignedRuns.push(await verifyRun(cosigned, policy));
        plainRuns.push(await verifyRun(plain));
      }
      progress('verification rounds', round, rounds);
    }
    const cpuRatio = median(cosignedRuns.map((r) => r.cpu)) / median(plainRuns.map((r) => r.cpu));

    const fileLatencies = await addCheckpointLatencies(submissions, {});
    const pgLatencies = await withBenchDatabase(serverUrl, 1, (_pool, url) =>
      addCheckpointLatencies(submissions, { WITNESS_DATABASE_URL: url }),
    );

    const checkpoints = Math.floor((events - 1) / every) + 1;
    const figures: Figure[] = [
      {
        name: `verify ${events.toLocaleString('en-GB')} events, ${checkpoints.toLocaleString('en-GB')} checkpoints, no cosignatures: per CPU-second, median of ${rounds}`,
        value: events / median(plainRuns.map((r) => r.cpu)),
        unit: 'events/CPU-s',
      },
      {
        name: `verify the same with ${witnessCount} cosignatures per checkpoint and an all-of-${witnessCount} policy: per CPU-second`,
        value: events / median(cosignedRuns.map((r) => r.cpu)),
        unit: 'events/CPU-s',
      },
      {
        name: 'cosigned with policy / plain, verifier CPU time (same run)',
        value: cpuRatio,
        unit: '×',
        target: '≤ 1.05',
        met: cpuRatio <= 1.05,
      },
      {
        name: 'cosigned with policy / plain, wall time (same run; shared machine)',
        value: median(cosignedRuns.map((r) => r.wall)) / median(plainRuns.map((r) => r.wall)),
        unit: '×',
      },
      { name: 'add-checkpoint over HTTP, state file: p50', value: percentile(fileLatencies, 50), unit: 'ms' },
      { name: 'add-checkpoint over HTTP, state file: p99', value: percentile(fileLatencies, 99), unit: 'ms' },
      {
        name: `add-checkpoint over HTTP, PostgreSQL ${conditions.postgres.server_version}: p50`,
        value: percentile(pgLatencies, 50),
        unit: 'ms',
      },
      {
        name: `add-checkpoint over HTTP, PostgreSQL ${conditions.postgres.server_version}: p99`,
        value: percentile(pgLatencies, 99),
        unit: 'ms',
      },
    ];
    const commands =
      commandSeconds > 0
        ? await witnessCommandFigures({
            seconds: commandSeconds,
            rounds: argNumber('commands-rounds', 2),
            connections: argNumber('connections', 32),
            decisions: 16,
          })
        : { figures: [], lines: [] };
    figures.push(...commands.figures);
    const table = printTable('witness', figures);
    const show = (runs: { wall: number; cpu: number }[]) =>
      runs.map((r) => `${r.cpu.toFixed(2)} CPU-s / ${r.wall.toFixed(2)} s`).join(', ');
    const lines = [
      `- verification rounds: plain ${show(plainRuns)}; cosigned ${show(cosignedRuns)}`,
      ...commands.lines,
    ];
    console.log(`${table}\n\n${lines.join('\n')}`);
    writeResults('witness', conditions, figures, `${table}\n\n${lines.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
