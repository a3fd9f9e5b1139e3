/**
 * `npm run bench:history [-- --large 100000 --small 1000 --medium 10000 --reads 30]`: reads that
 * must not grow with a partnership's history (issue 17), on this machine's PostgreSQL
 * (DATABASE_URL, else 127.0.0.1:5432). Three partnerships of the same shape, two parties and 20
 * open decisions, are written straight to the store with histories of --small, --medium and
 * --large events: after the setup, board members changing their votes back and forth, so the
 * current state (and the page drawn from it) is the same size whatever the history's length. One
 * event in ten is a clerk's minute recorded a day after it happened (occurredAt a day back). With
 * the trail index and its snapshots caught up, interleaved rounds time:
 * - the current timeline (what GET /v1/partnerships/{id}/timeline composes: the replay from the
 *   latest snapshot, the names, the page) of the large ÷ the small partnership (target ≤ 2);
 * - a bitemporal replay of the large ÷ the medium partnership (target ≤ 2): in each round, asOf
 *   an instant just after the event a seeded fraction f (0.5–0.95) into each history was
 *   recorded, and at when the event f − 0.05 into it happened; the same fractions for both, so
 *   neither side gains from where the snapshots fall.
 */
import { cpus, loadavg } from 'node:os';
import { Pool } from 'pg';
import { decisionStreamId, partnershipStreamId } from '@accord/domain';
import { migrate, NewEvent, PostgresEventStore } from '@accord/event-store';
import { catchUp, directoryProjection, Names, replayPartnershipAsOf, trailProjection } from '@accord/projections';
import { partnershipTimeline, peopleOfTimeline } from '../../apps/api/src/read-models/application/partnership-timeline';
import { APP_MIGRATIONS } from '@accord/server';
import { generateLedger } from '../support/generated-ledger';
import { seededRandom } from '../support/seeded-random';
import { argNumber, Figure, printTable, progress, ratioFigure, readConditions, writeResults } from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';

const DECISIONS = 20;
const VOTES_PER_APPEND = 50;
const MINUTE = 60_000;
const [A, B] = ['camden-council', 'peabody'];
const voter = (org: string) => `${org}.chair`;
const ref = (personId: string, orgId: string) => ({ personId, orgId });

