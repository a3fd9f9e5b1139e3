/**
 * `npm run bench:telemetry [-- --rounds 10 --seconds 3 --decisions 8]`: what OpenTelemetry costs
 * commands. One API in this process (createApp, embedded PostgreSQL in a throwaway directory,
 * background jobs in-process as `npm start` runs them), loaded over HTTP by board members changing
 * their votes (two voters on each of --decisions open decisions, each a durable VoteChanged);
 * rounds alternate telemetry off (no SDK, the default) and on (tracing with the SDK's in-memory
 * exporter, dropped each round, and Prometheus metrics), so both meet the same machine and the
 * same growing log. Reported: commands/s of each and on ÷ off, the median of each round pair's
 * ratio (target ≥ 0.90). The load generator shares this process: the figures are the API's
 * throughput with a client beside it, not its ceiling (bench:commands measures that).
 */
import { cpus, loadavg } from 'node:os';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { Storage } from '@accord/server';
import { startTelemetry } from '@accord/telemetry';
import { Caller, startApi } from '../support/api-harness';
import { argNumber, Figure, printTable, readConditions, writeResults } from './bench-kit';

const PARTNERSHIP = 'bench-partnership';
const ORGS = ['bench-council', 'bench-association'];
const admin: Caller = { personId: 'bench.admin', orgId: 'platform', roles: ['admin'] };
const governor = (orgId: string): Caller => ({ personId: `gov.${orgId}`, orgId, roles: ['member'] });

async function main(): Promise<void> {
  const rounds = argNumber('rounds', 10);
  const seconds = argNumber('seconds', 3);
  const decisions = argNumber('decisions', 8);
  const api = await startApi({ RATE_LIMIT_WRITES_PER_MINUTE: '100000000', RATE_LIMIT_READS_PER_MINUTE: '100000000' });
  try {
    const ok = async (caller: Caller, path: string, body: unknown = {}) => {
      const res = await api.request('POST', path, { token: await api.token(caller), body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    for (const orgId of ORGS) {
      await ok(admin, '/v1/organisations', { organisationId: orgId, name: orgId, kind: 'local-authority' });
      await ok(admin, `/v1/organisations/${orgId}/members`, {
        personId: governor(orgId).personId,
        jobTitle: 'Director',
      });
      await ok(admin, `/v1/organisations/${orgId}/authorities`, {
        personId: governor(orgId).personId,
        categories: ['governance', 'other'],
        valueLimitPence: 0,
        instrument: 'Scheme of delegation',
        validFrom: '2026-01-01T00:00:00Z',
      });
    }
    const [first, second] = ORGS.map(governor);
    await ok(first, '/v1/partnerships', {
      partnershipId: PARTNERSHIP,
      title: 'Bench',
      purpose: 'Bench',
      parties: ORGS,
    });
    for (const g of [first, second]) {
      await ok(g, `/v1/partnerships/${PARTNERSHIP}/join`);
      await ok(g, `/v1/partnerships/${PARTNERSHIP}/board`, { personId: g.personId });
    }
    for (let d = 0; d < decisions; d++) {
      await ok(first, `/v1/partnerships/${PARTNERSHIP}/decisions`, {
        decisionId: `bench-${d}`,
        title: `Decision ${d}`,
        motion: 'That we proceed',
        category: 'other', // all parties sign off: votes never resolve it
      });
      await ok(first, `/v1/decisions/bench-${d}/open`, { closesAt: new Date(Date.now() + 86_400_000).toISOString() });
      for (const g of [first, second]) await ok(g, `/v1/decisions/bench-${d}/votes`, { stance: 'agree', reason: 'x' });
    }
    const voters = await Promise.all(
      Array.from({ length: decisions }, (_, d) =>
        [first, second].map(async (g) => ({ decision: `bench-${d}`, token: await api.token(g, '4h') })),
      ).flat(),
    );

    /**
     * Commands answered 2xx per second, every voter changing its vote as fast as answered, and this
     * process's CPU per command (API and client alike: what telemetry adds to it is the API's).
     */
    const round = async (): Promise<{ rate: number; cpuMs: number }> => {
      const until = Date.now() + seconds * 1000;
      const cpuBefore = process.cpuUsage();
      let done = 0;
      await Promise.all(
        voters.map(async ({ decision, token }, i) => {
          for (let n = i; Date.now() < until; n++) {
            const res = await api.request('POST', `/v1/decisions/${decision}/votes/change`, {
              token,
              body: { stance: n % 2 === 0 ? 'disagree' : 'agree', reason: `round ${n}` },
            });
            if (res.status < 300) done++;
          }
        }),
      );
      const cpu = process.cpuUsage(cpuBefore);
      return { rate: done / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(done, 1) };
    };

    await round(); // warm-up, off
    const off: { rate: number; cpuMs: number }[] = [];
    const on: { rate: number; cpuMs: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      off.push(await round());
      const spans = new InMemorySpanExporter();
      // Spans are exported in batches, as a deployment's OTLP exporter does, not one export per span.
      const telemetry = startTelemetry(
        { serviceName: 'accord-bench', traces: 'none', metrics: 'prometheus', metricsToken: 'bench-metrics-token' },
        { spanExporter: spans, batched: true },
      );
      try {
        on.push(await round());
      } finally {
        await telemetry.shutdown();
      }
      process.stderr.write(
        `round ${r + 1}: off ${off[r].rate.toFixed(0)}/s ${off[r].cpuMs.toFixed(3)} ms CPU, on ${on[r].rate.toFixed(0)}/s ${on[r].cpuMs.toFixed(3)} ms CPU\n`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Each on round against the off round just before it, so a machine whose load drifts (other
    // processes) moves both sides of a ratio alike; the median ignores the odd disturbed pair.
    const ratio = median(on.map((x, r) => x.rate / off[r].rate));
    const cpuRatio = median(on.map((x, r) => x.cpuMs / off[r].cpuMs));
    const figures: Figure[] = [
      {
        name: 'commands/s, telemetry off (median of rounds)',
        value: median(off.map((x) => x.rate)),
        unit: 'commands/s',
      },
      {
        name: 'commands/s, tracing + metrics on (median of rounds)',
        value: median(on.map((x) => x.rate)),
        unit: 'commands/s',
      },
      { name: 'on ÷ off (median of paired rounds)', value: ratio, unit: 'ratio', target: '≥ 0.90', met: ratio >= 0.9 },
      {
        name: 'CPU per command (API and load generator), on ÷ off (median of paired rounds)',
        value: cpuRatio,
        unit: 'ratio',
      },
    ];
    const table = printTable(`telemetry overhead, ${rounds} interleaved rounds of ${seconds} s`, figures);
    process.stdout.write(`${table}\n(load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)\n`);
    const databaseUrl = api.app.get(Storage).pool.options.connectionString as string;
    writeResults('telemetry', await readConditions(databaseUrl), figures, table);
  } finally {
    await api.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
