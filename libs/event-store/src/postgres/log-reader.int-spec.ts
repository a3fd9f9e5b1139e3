import type { Pool, PoolClient } from 'pg';
import { leafHash } from '@accord/audit';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { parseStoredEvent } from '../envelope';
import { createPool, endPool } from './create-pool';
import { LogReader } from './log-reader';
import { logSelect } from './log-sql';
import { PostgresEventStore } from './postgres-event-store';

const metadata = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };

for (const engine of testEngines()) {
  describe(`the log's readers on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let log: LogReader;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      log = new LogReader(db.pool);
      // Positions 1..6: a_b-1 (Opened, Noted), a%b-1 (Opened), other-1 (Noted, Noted), a_b-2 (Opened).
      await store.append(
        'a_b-1',
        [
          { type: 'Opened', data: { n: 1 } },
          { type: 'Noted', data: { n: 2 } },
        ],
        {
          expectedRevision: 'no-stream',
          metadata,
        },
      );
      await store.append('a%b-1', [{ type: 'Opened', data: { n: 3 } }], { expectedRevision: 'no-stream', metadata });
      await store.append(
        'other-1',
        [
          { type: 'Noted', data: { n: 4 } },
          { type: 'Noted', data: { n: 5 } },
        ],
        {
          expectedRevision: 'no-stream',
          metadata,
        },
      );
      await store.append('a_b-2', [{ type: 'Opened', data: { n: 6 } }], { expectedRevision: 'no-stream', metadata });
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('reads the head, leaf hashes and single events with their exact stored bytes', async () => {
      expect(await log.headPosition()).toBe(6);
      const leaves = await log.leafHashes(2, 4);
      expect(leaves.map((l) => l.position)).toEqual([3, 4]);
      const third = await log.event({ position: 3 });
      expect(third).toBeDefined();
      expect(leaves[0].leafHash.equals(leafHash(third!.canonical))).toBe(true);
      expect(parseStoredEvent(third!.canonical)).toMatchObject({ streamId: 'a%b-1', data: { n: 3 } });
      expect((await log.event({ eventId: third!.eventId }))?.position).toBe(3);
      expect(await log.event({ position: 7 })).toBeUndefined();
    });

    it('pages exports by position window, by stream and with a limit, and finds streams by their first event', async () => {
      const all = await log.exportPage({ after: 1, upTo: 5 });
      expect(all.map((e) => e.position)).toEqual([2, 3, 4, 5]);
      const [second] = all;
      const stored = await log.event({ position: 2 });
      expect(second.leafHash).toBe(stored!.leafHash.toString('hex'));
      expect(Buffer.from(second.canonical as string, 'utf8').equals(stored!.canonical)).toBe(true);
      const some = await log.exportPage({ after: 0, upTo: 6, streamIds: ['a_b-1', 'a_b-2'], limit: 2 });
      expect(some.map((e) => e.position)).toEqual([1, 2]);
      const starts = await log.streamStarts({ streamIds: ['other-1'], types: ['Opened'] });
      expect(starts.map((s) => [s.streamId, s.position])).toEqual([
        ['a_b-1', 1],
        ['a%b-1', 3],
        ['other-1', 4],
        ['a_b-2', 6],
      ]);
    });

    it('renders sub-selects that filter by position range, literal stream prefix and type', async () => {
      const { rows } = await db.pool.query<{ position: number; stream_id: string; envelope: { data: { n: number } } }>(
        `SELECT position, stream_id, envelope FROM ${logSelect(['position', 'stream_id', 'envelope'], {
          positions: ['$1', '$2'],
          streamIdPrefix: 'a_b-',
          types: ['Opened'],
          evaluateOnce: true,
        })} AS e ORDER BY position`,
        [1, 6],
      );
      // 'a%b-1' would match a LIKE pattern built from the prefix; the prefix is matched literally.
      expect(rows.map((r) => [r.position, r.stream_id, r.envelope.data.n])).toEqual([
        [1, 'a_b-1', 1],
        [6, 'a_b-2', 6],
      ]);
      const none = await db.pool.query(`SELECT * FROM ${logSelect(['position'], { types: [] })} AS e`);
      expect(none.rows).toEqual([]);
    });
  });

  describe(`the column check on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let log: LogReader;
    // A stream id with the characters the canonical form escapes (ids are printable ASCII):
    // rows that hold it honestly are never reported.
    const oddStream = 'odd-"q"\\\\-1';

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      log = new LogReader(db.pool);
      await store.append(oddStream, [{ type: 'Noted', data: { n: 1 } }], { expectedRevision: 'no-stream', metadata });
      await store.append(
        'plain-1',
        [1, 2, 3].map((n) => ({ type: 'Noted', data: { n, text: ',"position":99,"type":"Forged"}' } })),
        { expectedRevision: 'no-stream', metadata },
      );
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('passes honest rows, whatever their strings hold', async () => {
      expect(await log.columnMismatches({ upTo: 4 }, 10)).toEqual([]);
    });

    it.each([
      ['type', 3, `type = 'Forged'`],
      ['type', 1, `type = 'Noted"'`],
      ['stream_id', 1, `stream_id = 'odd-"q"-1'`],
      ['stream_id', 3, `stream_id = 'plain-2'`],
      ['revision', 4, `revision = revision + 1`],
      ['event_id', 2, `event_id = gen_random_uuid()`],
      ['recorded_at', 3, `recorded_at = recorded_at + interval '1 millisecond'`],
      ['recorded_at', 3, `recorded_at = recorded_at + interval '1 microsecond'`],
    ])('names a row whose %s column its bytes contradict (position %i: %s)', async (column, target, change) => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`UPDATE events SET ${change} WHERE position = ${target}`);
        expect(await new LogReader(client).columnMismatches({ upTo: 4 }, 10)).toEqual([{ position: target, column }]);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it('refuses bytes that are not UTF-8, even with columns that agree', async () => {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `UPDATE events SET canonical = overlay(canonical placing '\\xff'::bytea from 12 for 1) WHERE position = 2`,
        );
        await expect(new LogReader(client).columnMismatches({ upTo: 4 })).rejects.toMatchObject({
          code: 'audit-log-mismatch',
          details: { position: null, column: 'canonical' },
        });
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    // checkedLeaves reads the leaves and runs the check on two connections: a row committed
    // between its two reads must not make them disagree, or a row would be sealed (its stream and
    // revision into the signed heads) from columns the check never saw.
    describe('checkedLeaves', () => {
      const columns = 'stream_id, revision, event_id, type, recorded_at, canonical';
      let saved: Record<string, unknown>;
      beforeEach(async () => {
        saved = (await db.pool.query(`SELECT ${columns} FROM events WHERE position = 3`)).rows[0];
      });
      afterEach(async () => {
        await db.pool.query(`UPDATE events SET (${columns}) = ($1, $2, $3, $4, $5, $6) WHERE position = 3`, [
          ...Object.values(saved),
        ]);
      });

      /** The pool, running `before` once ahead of the column check's statement, on its clients or on itself. */
      function beforeCheck<Db extends Pool | PoolClient>(db: Db, before: () => Promise<unknown>): Db {
        return new Proxy(db, {
          get: (target, name) => {
            const value = Reflect.get(target, name) as unknown;
            if (name === 'connect') return async () => beforeCheck(await (target as Pool).connect(), before);
            if (name === 'query')
              return async (sql: string, ...rest: unknown[]) => {
                if (sql.includes('IS DISTINCT FROM')) await before();
                return target.query(sql, ...(rest as []));
              };
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      }

      it("gives the leaves and the check one snapshot: a change committed before the check's statement is in neither", async () => {
        const honest = await new LogReader(db.pool).checkedLeaves(0, 4);
        expect(honest.mismatches).toEqual([]);
        expect(honest.leaves.map((l) => [l.position, l.streamId, l.revision])).toEqual([
          [1, oddStream, 1],
          [2, 'plain-1', 1],
          [3, 'plain-1', 2],
          [4, 'plain-1', 3],
        ]);
        const forge = () => db.pool.query(`UPDATE events SET stream_id = 'plain-2' WHERE position = 3`);
        const read = await new LogReader(beforeCheck(db.pool, forge)).checkedLeaves(0, 4);
        expect(read).toEqual(honest);
        // Committed before the snapshot, the same change is refused by position and column.
        expect(await new LogReader(db.pool).checkedLeaves(0, 4)).toMatchObject({
          mismatches: [{ position: 3, column: 'stream_id' }],
        });
        expect(db.pool.totalCount).toBe(db.pool.idleCount);
      });

      it("gives the check's refusal and returns both connections", async () => {
        await db.pool.query(
          `UPDATE events SET canonical = overlay(canonical placing '\\xff'::bytea from 12 for 1) WHERE position = 3`,
        );
        await expect(new LogReader(db.pool).checkedLeaves(2, 4)).rejects.toMatchObject({
          code: 'audit-log-mismatch',
          details: { position: null, column: 'canonical' },
        });
        expect(db.pool.totalCount).toBe(db.pool.idleCount);
        expect(await new LogReader(db.pool).checkedLeaves(0, 2)).toMatchObject({ mismatches: [] });
      });

      it('finishes a read under way when its pool is ending, and leaves no connection open', async () => {
        const pool = createPool({ connectionString: db.url, max: 2 });
        let ended: Promise<void> | undefined;
        const read = await new LogReader(
          beforeCheck(pool, async () => {
            ended = endPool(pool);
          }),
        ).checkedLeaves(0, 4);
        expect(read.mismatches).toEqual([]);
        await ended;
        expect(pool.totalCount).toBe(0);
        await expect(new LogReader(pool).checkedLeaves(0, 4)).rejects.toThrow();
      });
    });
  });
}