/** One partnership's history; returns, for each event in order, an instant just after it was recorded and its occurredAt. */
async function writePartnership(
  store: PostgresEventStore,
  partnershipId: string,
  events: number,
): Promise<{ recordedAt: string; occurredAt: string }[]> {
  const clocks: { recordedAt: string; occurredAt: string }[] = [];
  // A synthetic year: one event a minute from 1 January, so `at` instants spread like asOf's.
  let minute = 0;
  const occurred = () => {
    const at = Date.parse('2026-01-01T09:00:00.000Z') + minute++ * MINUTE;
    return new Date(minute % 10 === 0 ? at - 24 * 60 * MINUTE : at).toISOString();
  };
  const append = async (streamId: string, batch: NewEvent[]) => {
    // Each event is its own append where its occurredAt differs; votes go in runs sharing one.
    const occurredAt = occurred();
    minute += batch.length - 1;
    await store.append(streamId, batch, {
      expectedRevision: 'any',
      metadata: {
        actor: { personId: voter(A), orgId: A, roles: ['member'] },
        correlationId: null,
        causationId: null,
        occurredAt,
      },
    });
    const recordedAt = new Date().toISOString();
    for (let i = 0; i < batch.length; i++) clocks.push({ recordedAt, occurredAt });
  };
  const base = { partnershipId };
  await append(partnershipStreamId(partnershipId), [
    {
      type: 'PartnershipProposed',
      data: { ...base, title: partnershipId, purpose: 'Homes', parties: [A, B], proposedBy: ref(voter(A), A) },
    },
    { type: 'PartnershipActivated', data: { ...base, parties: [A, B], activatedAt: '2026-01-01T09:00:00.000Z' } },
    { type: 'BoardMemberAppointed', data: { ...base, personId: voter(A), party: A, appointedBy: ref(voter(A), A) } },
    { type: 'BoardMemberAppointed', data: { ...base, personId: voter(B), party: B, appointedBy: ref(voter(B), B) } },
  ]);
  for (let d = 0; d < DECISIONS; d++) {
    const decisionId = `${partnershipId}-d${d}`;
    await append(decisionStreamId(decisionId), [
      {
        type: 'DecisionDrafted',
        data: {
          decisionId,
          ...base,
          title: `Works package ${d}`,
          motion: 'That the board adopts it.',
          category: 'governance',
          approvalRule: 'board-majority',
          draftedBy: ref(voter(A), A),
        },
      },
      {
        type: 'DecisionOpened',
        data: {
          decisionId,
          ...base,
          openedAt: '2026-01-02T09:00:00.000Z',
          closesAt: '2027-12-31T17:00:00.000Z',
          approvalRule: 'board-majority',
          parties: [A, B],
          openedBy: ref(voter(A), A),
        },
      },
      ...[A, B].map((org) => ({
        type: 'VoteCast',
        data: { decisionId, ...base, personId: voter(org), orgId: org, stance: 'agree', reason: 'First view' },
      })),
    ]);
  }
  for (let written = clocks.length, n = 0; written < events; n++) {
    const decisionId = `${partnershipId}-d${n % DECISIONS}`;
    const size = Math.min(VOTES_PER_APPEND, events - written);
    const batch: NewEvent[] = Array.from({ length: size }, (_, i) => {
      const org = i % 2 === 0 ? A : B;
      const agree = Math.floor(i / 2) % 2 === 0;
      return {
        type: 'VoteChanged',
        data: {
          decisionId,
          ...base,
          personId: voter(org),
          orgId: org,
          previousStance: agree ? 'agree' : 'disagree',
          stance: agree ? 'disagree' : 'agree',
          reason: 'Changed view',
        },
      };
    });
    // The clerk's minutes: one run in ten recorded a day after the meeting, one event per append.
    if (n % 10 === 0) for (const e of batch) await append(decisionStreamId(decisionId), [e]);
    else await append(decisionStreamId(decisionId), batch);
    written += size;
    if (n % 100 === 0) progress(`writing ${partnershipId}`, written, events);
  }
  progress(`writing ${partnershipId}`, events, events);
  return clocks;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** What the API's timeline handler does once the read model is at the position asked for. */
async function currentTimeline(pool: Pool, partnershipId: string): Promise<number> {
  const now = new Date();
  const replayed = await replayPartnershipAsOf(pool, partnershipId, now);
  const names = await Names.load(pool, { orgIds: replayed.partnership.parties, personIds: peopleOfTimeline(replayed) });
  return partnershipTimeline(replayed, names, now).decisions.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const small = argNumber('small', 1000);
  const medium = argNumber('medium', 10_000);
  const large = argNumber('large', 100_000);
  const reads = argNumber('reads', 30);
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  const figures = await withBenchDatabase(serverUrl, 4, async (pool) => {
    await migrate(pool, APP_MIGRATIONS);
    const store = new PostgresEventStore(pool);
    try {
      await generateLedger(store, { partnerships: 0, decisionsPerPartnership: 0 }); // organisations and people
      const sizes = { small, medium, large };
      const clocks: Record<string, { recordedAt: string; occurredAt: string }[]> = {};
      for (const [name, events] of Object.entries(sizes)) clocks[name] = await writePartnership(store, name, events);
      for (const projection of [directoryProjection, trailProjection]) await catchUp(pool, store, projection);
      const snapshots = (await pool.query('SELECT count(*)::int AS n FROM rm_partnership_snapshots')).rows[0]
        .n as number;
      const loadAtStart = loadavg()[0];
      const bitemporal = (name: string, f: number) => {
        const c = clocks[name];
        const asOf = new Date(c[Math.floor(c.length * f)].recordedAt);
        const at = new Date(c[Math.floor(c.length * (f - 0.05))].occurredAt);
        return () => replayPartnershipAsOf(pool, name, asOf, { at });
      };
      const fraction = seededRandom(argNumber('seed', 1));
      const runs = { small: [] as number[], large: [] as number[], medium: [] as number[], largeThen: [] as number[] };
      for (let r = 0; r < reads; r++) {
        runs.small.push(await timed(() => currentTimeline(pool, 'small')));
        runs.large.push(await timed(() => currentTimeline(pool, 'large')));
        const f = 0.5 + 0.45 * fraction();
        runs.medium.push(await timed(bitemporal('medium', f)));
        runs.largeThen.push(await timed(bitemporal('large', f)));
      }
      const side = (name: string, xs: number[]) => ({ name, value: median(xs), unit: 'ms (median)' });
      const n = (x: number) => x.toLocaleString('en-GB');
      return [
        { name: 'machine load average (1 min) when reads started', value: loadAtStart, unit: 'runnable processes' },
        {
          name: `snapshots stored (3 partnerships, ${n(small + medium + large)} events)`,
          value: snapshots,
          unit: 'rows',
        },
        ratioFigure(
          `current timeline, ${n(large)}-event ÷ ${n(small)}-event partnership (same 20 decisions)`,
          side(`${n(large)} events`, runs.large),
          side(`${n(small)} events`, runs.small),
          '≤',
          2,
        ),
        ratioFigure(
          `bitemporal replay (asOf and at), ${n(large)}-event ÷ ${n(medium)}-event partnership`,
          side(`${n(large)} events`, runs.largeThen),
          side(`${n(medium)} events`, runs.medium),
          '≤',
          2,
        ),
      ] satisfies Figure[];
    } finally {
      await store.close();
    }
  });
  const table = printTable(`reads against history, ${reads} interleaved rounds`, figures);
  process.stdout.write(`${table}\n(load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)\n`);
  console.log(`figures written to ${writeResults('history', conditions, figures, table)}/history.{md,json}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
