import { organisationStreamId } from '@accord/domain';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { ALL_PROJECTIONS } from './all-projections';
import { appendUnreadableVote } from '../../../test/support/unreadable-event';
import { readCheckpoints, readProjectionFailures } from './checkpoints';
import { ProjectionHost } from './projection-host';

const actor = { personId: 'p', orgId: 'o', roles: ['member'] };

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of testEngines()) {
  describe(`two processes hosting the projections, on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    const register = (id: string) =>
      store.append(
        organisationStreamId(id),
        [
          {
            type: 'OrganisationRegistered',
            data: { organisationId: id, name: id.toUpperCase(), kind: 'other', registeredBy: actor },
          },
        ],
        { expectedRevision: 'no-stream', metadata: { actor, correlationId: null, causationId: null } },
      );
    const caughtUp = async (position: number) =>
      [
        ...(
          await readCheckpoints(
            db.pool,
            ALL_PROJECTIONS.map((p) => p.name),
          )
        ).values(),
      ].every((p) => p >= position);
    const leaders = async () =>
      Number(
        (
          await db.pool.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'accord:projection:%' AND datname = current_database()`,
          )
        ).rows[0].n,
      );

    it('runs each projection in one of them, follows new events at once, and hands over when the leader stops', async () => {
      const host = () =>
        new ProjectionHost({
          pool: db.pool,
          connection: { connectionString: db.url },
          store,
          projections: ALL_PROJECTIONS,
          leaderRetryMs: 200,
        });
      const a = host();
      a.start();
      const first = await register('first');
      await eventually(() => caughtUp(first.lastPosition));
      const b = host();
      b.start();
      // Both keep a lock connection per projection; only the leader holds the lock.
      const locks = await db.pool.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(locks.rows[0].n).toBe(ALL_PROJECTIONS.length);
      expect(await leaders()).toBeGreaterThanOrEqual(ALL_PROJECTIONS.length);

      const started = Date.now();
      const second = await register('second');
      await eventually(() => caughtUp(second.lastPosition));
      expect(Date.now() - started).toBeLessThan(1500);

      await a.close();
      const third = await register('third');
      await eventually(() => caughtUp(third.lastPosition));
      const names = await db.pool.query('SELECT name FROM rm_organisations ORDER BY organisation_id');
      expect(names.rows.map((r) => r.name)).toEqual(['FIRST', 'SECOND', 'THIRD']);
      await b.close();
    });

    it('stops a projection loudly at an event it cannot apply: one error naming it and the position, recorded for /health/ready, no retry loop', async () => {
      const errors: string[] = [];
      const infos: string[] = [];
      const host = new ProjectionHost({
        pool: db.pool,
        connection: { connectionString: db.url },
        store,
        projections: ALL_PROJECTIONS,
        leaderRetryMs: 200,
        log: { info: (m) => infos.push(m), warn: (m) => infos.push(m), error: (m) => errors.push(m) },
      });
      host.start();
      const before = await register('before-poison');
      await eventually(() => caughtUp(before.lastPosition));
      const poisoned = await appendUnreadableVote(db.pool, 'poisoned');
      const after = await register('after-poison');

      await eventually(async () => (await readProjectionFailures(db.pool)).length > 0);
      await new Promise((r) => setTimeout(r, 3000)); // long enough for several retries, were there any
      const failures = await readProjectionFailures(db.pool);
      expect(failures.map((f) => f.name).sort()).toEqual(['decision-acts', 'trail']);
      for (const failure of failures) {
        expect(failure).toMatchObject({ position: poisoned, error: expect.stringMatching(/Unicode|0x00/) });
        expect(errors.filter((m) => m.includes(failure.name))).toEqual([
          expect.stringContaining(`cannot apply the event at position ${poisoned}`),
        ]);
      }
      expect(infos.filter((m) => /retrying/.test(m))).toEqual([]);
      const checkpoints = await readCheckpoints(
        db.pool,
        ALL_PROJECTIONS.map((p) => p.name),
      );
      expect(checkpoints.get('trail')).toBe(poisoned - 1);
      // The others go on past it.
      expect(checkpoints.get('directory')).toBeGreaterThanOrEqual(after.lastPosition);
      await host.close();
    });
  });
}
