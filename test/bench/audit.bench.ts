/**
 * `npm run bench:audit`: the verifiable log on this machine's PostgreSQL (DATABASE_URL, else
 * 127.0.0.1:5432). Options: --events N (default 1,000,000) --proofs N (default 2,000) --seed N
 * (the proofs' random positions; default 1). `--verifier-only`: only the offline verifier against
 * bare hashing, on a bundle of --events written without PostgreSQL (test/support/synthetic-bundle.ts:
 * consecutive events in different streams, where this bench's own log has runs of 500 in one).
 *
 * It appends N events through the real event store (500 per append over 1,000 streams), seals
 * them with the real sealer (so the 1M-leaf tree's nodes are the ones production would store,
 * built incrementally, not synthesised), then measures:
 *  - sealing with the column check against sealing without it (seal-column-check.ts), first;
 *  - sealer catch-up (leaves hashed into the tree and committed with their nodes, per second);
 *  - full-log verification, offline: `accord verify`'s code reading a bundle file;
 *  - the offline verifier against its limit: a bare loop hashing every leaf and interior node of
 *    the same bundle (verify-hashing.ts), and the verifier with worker threads against one thread;
 *  - full-log verification, server-side: GET /v1/audit/verify's code (export from PostgreSQL
 *    piped into the same verifier, with the column and stored-node checks), judged against the
 *    offline verification of the same events, the two alternated;
 *  - inclusion-proof latency at N events: AuditLog.inclusion for random positions against the
 *    latest checkpoint (what GET /v1/audit/proofs/inclusion does, without HTTP), and the bare
 *    proof (one round trip for its nodes).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inclusionProof, splitLines, verifyBundle } from '@accord/audit';
import { migrate, PostgresEventStore } from '@accord/event-store';
import { AuditLog } from '@accord/audit/postgres';
import { AUDIT_MIGRATIONS } from '@accord/audit/postgres';
import { loadAuditSigningKey } from '@accord/audit/postgres';
import { prepareBundleExport } from '@accord/audit/postgres';
import { verifyLog } from '@accord/audit/postgres';
import { MerkleSealer } from '@accord/audit/postgres';
import { PostgresNodeReader } from '@accord/audit/postgres';
import {
  argNumber,
  Figure,
  machineConditions,
  percentile,
  printTable,
  progress,
  publishFigures,
  ratioFigure,
  readConditions,
  writeResults,
} from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';
import { measureVerificationVsHashing, verificationFigures } from './verify-hashing';
import { measureColumnCheckCost } from './seal-column-check';
import { writeSyntheticBundle } from '../support/synthetic-bundle';
import { seededRandom } from '../support/seeded-random';

const actor = { personId: 'bench-person', orgId: 'bench-org', roles: ['member'] };
const ORIGIN = 'accord.bench/log';

export async function runAuditBench(serverUrl: string, events: number, proofs: number, seed = 1): Promise<Figure[]> {
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), 'accord-audit-bench-'));
  try {
    return await withBenchDatabase(serverUrl, 8, async (pool) => {
      await migrate(pool, AUDIT_MIGRATIONS);
      const store = new PostgresEventStore(pool);
      const payload = {
        partnershipId: 'station-road',
        stance: 'agree',
        reason: 'The disposal supports the housing objective of the partnership.',
      };
      let next = 0;
      let appended = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = next; i < events; i = next) {
            const n = Math.min(500, events - i);
            next += n;
            await store.append(
              `decision-bench-${(i / 500) % 1000}`,
              Array.from({ length: n }, (_, j) => ({ type: 'VoteCast', data: { ...payload, n: i + j } })),
              {
                expectedRevision: 'any',
                metadata: { actor, correlationId: null, causationId: null },
              },
            );
            appended += n;
            progress('append', appended, events);
          }
        }),
      );
      await store.close();

      const key = await loadAuditSigningKey({
        signingKeyFile: join(dir, 'audit-key.pem'),
        createSigningKey: true,
        origin: ORIGIN,
      });
      const columnCheck = await measureColumnCheckCost(pool, key, ORIGIN, events);
      const sealer = new MerkleSealer(pool, { key, origin: ORIGIN, everyEvents: 1000, everySeconds: 10 });
      const sealStarted = process.hrtime.bigint();
      for (let sealed = 0; sealed < events;) {
        const result = await sealer.sealBatch();
        sealed = result.treeSize;
        progress('seal', sealed, events);
      }
      const sealSeconds = seconds(sealStarted);

      const file = join(dir, 'bundle.jsonl');
      const exportStarted = process.hrtime.bigint();
      await pipeline(Readable.from(await prepareBundleExport(pool), { objectMode: false }), createWriteStream(file));
      const exportSeconds = seconds(exportStarted);
      const bundleMiB = statSync(file).size / 2 ** 20;

      // Server verification is judged against the offline verifier on the same events: its bound,
      // since it runs that verifier on the export and adds the checks of the columns and stored nodes.
      // Rounds alternate (offline, server, then server, offline) and each side keeps its best.
      const loadBefore = os.loadavg()[0] as number;
      const offline = { seconds: Infinity, cpuSeconds: Infinity };
      const server = { seconds: Infinity, cpuSeconds: Infinity };
      for (const side of ['offline', 'server', 'server', 'offline'] as const) {
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        const result =
          side === 'offline'
            ? await verifyBundle(splitLines(createReadStream(file, { highWaterMark: 1 << 20 })), {
                onProgress: (n) => progress('verify (offline)', n, events),
              })
            : await verifyLog(pool, { get: async () => key });
        const best = side === 'offline' ? offline : server;
        best.cpuSeconds = Math.min(best.cpuSeconds, cpuSeconds(cpu));
        best.seconds = Math.min(best.seconds, seconds(started));
        if (!result.ok || result.summary.events !== events)
          throw new Error(`${side} verification failed: ${JSON.stringify(result.fault)}`);
      }
      const loadAfter = os.loadavg()[0] as number;

      const againstHashing = verificationFigures(await measureVerificationVsHashing(file));

      const log = new AuditLog(pool);
      const reader = new PostgresNodeReader(pool);
      const full: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < proofs; i++) {
        const position = 1 + Math.floor(random() * events);
        let t0 = process.hrtime.bigint();
        await log.inclusion({ position });
        full.push(Number(process.hrtime.bigint() - t0) / 1e6);
        t0 = process.hrtime.bigint();
        await inclusionProof(position - 1, events, reader);
        bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      full.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);

      const offlineRate = events / offline.seconds;
      const serverRate = events / server.seconds;
      const at = `at ${events.toLocaleString('en-GB')} events`;
      return [
        {
          name: 'sealer catch-up (hash, store nodes, sign every 1,000)',
          value: events / sealSeconds,
          unit: 'events/s',
        },
        ...columnCheck,
        {
          name: `export whole log to a file (${bundleMiB.toFixed(0)} MiB)`,
          value: events / exportSeconds,
          unit: 'events/s',
        },
        {
          name: 'full-log verification, offline (accord verify on the file)',
          value: offlineRate,
          unit: 'events/s',
          target: '≥ 100,000',
          met: offlineRate >= 100_000,
        },
        {
          name: 'full-log verification, server (GET /v1/audit/verify code)',
          value: serverRate,
          unit: 'events/s',
        },
        ratioFigure(
          'full-log verification, server / offline, the same events (best of 2 each, alternating)',
          { name: 'server', value: serverRate, unit: 'events/s' },
          { name: 'offline', value: offlineRate, unit: 'events/s' },
          '≥',
          0.5,
        ),
        {
          name: 'full-log verification, offline, per CPU-second of the verifier',
          value: events / offline.cpuSeconds,
          unit: 'events/CPU-s',
        },
        {
          name: 'full-log verification, server, per CPU-second of the API process (PostgreSQL not counted)',
          value: events / server.cpuSeconds,
          unit: 'events/CPU-s',
        },
        {
          name: '1-minute load average before / after the verification runs (2 CPUs shared)',
          value: Math.max(loadBefore, loadAfter),
          unit: `max of ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
        },
        {
          name: `inclusion proof ${at}, p50 (what GET /v1/audit/proofs/inclusion?position= does)`,
          value: percentile(full, 50),
          unit: 'ms',
        },
        {
          name: `inclusion proof ${at}, p99`,
          value: percentile(full, 99),
          unit: 'ms',
          target: '≤ 10',
          met: percentile(full, 99) <= 10,
        },
        ...againstHashing,
        { name: `bare proof from stored nodes ${at}, p50`, value: percentile(bare, 50), unit: 'ms' },
        { name: `bare proof from stored nodes ${at}, p99`, value: percentile(bare, 99), unit: 'ms' },
      ];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

async function verifierOnly(events: number): Promise<void> {
  const conditions = machineConditions();
  console.log(
    `audit benchmark, verifier only: a synthetic bundle of ${events.toLocaleString('en-GB')} events, ${conditions.cpus} CPUs (${conditions.cpuModel}), Node ${conditions.node}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'accord-audit-bench-'));
  try {
    const file = join(dir, 'bundle.jsonl');
    const { privateKey } = generateKeyPairSync('ed25519');
    await writeSyntheticBundle(file, { events, checkpointEvery: 1000, origin: ORIGIN, logKey: privateKey });
    const figures = verificationFigures(await measureVerificationVsHashing(file));
    publishFigures('audit-verifier', conditions, figures, printTable('audit', figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const events = argNumber('events', 1_000_000);
  if (process.argv.includes('--verifier-only')) return verifierOnly(events);
  const proofs = argNumber('proofs', 2000);
  const seed = argNumber('seed', 1);
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `audit benchmark: ${events.toLocaleString('en-GB')} events, ${proofs.toLocaleString('en-GB')} proofs, PostgreSQL ${conditions.postgres.server_version}, synchronous_commit=${conditions.postgres.synchronous_commit}, fsync=${conditions.postgres.fsync}, ${conditions.cpus} CPUs (${conditions.cpuModel}), Node ${conditions.node}`,
  );
  const figures = await runAuditBench(serverUrl, events, proofs, seed);
  const table = printTable('audit', figures);
  console.log(table);
  console.log(`figures written to ${writeResults('audit', conditions, figures, table)}/audit.{md,json}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
