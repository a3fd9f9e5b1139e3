/**
 * What registered witnesses cost the command path, and how soon they cosign: the API as `npm
 * start` runs it (embedded PostgreSQL, background jobs in process, so the sealer and the witness
 * submitter share its CPU; a checkpoint every second), vote changes with autocannon in rounds alternating between no witness
 * registered and three (three `accord witness` processes, one per organisation, registered by its
 * org-admin, retired after their round), so drift in the machine or the log's growth favours
 * neither. While witnesses are registered the bench polls the database: for each checkpoint the
 * sealer signs, the time from its signing to the first moment a checkpoint at least that large
 * carries all three cosignatures (the submitter sends only the latest checkpoint, so one signed
 * while a submission is on its way is covered by the next).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AccordClient, Caller } from '../../apps/cli/src/client/accord-client';
import { startWitnessProcess, stopWitnessProcesses, type WitnessProcess } from '../support/witness-processes';
import { type ApiProcess, startApiProcess } from './api-process';
import { type Figure, percentile, ratioFigure } from './bench-kit';
import { admin, ORGS, setUpVoters, type Voter, voteLoad } from './vote-load';

const THIRD_ORG = { id: 'bench-auditors', name: 'Bench Audit Partnership', kind: 'other' } as const;
const WITNESS_ORGS = [...ORGS.map((o) => o.id), THIRD_ORG.id];
const orgAdmin = (orgId: string): Caller => ({ personId: `admin.${orgId}`, orgId, roles: ['org-admin'] });

export interface WitnessCommandOptions {
  seconds: number;
  rounds: number;
  connections: number;
  decisions: number;
}

interface Round {
  witnesses: boolean;
  rate: number;
  p99: number;
  non2xx: number;
}

async function voteRound(api: ApiProcess, voters: Voter[], connections: number, seconds: number) {
  const latencies: number[] = [];
  const result = await voteLoad(api, voters, connections, seconds, (status, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  latencies.sort((a, b) => a - b);
  return {
    rate: result['2xx'] / result.duration,
    p99: percentile(latencies, 99),
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Polls until stopped: the largest checkpoint carrying a cosignature of every one of `vkeys`, with
 * the database's clock when it was first seen, so it compares with `checkpoints.created_at`.
 */
function watchCosigned(databaseUrl: string, vkeys: string[]) {
  const seen: { size: number; at: number }[] = [];
  let stop = false;
  const running = (async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      while (!stop) {
        const { rows } = await db.query<{ size: string | null; now: Date }>(
          `SELECT (SELECT max(tree_size) FROM (SELECT tree_size FROM checkpoint_cosignatures WHERE vkey = ANY($1)
                     GROUP BY tree_size HAVING count(*) = $2) s) AS size, clock_timestamp() AS now`,
          [vkeys, vkeys.length],
        );
        const size = Number(rows[0]?.size ?? 0);
        if (size > (seen.at(-1)?.size ?? 0)) seen.push({ size, at: (rows[0] as { now: Date }).now.getTime() });
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await db.end();
    }
  })();
  return {
    seen,
    stop: async () => {
      stop = true;
      await running;
    },
  };
}

/** Milliseconds from each checkpoint signed in [from, to] to the first cosigned one covering it. */
async function cosignLatencies(
  databaseUrl: string,
  seen: { size: number; at: number }[],
  from: Date,
  to: Date,
): Promise<{ latencies: number[]; uncovered: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ tree_size: string; created_at: Date }>(
      'SELECT tree_size, created_at FROM checkpoints WHERE created_at BETWEEN $1 AND $2 ORDER BY tree_size',
      [from, to],
    );
    const latencies: number[] = [];
    let uncovered = 0;
    for (const row of rows) {
      const covered = seen.find((s) => s.size >= Number(row.tree_size));
      if (covered) latencies.push(Math.max(0, covered.at - row.created_at.getTime()));
      else uncovered++;
    }
    return { latencies: latencies.sort((a, b) => a - b), uncovered };
  } finally {
    await db.end();
  }
}

