import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { generateLedger } from '../../../test/support/generated-ledger';
import { ALL_PROJECTIONS } from './all-projections';
import { readCheckpoint } from './checkpoints';
import { catchUp } from './projection-runner';
import { decisionActOf } from './read-models/decision-acts/decision-acts';
import { rebuildProjection } from './rebuild';

const RUNNER = join(__dirname, '..', '..', '..', 'dist', 'test', 'support', 'projection-crash-runner.js');

/** Every read-model table, rows in key order: two equal snapshots are equal read models. */
async function snapshot(pool: Pool): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    rm_organisations: 'organisation_id',
    rm_members: 'organisation_id, person_id',
    rm_partnerships: 'partnership_id',
    rm_decisions: 'decision_id',
    rm_decision_acts: 'position',
    rm_trail: 'position',
    rm_partnership_snapshots: 'partnership_id, position',
    rm_meeting_events: 'position',
    rm_forward_plan: 'decision_id',
    rm_decision_notices: 'decision_id',
    rm_erasures: 'position',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables))
    out[table] = (await pool.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows;
  return out;
}

/** Runs the projections in a child process and SIGKILLs it after `batches` committed batches. */
async function killMidCatchUp(url: string, batches: number): Promise<number> {
  const child = spawn(process.execPath, [RUNNER, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  let seen = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (JSON.parse(line).done) throw new Error('the runner finished before it was killed: make the log longer');
    if (++seen === batches) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return seen;
}

for (const engine of testEngines()) {
  describe(`projections killed with SIGKILL mid-catch-up, on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let head: number;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      await generateLedger(store, { partnerships: 12, decisionsPerPartnership: 60 });
      head = await store.headPosition();
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('leaves every read model consistent with its checkpoint, and equal to a rebuild once caught up', async () => {
      await killMidCatchUp(db.url, 40);
      // One snapshot for every read: a COMMIT the killed process had sent may still land after its
      // death, and a checkpoint read before it beside rows read after it would look inconsistent.
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const trailAt = await readCheckpoint(client, 'trail');
        expect(trailAt).toBeGreaterThan(0);
        expect(trailAt).toBeLessThan(head);
        // The trail has one row per position: exactly the positions up to its checkpoint, no more, no fewer.
        const trail = await client.query(
          'SELECT count(*)::int AS n, coalesce(max(position), 0)::int AS max FROM rm_trail',
        );
        expect(trail.rows[0]).toEqual({ n: trailAt, max: trailAt });
        const decisionsAt = await readCheckpoint(client, 'decisions');
        const decisions = await client.query('SELECT coalesce(max(last_position), 0)::int AS max FROM rm_decisions');
        expect(decisions.rows[0].max).toBeLessThanOrEqual(decisionsAt);
        const acts = await client.query('SELECT coalesce(max(position), 0)::int AS max FROM rm_decision_acts');
        expect(acts.rows[0].max).toBeLessThanOrEqual(await readCheckpoint(client, 'decision-acts'));
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }

      // A new runner carries on from the checkpoints; the result equals a rebuild from zero.
      for (const projection of ALL_PROJECTIONS) expect(await catchUp(db.pool, store, projection)).toBe(head);
      const resumed = await snapshot(db.pool);
      for (const projection of ALL_PROJECTIONS) await rebuildProjection(db.pool, store, projection);
      expect(await snapshot(db.pool)).toEqual(resumed);
      expect(resumed.rm_trail).toHaveLength(head);
    });

    it('builds in SQL exactly the acts decisionActOf (the reference) derives from each event', async () => {
      const { rows } = await db.pool.query<{ position: string; detail: unknown }>(
        'SELECT position, detail FROM rm_decision_acts ORDER BY position',
      );
      const expected = [];
      for (let from = 1; from <= head; from += 10_000)
        for (const event of await store.readAll({ fromPosition: from, limit: 10_000 })) {
          const act = decisionActOf(event);
          if (act) expected.push(act);
        }
      expect(expected.map((a) => a.kind)).toEqual(
        expect.arrayContaining([
          'interest',
          'dispensation',
          'vote',
          'vote-changed',
          'sign-off',
          'sign-off-withdrawn',
          'sign-off-refused',
        ]),
      );
      expect(rows.map((r) => r.detail)).toEqual(expected);
    });

    it('never applies a batch twice when a rebuild runs beside the live runner', async () => {
      const expected = await snapshot(db.pool);
      // The "API" keeps catching up in small batches while the "CLI" rebuilds from zero.
      const live = Promise.all(
        ALL_PROJECTIONS.map(async (projection) => {
          for (let i = 0; i < 30; i++) await catchUp(db.pool, store, projection, { batchSize: 97 });
        }),
      );
      await Promise.all(
        ALL_PROJECTIONS.map((projection) => rebuildProjection(db.pool, store, projection, undefined, 113)),
      );
      await live;
      for (const projection of ALL_PROJECTIONS) await catchUp(db.pool, store, projection);
      expect(await snapshot(db.pool)).toEqual(expected);
    });
  });
}
