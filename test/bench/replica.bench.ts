/**
 * `npm run bench:replica -- [--seconds 6] [--rounds 5] [--connections 32]`: queries served from a
 * streaming replica against the same queries served from the primary, in the same run.
 *
 * infra/replica/start.sh makes a PostgreSQL primary and a hot standby (Debian's PostgreSQL, in a
 * temporary folder). The ledger of `bench:commands` (a partnership, its board, open decisions and
 * votes) is made through the API; then two API processes run on that primary, without background
 * jobs, one with DATABASE_READ_URL on the standby and one without. With no writes going on, both
 * are loaded in turn with the partnership's overview
 * (`GET /v1/partnerships/{id}/overview?minPosition=…`: three read models, and the wait for
 * them), alternating which goes first each round. The figures are the median rate of each side
 * and the median of the rounds' replica ÷ primary ratios (target ≥ 0.8: a replica costs queries
 * little).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import { ApiProcess, loadAutocannon, startApiProcess } from './api-process';
import { argNumber, Figure, percentile, printTable, readConditions, writeResults } from './bench-kit';
import { PARTNERSHIP, setUpVoters } from './vote-load';

const SCRIPTS = resolve(__dirname, '../../../infra/replica');
const UNLIMITED = String(10_000_000);

interface Side {
  name: string;
  api: ApiProcess;
  rates: number[];
  latencies: number[];
}

async function measure(side: Side, path: string, token: string, connections: number, seconds: number) {
  const latencies: number[] = [];
  let ok = 0;
  const instance = loadAutocannon()({
    url: `${side.api.baseUrl}${path}`,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    headers: { authorization: `Bearer ${token}` },
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) {
      ok++;
      latencies.push(ms);
    }
  });
  const result = await instance;
  if (result.non2xx + result.errors > 0)
    throw new Error(`${side.name}: ${result.non2xx} answers not 2xx and ${result.errors} errors`);
  side.rates.push(ok / result.duration);
  side.latencies.push(...latencies);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<number> {
  const seconds = argNumber('seconds', 6);
  const rounds = argNumber('rounds', 5);
  const connections = argNumber('connections', 32);

  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-replica-'));
  chmodSync(dir, 0o755); // as root, the postgres user keeps the clusters in it
  const dataDir = join(dir, 'api');
  mkdirSync(dataDir);
  const env = { ...process.env, REPLICA_DIR: join(dir, 'postgres'), PRIMARY_PORT: '25442', STANDBY_PORT: '25443' };
  const started: ApiProcess[] = [];
  try {
    const urls = Object.fromEntries(
      execFileSync(join(SCRIPTS, 'start.sh'), { env, encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s, 2)),
    );
    const common = {
      LOG_LEVEL: 'warn',
      DATABASE_URL: urls.DATABASE_URL,
      RATE_LIMIT_WRITES_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_READS_PER_MINUTE: UNLIMITED,
    };
    // The ledger of bench:commands, made by an API that runs the projections; then two APIs
    // without background jobs (so neither side pays for them) and the same data directory (one
    // token serves both) answer the queries.
    const seeder = await startApiProcess({ ...common, ACCORD_DATA_DIR: dataDir });
    started.push(seeder);
    const client = new AccordClient({ baseUrl: seeder.baseUrl, dataDir, maxRetries: 0 });
    const voters = await setUpVoters(client, 64, 16);
    const last = await client.command(voters[0].caller, `/v1/decisions/${voters[0].decisionId}/votes/change`, {
      stance: 'disagree',
      reason: 'The last write before the queries',
    });
    const path = `/v1/partnerships/${PARTNERSHIP}/overview?minPosition=${last.position}`;
    await client.get(voters[0].caller, path);
    await started.pop()!.stop();

    const readers = { ...common, ACCORD_DATA_DIR: dataDir, BACKGROUND_JOBS: 'off' };
    const viaReplica = await startApiProcess({ ...readers, DATABASE_READ_URL: urls.DATABASE_READ_URL });
    started.push(viaReplica);
    const viaPrimary = await startApiProcess(readers);
    started.push(viaPrimary);
    const conditions = await readConditions(urls.DATABASE_URL);
    const token = voters[0].token;

    console.log(`replica benchmark, ${conditions.date}`);
    console.log(
      `  machine: ${conditions.cpus} × ${conditions.cpuModel}, ${conditions.memoryGiB} GiB, Node ${conditions.node}; PostgreSQL ${conditions.postgres.server_version} primary and hot standby on this machine (infra/replica)`,
    );
    console.log(
      `  load: GET ${path.replace(/\?.*/, '')}?minPosition=<last write>, autocannon ${connections} connections, ${rounds} rounds × ${seconds} s per side, order alternating`,
    );
    const sides: Side[] = [
      { name: 'from the replica', api: viaReplica, rates: [], latencies: [] },
      { name: 'from the primary', api: viaPrimary, rates: [], latencies: [] },
    ];
    // Warm both (JIT, connections, the standby's caches) before measuring.
    for (const side of sides) await measure({ ...side, rates: [], latencies: [] }, path, token, connections, 2);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) await measure(side, path, token, connections, seconds);
      console.log(`  round ${round + 1}: ${sides.map((s) => `${s.name} ${s.rates.at(-1)!.toFixed(0)}/s`).join(', ')}`);
    }
    const [replica, primary] = sides.map((s) => ({
      ...s,
      rate: median(s.rates),
      sorted: s.latencies.sort((a, b) => a - b),
    }));
    // Paired per round: the two sides of a round ran seconds apart, under the same load from
    // whatever else the machine was doing, which drifts more between rounds than within one.
    const ratio = median(replica.rates.map((r, i) => r / primary.rates[i]));
    const figures: Figure[] = [
      { name: 'overview queries from the replica (median of rounds)', value: replica.rate, unit: 'queries/s' },
      { name: 'overview queries from the primary (median of rounds)', value: primary.rate, unit: 'queries/s' },
      {
        name: 'replica ÷ primary (median of the rounds’ ratios)',
        value: ratio,
        unit: '×',
        target: '≥ 0.8',
        met: ratio >= 0.8,
      },
      { name: 'latency p50 from the replica', value: percentile(replica.sorted, 50), unit: 'ms' },
      { name: 'latency p50 from the primary', value: percentile(primary.sorted, 50), unit: 'ms' },
      { name: 'latency p99 from the replica', value: percentile(replica.sorted, 99), unit: 'ms' },
      { name: 'latency p99 from the primary', value: percentile(primary.sorted, 99), unit: 'ms' },
    ];
    const table = printTable('replica', figures);
    console.log(`\n${table}`);
    writeResults('replica', conditions, figures, table);
    return ratio >= 0.8 ? 0 : 1;
  } finally {
    for (const api of started.reverse()) await api.stop();
    execFileSync(join(SCRIPTS, 'stop.sh'), ['--wipe'], { env, stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
