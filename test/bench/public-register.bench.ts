/**
 * `npm run bench:public-register [-- --decisions 1000 --seconds 5 --rounds 3 --connections 32 --csv-rows 100000]`:
 * the public register against the HTTP stack's ceiling. Starts the API as `npm start` would (child
 * process, embedded PostgreSQL, fresh data directory), builds a partnership under council procedure
 * with --decisions decisions through the HTTP API (each put on the forward plan, opened, signed off
 * by both parties, its outcome recorded and its notice published), then loads it with autocannon,
 * without a token, in interleaved rounds: GET /health/live, the first page (50) of published
 * decisions, and the Atom feed (50 newest notices and forward-plan entries). Each request is a full
 * 200 answer (no If-None-Match): the API reads the read models' checkpoints every time and serves
 * the answer it built for those positions. Reported: requests/s of each (median of the rounds) and
 * each ÷ /health/live (target ≥ 0.5). Then open data (issue 20): the partnership is grown to
 * --csv-rows published decisions (default 100,000) by appending the rest straight to the event
 * store, each drafted and opened in one append to its own stream, many appends in flight (the
 * HTTP API would take hours for as many); once every projection has settled, the whole decisions.csv
 * (streamed in batches) is downloaded --csv-rounds times (default 5), interleaved with readAll of
 * the same database's whole log through the event store: CSV rows/s ÷ readAll events/s (target
 * ≥ 0.5), medians of the rounds; each download must hold every decision. With PROFILE_API=<dir>
 * the API runs under `node --cpu-prof` and writes its CPU profile there when it stops.
 */
import { Pool } from 'pg';
import { decisionStreamId } from '@accord/domain';
import { PostgresEventStore } from '@accord/event-store';
import { AccordClient, AccordRequestError, Caller } from '../../apps/cli/src/client/accord-client';
import { loadAutocannon } from './api-process';
import { argNumber, Figure, printTable, progress, publishFigures, ratioFigure, readAllRate } from './bench-kit';
import { startUnlimitedApi } from './unlimited-api';

const PARTNERSHIP = 'bench-council-partnership';
const ORGS = [
  { id: 'bench-council', name: 'Bench Borough Council', kind: 'local-authority' },
  { id: 'bench-association', name: 'Bench Housing Association', kind: 'housing-association' },
] as const;
const admin: Caller = { personId: 'bench.admin', orgId: 'platform', roles: ['admin'] };
const governor = (orgId: string): Caller => ({ personId: `gov.${orgId}`, orgId, roles: ['member'] });
const londonDate = (daysAhead: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + daysAhead * 86_400_000));

async function setUp(client: AccordClient, decisions: number, concurrency: number): Promise<number> {
  for (const o of ORGS) {
    await client.command(admin, '/v1/organisations', { organisationId: o.id, name: o.name, kind: o.kind });
    await client.command(admin, `/v1/organisations/${o.id}/members`, {
      personId: governor(o.id).personId,
      jobTitle: 'Director of Governance',
    });
    await client.command(admin, `/v1/organisations/${o.id}/authorities`, {
      personId: governor(o.id).personId,
      categories: ['governance'],
      valueLimitPence: 0,
      instrument: 'Benchmark scheme of delegation §1',
      validFrom: '2025-01-01T00:00:00Z',
    });
  }
  const [first, second] = ORGS.map((o) => governor(o.id));
  await client.command(first, '/v1/partnerships', {
    partnershipId: PARTNERSHIP,
    title: 'Benchmark Council Partnership',
    purpose: 'Load testing the public register',
    parties: ORGS.map((o) => o.id),
  });
  await client.command(first, `/v1/partnerships/${PARTNERSHIP}/terms`, {
    version: 1,
    approvalRule: 'all-parties-sign-off',
    quorum: 2,
    textSha256: 'b'.repeat(64),
    keyDecisions: { thresholdPence: 50_000_000, categories: ['land-disposal'], scrutinyChairPersonId: first.personId },
  });
  for (const g of [first, second]) {
    await client.command(g, `/v1/partnerships/${PARTNERSHIP}/join`, {});
    await client.command(g, `/v1/partnerships/${PARTNERSHIP}/board`, { personId: g.personId });
  }
  let position = 0;
  let next = 0;
  const closesAt = new Date(Date.now() + 86_400_000).toISOString();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let d = next++; d < decisions; d = next++) {
        const id = `bench-decision-${String(d).padStart(4, '0')}`;
        await client.command(first, `/v1/partnerships/${PARTNERSHIP}/decisions`, {
          decisionId: id,
          title: `Benchmark decision ${d}: standing orders for works package ${d}`,
          motion: `That the board adopts standing orders for works package ${d}.`,
          category: 'governance',
        });
        await client.command(first, `/v1/decisions/${id}/forward-plan`, {
          decisionMaker: 'Benchmark Council Partnership board',
          expectedDate: londonDate(30),
          documents: [`Report on works package ${d}`],
        });
        await client.command(first, `/v1/decisions/${id}/open`, { closesAt });
        for (const g of [first, second]) await client.command(g, `/v1/decisions/${id}/sign-offs`, {});
        await client.command(first, `/v1/decisions/${id}/outcome`, {
          statement: `Standing orders for works package ${d} adopted`,
          reasons: ['The works need clear rules'],
          alternativesRejected: ['Rely on each party’s own rules'],
        });
        const notice = await client.command(second, `/v1/decisions/${id}/notice`, {});
        position = Math.max(position, (notice as { position: number }).position);
      }
    }),
  );
  return position;
}