export async function witnessCommandFigures(options: WitnessCommandOptions): Promise<{
  figures: Figure[];
  lines: string[];
}> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-witness-commands-'));
  // An API takes up to minutes to start on a loaded 2-core machine.
  const api = await startApiProcess(
    // A checkpoint a second (default 10 s): enough of them in a round for a p99 of their cosigning.
    { LOG_LEVEL: 'warn', RATE_LIMIT_WRITES_PER_MINUTE: '10000000', AUDIT_CHECKPOINT_EVERY_SECONDS: '1' },
    { readyTimeoutMs: 300_000 },
  );
  try {
    const client = new AccordClient({ baseUrl: api.baseUrl, dataDir: api.dataDir, maxRetries: 0 });
    const voters = await setUpVoters(client, options.connections, options.decisions);
    await client.command(admin, '/v1/organisations', {
      organisationId: THIRD_ORG.id,
      name: THIRD_ORG.name,
      kind: THIRD_ORG.kind,
    });
    // Each organisation's org-admin holds the role in the ledger (granted by the platform admin), as in production.
    for (const org of WITNESS_ORGS) {
      const { personId } = orgAdmin(org);
      await client.command(admin, `/v1/organisations/${org}/members`, { personId, jobTitle: 'Org admin' });
      await client.command(admin, `/v1/organisations/${org}/roles`, { personId, role: 'org-admin' });
    }
    const logVkey = (await client.getPublic<{ vkey: string }>('/v1/audit/public-key')).vkey;
    process.stderr.write('witness commands: 3 s warm-up, not measured…\n');
    await voteRound(api, voters, options.connections, 3);

    const rounds: Round[] = [];
    const cosigned: number[] = [];
    let uncovered = 0;
    for (let r = 0; r < 2 * options.rounds; r++) {
      // none, three, three, none, none, three…: each kind goes first in every other pair.
      const withWitnesses = r % 4 === 1 || r % 4 === 2;
      process.stderr.write(
        `witness commands: round ${r + 1} of ${2 * options.rounds}, ${withWitnesses ? 'three witnesses' : 'no witness'}, ${options.seconds} s…\n`,
      );
      if (!withWitnesses) {
        rounds.push({ witnesses: false, ...(await voteRound(api, voters, options.connections, options.seconds)) });
        continue;
      }
      const witnesses: WitnessProcess[] = await Promise.all(
        WITNESS_ORGS.map((org) =>
          startWitnessProcess(`${org}-${r}`, dir, logVkey, `witness.${org}.r${r}.bench/accord`),
        ),
      );
      try {
        for (const [i, org] of WITNESS_ORGS.entries()) {
          const w = witnesses[i] as WitnessProcess;
          await client.command(orgAdmin(org), `/v1/organisations/${org}/witness`, {
            name: w.name,
            vkey: w.vkey,
            url: w.url,
          });
        }
        const watch = watchCosigned(
          api.databaseUrl(),
          witnesses.map((w) => w.vkey),
        );
        const from = new Date();
        const round = await voteRound(api, voters, options.connections, options.seconds);
        const to = new Date();
        // Give the round's last checkpoints their chance to be cosigned (a 1 s target: 5 s is ample).
        await new Promise((r2) => setTimeout(r2, 5000));
        await watch.stop();
        const latency = await cosignLatencies(api.databaseUrl(), watch.seen, from, to);
        cosigned.push(...latency.latencies);
        uncovered += latency.uncovered;
        rounds.push({ witnesses: true, ...round });
        for (const org of WITNESS_ORGS)
          await client.command(orgAdmin(org), `/v1/organisations/${org}/witness/retire`, {
            reason: 'Bench round over',
          });
      } finally {
        await stopWitnessProcesses(witnesses);
      }
    }
    cosigned.sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const withRates = rounds.filter((r) => r.witnesses).map((r) => r.rate);
    const withoutRates = rounds.filter((r) => !r.witnesses).map((r) => r.rate);
    const p99 = percentile(cosigned, 99);
    const figures: Figure[] = [
      ratioFigure(
        `vote changes with 3 witnesses registered / with none (mean of ${options.rounds} rounds each, alternating)`,
        { name: '3 witnesses', value: mean(withRates), unit: 'commands/s' },
        { name: 'no witness', value: mean(withoutRates), unit: 'commands/s' },
        '≥',
        0.95,
      ),
      {
        name: 'vote change p99 with 3 witnesses / with none (mean of rounds)',
        value:
          mean(rounds.filter((r) => r.witnesses).map((r) => r.p99)) /
          mean(rounds.filter((r) => !r.witnesses).map((r) => r.p99)),
        unit: '×',
      },
      {
        name: `checkpoint signed → covered by one carrying all 3 cosignatures: p50 (${cosigned.length} checkpoints)`,
        value: percentile(cosigned, 50),
        unit: 'ms',
      },
      {
        name: 'checkpoint signed → all 3 cosignatures: p99 (loopback)',
        value: p99,
        unit: 'ms',
        target: '≤ 1,000',
        met: p99 <= 1000 && uncovered === 0,
      },
    ];
    const lines = [
      `- witness rounds: ${rounds.map((r) => `${r.witnesses ? '3 witnesses' : 'none'} ${r.rate.toFixed(0)}/s (p99 ${r.p99.toFixed(0)} ms, ${r.non2xx} not 2xx)`).join('; ')}`,
      `- checkpoints signed during the witnessed rounds never covered by an all-3 cosigned one within 5 s: ${uncovered}`,
    ];
    return { figures, lines };
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
