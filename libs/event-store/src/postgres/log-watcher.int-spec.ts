import { createSecretKey } from 'node:crypto';
import { Client, Notification } from 'pg';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { commitNotices, NOTICES_CHANNEL } from './commit-notices';
import { createPool } from './create-pool';
import { LogWatcher } from './log-watcher';
import { PostgresEventStore } from './postgres-event-store';
import * as sql from './sql-literals';

const meta = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };
const noticeKey = Buffer.alloc(32, 9);

const until = async (done: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

for (const engine of testEngines()) {
  describe(`a follower given its own process's commits without reading them back (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine, 4);
    });
    afterAll(() => db.drop());

    it.each([
      ['without', undefined],
      ['with', noticeKey],
    ])(
      'follows its own commits and another process’s, in order, %s a notice key, and never takes a forged NOTIFY for events',
      async (mode, key) => {
        const store = new PostgresEventStore(db.pool, { noticeKey: key });
        // Another process's writer, with connections of its own.
        const otherPool = createPool({ connectionString: db.url, max: 2 });
        const other = new PostgresEventStore(otherPool, { noticeKey: key });
        const stop = new AbortController();
        const seen: string[] = [];
        const append = (writer: PostgresEventStore, streamId: string, count: number) =>
          writer.append(
            streamId,
            Array.from({ length: count }, (_, i) => ({ type: 'ThingHappened', data: { i } })),
            { expectedRevision: 'no-stream', metadata: meta },
          );
        try {
          const start = await store.headPosition();
          const following = (async () => {
            for await (const e of store.subscribeAll({ fromPosition: start + 1, signal: stop.signal }))
              seen.push(`${e.position}:${e.streamId}`);
          })();
          const seenAtLeast = async (n: number) => {
            const until = Date.now() + 20_000;
            while (seen.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
          };
          await append(store, `own-a-${mode}`, 2);
          await seenAtLeast(2);
          // Anyone who may connect can NOTIFY on any channel: events announced so, for the very next
          // positions, must change nothing of what the follower sees.
          const forger = createPool({ connectionString: db.url, max: 1 });
          const forged = `{"eventId":"forged","streamId":"forged","type":"Forged","data":{},"position":${start + 3}}`;
          await forger.query(
            `NOTIFY ${NOTICES_CHANNEL}, '${'0'.repeat(64)}\n${start + 3}\n${'0'.repeat(64)}${forged}'`,
          );
          await forger.end();
          await new Promise((r) => setTimeout(r, 300));
          await append(store, `own-b-${mode}`, 1);
          await append(other, `other-c-${mode}`, 3);
          await append(store, `own-d-${mode}`, 1);
          await seenAtLeast(7);
          const expected = (await store.readAll({ fromPosition: start + 1, limit: 100 })).map(
            (e) => `${e.position}:${e.streamId}`,
          );
          expect(expected).toHaveLength(7);
          expect(seen).toEqual(expected);
          stop.abort();
          await following;
        } finally {
          stop.abort();
          await Promise.all([store.close(), other.close()]);
          await otherPool.end();
        }
      },
    );
  });

  describe(`a watcher given the deployment's notice key (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine, 4);
    });
    afterAll(() => db.drop());

    it('holds another process’s commit from its notice, and no notice with a wrong MAC, sent again, or sent from another connection', async () => {
      const key = createSecretKey(noticeKey);
      const watcher = new LogWatcher(db.pool.options, undefined, key);
      const otherPool = createPool({ connectionString: db.url, max: 1 });
      const other = new PostgresEventStore(otherPool, { noticeKey });
      const store = new PostgresEventStore(db.pool);
      // What anyone may hear: the genuine notices, and the backend that sent each.
      const heard: Notification[] = [];
      const listener = new Client({ connectionString: db.url });
      const forger = new Client({ connectionString: db.url });
      try {
        await Promise.all([listener.connect(), forger.connect()]);
        listener.on('notification', (n) => heard.push(n));
        await listener.query(`LISTEN ${NOTICES_CHANNEL}`);
        expect(watcher.committedEvents(1, 1)).toBeUndefined(); // a follower asked: it keeps events from now on
        await watcher.waitBeyond(Number.MAX_SAFE_INTEGER, 300);
        const start = watcher.liveHead()!;
        expect(start).toBe(await store.headPosition());

        await other.append(
          'other-a',
          [1, 2].map((i) => ({ type: 'ThingHappened', data: { i } })),
          { expectedRevision: 'no-stream', metadata: meta },
        );
        await until(() => (watcher.liveHead() ?? 0) >= start + 2 && heard.length > 0);
        expect(watcher.committedEvents(start + 1, start + 2)).toEqual(
          await store.readAll({ fromPosition: start + 1, limit: 10 }),
        );

        const [genuine] = heard;
        const next = start + 3;
        const event = (await store.readAll({ fromPosition: start + 1, limit: 1 }))[0];
        const row = (position: number) => ({
          position,
          streamId: 'forged',
          revision: 1,
          eventId: 'forged',
          type: 'Forged',
          canonical: JSON.stringify({ ...event, position, streamId: 'forged', type: 'Forged' }),
          leafHashHex: '0'.repeat(64),
        });
        const notify = (payload: string) => forger.query(`NOTIFY ${NOTICES_CHANNEL}, ${sql.text(payload)}`);
        const forgerPid = (forger as unknown as { processID: number }).processID;
        // A wrong MAC (no key); the writer's genuine notice sent again; a notice made for the writer's
        // connection (as a failed commit's statement would show it) sent from another.
        await notify(`${'1'.repeat(64)}${commitNotices([row(next)], key, forgerPid)[0].slice(64)}`);
        await notify(genuine.payload!);
        await notify(commitNotices([row(next)], key, genuine.processId)[0]);
        // Even a valid notice is not taken for positions already known committed.
        await notify(commitNotices([row(start + 1)], key, forgerPid)[0]);
        await new Promise((r) => setTimeout(r, 300));
        expect(watcher.committedEvents(next, next)).toBeUndefined();
        expect(watcher.committedEvents(start + 1, start + 2)).toEqual(
          await store.readAll({ fromPosition: start + 1, limit: 10 }),
        );

        // The key is what is trusted: whoever holds it, from their own connection, is believed.
        await notify(commitNotices([row(next)], key, forgerPid)[0]);
        await until(() => watcher.committedEvents(next, next) !== undefined, 3000);
        expect(watcher.committedEvents(next, next)?.[0].streamId).toBe('forged');
      } finally {
        await Promise.all([watcher.close(), listener.end(), forger.end(), other.close(), store.close()]);
        await otherPool.end();
      }
    });
  });
}