/**
 * Grows the partnership to `total` decisions, the ones beyond `from` appended straight to the store
 * (drafted and opened: published, since the terms name key decisions); returns the log's head.
 */
async function fillDecisions(databaseUrl: string, from: number, total: number, concurrency: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  const store = new PostgresEventStore(pool);
  const [first] = ORGS.map((o) => governor(o.id));
  const by = { personId: first.personId, orgId: first.orgId };
  const metadata = { actor: { ...by, roles: ['member'] }, correlationId: null, causationId: null };
  const openedAt = new Date().toISOString();
  const closesAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  try {
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let d = next++; d < total; d = next++) {
          const decisionId = `bench-decision-${String(d).padStart(6, '0')}`;
          const ref = { decisionId, partnershipId: PARTNERSHIP };
          await store.append(
            decisionStreamId(decisionId),
            [
              {
                type: 'DecisionDrafted',
                data: {
                  ...ref,
                  title: `Benchmark decision ${d}: standing orders for works package ${d}`,
                  motion: `That the board adopts standing orders for works package ${d}.`,
                  category: 'governance',
                  valuePence: 1_000 * d,
                  approvalRule: 'all-parties-sign-off',
                  draftedBy: by,
                },
              },
              {
                type: 'DecisionOpened',
                data: {
                  ...ref,
                  openedAt,
                  closesAt,
                  approvalRule: 'all-parties-sign-off',
                  parties: ORGS.map((o) => o.id),
                  termsVersion: 1,
                  openedBy: by,
                },
              },
            ],
            { expectedRevision: 'no-stream', metadata },
          );
          if (d % 5_000 === 0) progress('appending decisions', d, total);
        }
      }),
    );
    progress('appending decisions', total, total);
    return await store.headPosition();
  } finally {
    await store.close();
    await pool.end();
  }
}

/**
 * Waits until no projection's checkpoint has moved for a while: the fill leaves the trail index
 * and others catching up long after the register, and their work would be measured as the CSV's.
 */
async function projectionsSettled(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    let last = '';
    for (let still = 0; still < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const { rows } = await pool.query<{ at: string }>(
        "SELECT string_agg(name || ':' || position, ' ' ORDER BY name) AS at FROM projection_checkpoints",
      );
      still = rows[0].at === last ? still + 1 : 0;
      last = rows[0].at;
    }
  } finally {
    await pool.end();
  }
}

/** Waits, however long the projections take over a large fill, until the register holds `position`. */
async function readModelsAt(client: AccordClient, position: number): Promise<void> {
  for (;;) {
    try {
      await client.get(governor(ORGS[0].id), `/v1/decisions?minPosition=${position}&limit=1`);
      return;
    } catch (err) {
      if (!(err instanceof AccordRequestError && err.code === 'read-model-behind')) throw err;
    }
  }
}

/** Open data against the log it comes from: CSV rows/s and readAll events/s, interleaved, medians of the rounds. */
async function openDataRates(
  baseUrl: string,
  databaseUrl: string,
  decisions: number,
  rounds: number,
): Promise<{ csv: number[]; readAll: number[]; events: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const store = new PostgresEventStore(pool);
  try {
    const head = await store.headPosition();
    const rates = { csv: [] as number[], readAll: [] as number[], events: head };
    for (let r = 0; r < rounds; r++) {
      const started = process.hrtime.bigint();
      const res = await fetch(`${baseUrl}/v1/public/partnerships/${PARTNERSHIP}/decisions.csv`);
      const text = await res.text();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // One header line and a CRLF-ended record per decision (the bench's titles hold no line break).
      const rows = text.split('\r\n').length - 2;
      if (res.status !== 200 || rows !== decisions)
        throw new Error(`decisions.csv: ${res.status}, ${rows} rows where ${decisions} were published`);
      rates.csv.push(rows / seconds);
      rates.readAll.push(await readAllRate(store, head));
      process.stderr.write(
        `open data round ${r + 1}: CSV ${rates.csv[r].toFixed(0)} rows/s, readAll ${rates.readAll[r].toFixed(0)} events/s\n`,
      );
    }
    return rates;
  } finally {
    await store.close();
    await pool.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const decisions = argNumber('decisions', 1000);
  const seconds = argNumber('seconds', 5);
  const rounds = argNumber('rounds', 3);
  const connections = argNumber('connections', 32);
  const csvRounds = argNumber('csv-rounds', 5);
  const csvRows = Math.max(decisions, argNumber('csv-rows', 100_000));
  const { api, client, conditions } = await startUnlimitedApi(
    {},
    { nodeArgs: process.env.PROFILE_API ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_API}`] : [] },
  );
  try {
    const setupStarted = Date.now();
    const position = await setUp(client, decisions, 16);
    // Read-your-writes: the read models have every notice before anything is measured.
    await client.get(governor(ORGS[0].id), `/v1/partnerships/${PARTNERSHIP}/decision-notices?minPosition=${position}`);
    await client.get(governor(ORGS[0].id), `/v1/decisions?minPosition=${position}&limit=1`);
    process.stderr.write(
      `setup: ${decisions} decisions, each on the forward plan, approved, with its notice, in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s\n`,
    );

    const autocannon = loadAutocannon();
    const base = api.baseUrl;
    const targets = {
      health: `${base}/health/live`,
      decisions: `${base}/v1/public/partnerships/${PARTNERSHIP}/decisions`,
      atom: `${base}/v1/public/partnerships/${PARTNERSHIP}/register.atom`,
    };
    // The API's CPU per answer beside the rates: other work on a shared machine moves rates far more.
    const cpuMs = { health: [] as number[], decisions: [] as number[], atom: [] as number[] };
    const cpuOfApi = () => api.cpuSeconds().api;
    const rate = async (name: keyof typeof cpuMs, url: string): Promise<number> => {
      const cpuBefore = cpuOfApi();
      const result = await autocannon({ url, connections, duration: seconds });
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      cpuMs[name].push(((cpuOfApi() - cpuBefore) * 1000) / result['2xx']);
      return result['2xx'] / seconds;
    };
    for (const url of Object.values(targets)) await autocannon({ url, connections, duration: 1 }); // warm-up
    const runs = { health: [] as number[], decisions: [] as number[], atom: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      for (const [name, url] of Object.entries(targets)) {
        const key = name as keyof typeof runs;
        runs[key].push(await rate(key, url));
      }
      process.stderr.write(
        `round ${r + 1}: health ${runs.health[r].toFixed(0)}/s, decisions ${runs.decisions[r].toFixed(0)}/s, atom ${runs.atom[r].toFixed(0)}/s\n`,
      );
    }
    const health = { name: 'GET /health/live', value: median(runs.health), unit: 'req/s' };
    const decisionsPage = { name: 'public decisions, first page of 50', value: median(runs.decisions), unit: 'req/s' };
    const atom = { name: 'public Atom feed, 50 entries', value: median(runs.atom), unit: 'req/s' };
    const figures: Figure[] = [
      { ...health, name: `${health.name} (median of rounds)` },
      { ...decisionsPage, name: `${decisionsPage.name} (median of rounds)` },
      { ...atom, name: `${atom.name} (median of rounds)` },
      ratioFigure('public decisions ÷ /health/live', decisionsPage, health, '≥', 0.5),
      ratioFigure('Atom feed ÷ /health/live', atom, health, '≥', 0.5),
      ...(['health', 'decisions', 'atom'] as const).map((name) => ({
        name: `API CPU per answer, ${name} (median of rounds)`,
        value: median(cpuMs[name]),
        unit: 'ms',
      })),
    ];
    const fillStarted = Date.now();
    const head = await fillDecisions(api.databaseUrl(), decisions, csvRows, 16);
    await readModelsAt(client, head);
    await projectionsSettled(api.databaseUrl());
    process.stderr.write(
      `setup: ${csvRows - decisions} more decisions through the store, read models caught up, in ${((Date.now() - fillStarted) / 1000).toFixed(0)} s\n`,
    );
    const open = await openDataRates(base, api.databaseUrl(), csvRows, csvRounds);
    const csv = { name: `decisions.csv, ${csvRows} rows`, value: median(open.csv), unit: 'rows/s' };
    const readAll = {
      name: `readAll of the log, ${open.events} events`,
      value: median(open.readAll),
      unit: 'events/s',
    };
    figures.push(
      { ...csv, name: `${csv.name} (median of ${csvRounds})` },
      { ...readAll, name: `${readAll.name} (median of ${csvRounds})` },
      ratioFigure('decisions.csv rows/s ÷ readAll events/s', csv, readAll, '≥', 0.5),
    );
    const table = printTable(
      `public register of a partnership with ${decisions} decisions, ${rounds} interleaved rounds of ${seconds} s, ${connections} connections, no token`,
      figures,
    );
    publishFigures(
      'public-register',
      { ...conditions, run: { decisions, seconds, rounds, connections, csvRounds, csvRows } } as typeof conditions,
      figures,
      table,
      `${table}\n\n- API: node dist/apps/api/src/main.js (child process), embedded PostgreSQL, LOG_LEVEL=warn; load generator autocannon on the same machine, no token, full 200 answers (no If-None-Match)`,
    );
  } catch (err) {
    process.stderr.write(`--- the API's last output ---\n${api.output(50)}\n`);
    throw err;
  } finally {
    await api.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
