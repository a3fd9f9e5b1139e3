import { canonicalBytes, leafHash } from '@accord/audit';
import {
  EventTooLargeError,
  InvalidEventError,
  InvalidStreamIdError,
  WrongExpectedRevisionError,
  CommandIdReusedError,
} from '../event-store.errors';
import { AppendOptions, EventStore, StoredEvent } from '../event-store.port';

/**
 * The contract every EventStore implementation must pass (DESIGN §3). Each implementation's
 * integration spec calls this once per engine it supports.
 */
export interface StoreHarness {
  store: EventStore;
  /** An independent writer on the same log, as another process would be. */
  anotherStore(): EventStore;
  /** The size limit the harness configured (keep it small so the test stays cheap). */
  maxEventBytes: number;
  close(): Promise<void>;
}

const actor = { personId: 'person-1', orgId: 'org-1', roles: ['member'] };
const opts = (
  expectedRevision: AppendOptions['expectedRevision'],
  extra: Partial<AppendOptions> = {},
): AppendOptions => ({
  expectedRevision,
  metadata: { actor, correlationId: 'corr-1', causationId: null },
  ...extra,
});
const ev = (i: number, type = 'ThingHappened') => ({ type, data: { i } });
const nested = (levels: number): unknown => {
  let value: unknown = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
};

export function eventStoreConformance(engine: string, open: () => Promise<StoreHarness>): void {
  describe(`EventStore conformance on ${engine}`, () => {
    let h: StoreHarness;
    let store: EventStore;
    let streamSeq = 0;
    const newStream = (kind = 'thing') =>
      `${kind}-${process.pid}-${++streamSeq}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      h = await open();
      store = h.store;
    });
    afterAll(async () => h?.close());

    it('appends and reads back the envelope with actor, correlation and hash links', async () => {
      const s = newStream();
      const result = await store.append(s, [ev(1), ev(2)], opts('no-stream', { commandId: `cmd-${s}` }));
      expect(result).toMatchObject({ streamId: s, nextRevision: 2, replayed: false });
      expect(result.events.map((e) => e.revision)).toEqual([1, 2]);
      expect(result.events[1].position).toBe(result.events[0].position + 1);

      const read = await store.readStream(s);
      expect(read).toHaveLength(2);
      const [first, second] = read;
      expect(first).toMatchObject({
        streamId: s,
        revision: 1,
        type: 'ThingHappened',
        schemaVersion: 1,
        data: { i: 1 },
        metadata: { actor, commandId: `cmd-${s}`, correlationId: 'corr-1', causationId: null },
        prevStreamLeafHash: null,
      });
      expect(second.prevStreamLeafHash).toBe(first.leafHash);
      expect(first.leafHash).toBe(result.events[0].leafHash);
      expect(Date.parse(first.recordedAt)).not.toBeNaN();
      expect(await store.streamRevision(s)).toBe(2);
      expect(await store.streamRevisions([s, `${s}-absent`])).toEqual(
        new Map([
          [s, 2],
          [`${s}-absent`, 0],
        ]),
      );
    });

    it('refuses a wrong expected revision as a concurrency error and writes nothing', async () => {
      const s = newStream();
      await store.append(s, [ev(1)], opts('no-stream'));
      const head = await store.headPosition();
      await expect(store.append(s, [ev(2)], opts('no-stream'))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(s, [ev(2)], opts(0))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(s, [ev(2)], opts(2))).rejects.toMatchObject({
        code: 'wrong-expected-revision',
        details: { actualRevision: 1 },
      });
      await expect(store.append(newStream(), [ev(1)], opts(3))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(head);
      await store.append(s, [ev(2)], opts(1));
      await store.append(s, [ev(3)], opts('any'));
      expect((await store.readStream(s)).map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    });

    it('accepts the revision another writer has just reached, however this writer last left the stream', async () => {
      const s = newStream();
      await store.append(s, [ev(1)], opts('no-stream'));
      await h.anotherStore().append(s, [ev(2)], opts(1));
      expect((await store.append(s, [ev(3)], opts(2))).nextRevision).toBe(3);
    });

    it('lets exactly one of many concurrent appends win each revision', async () => {
      const s = newStream();
      const writers = [store, ...Array.from({ length: 7 }, () => h.anotherStore())];
      for (let revision = 0; revision < 10; revision++) {
        const attempts = await Promise.allSettled(
          writers.map((w, i) => w.append(s, [ev(i)], opts(revision === 0 ? 'no-stream' : revision))),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(writers.length - 1);
        for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('appends only while the context streams are still at the revisions the caller saw', async () => {
      const partnership = newStream('partnership');
      const decision = newStream('decision');
      await store.append(partnership, [ev(1)], opts('no-stream'));
      const head = await store.headPosition();
      await expect(
        store.append(decision, [ev(1)], opts('no-stream', { contextRevisions: { [partnership]: 0 } })),
      ).rejects.toMatchObject({
        code: 'wrong-expected-revision',
        details: { streamId: partnership, expectedRevision: 0, actualRevision: 1 },
      });
      await expect(
        store.append(decision, [ev(1)], opts('no-stream', { contextRevisions: { [`${partnership}-absent`]: 1 } })),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(head);
      await store.append(
        decision,
        [ev(1)],
        opts('no-stream', { contextRevisions: { [partnership]: 1, [`${partnership}-absent`]: 0 } }),
      );
      expect(await store.streamRevision(decision)).toBe(1);
      await expect(
        store.append(decision, [ev(2)], opts(1, { contextRevisions: { [partnership]: -1 } })),
      ).rejects.toMatchObject({ code: 'invalid-expected-revision' });
    });

    it('refuses an append whose context stream another writer moved, even one this writer wrote itself', async () => {
      const partnership = newStream('partnership');
      const decision = newStream('decision');
      await store.append(partnership, [ev(1)], opts('no-stream'));
      await store.append(decision, [ev(1)], opts('no-stream', { contextRevisions: { [partnership]: 1 } }));
      await h.anotherStore().append(partnership, [ev(2)], opts(1));
      await expect(
        store.append(decision, [ev(2)], opts(1, { contextRevisions: { [partnership]: 1 } })),
      ).rejects.toMatchObject({ details: { streamId: partnership, actualRevision: 2 } });
      await store.append(decision, [ev(2)], opts(1, { contextRevisions: { [partnership]: 2 } }));
    });

    it('appends on top of an append still in flight only if that one is written', async () => {
      const s = newStream();
      const [first] = (await store.append(s, [ev(1)], opts('no-stream'))).events;
      const id = (n: number) =>
        `00000000-0000-4000-8000-${String(streamSeq).padStart(6, '0')}${String(n).padStart(6, '0')}`;
      // Submitted together, the second naming the first's last event: both are written.
      const [inFlight, onTop] = await Promise.all([
        store.append(s, [ev(2), { ...ev(3), eventId: id(3) }], opts(1, { expectedLastEventId: first.eventId })),
        store.append(s, [ev(4)], opts(3, { expectedLastEventId: id(3) })),
      ]);
      expect([inFlight.nextRevision, onTop.nextRevision]).toEqual([3, 4]);

      // The first of a pair is refused, so the second is too.
      const pair = await Promise.allSettled([
        store.append(s, [{ ...ev(5), eventId: id(5) }], opts(4, { contextRevisions: { [`${s}-absent`]: 1 } })),
        store.append(s, [ev(6)], opts(5, { expectedLastEventId: id(5) })),
      ]);
      expect(pair.map((p) => p.status)).toEqual(['rejected', 'rejected']);
      // Another writer takes the stream to the revision that was expected: still refused, as the
      // event it was to follow is not the one there.
      await h.anotherStore().append(s, [ev(7)], opts(4));
      await expect(store.append(s, [ev(8)], opts(5, { expectedLastEventId: id(5) }))).rejects.toMatchObject({
        code: 'wrong-expected-revision',
        details: { expectedLastEventId: id(5), actualLastEventId: expect.any(String) },
      });
      expect((await store.readStream(s)).map((e) => e.data)).toEqual([
        { i: 1 },
        { i: 2 },
        { i: 3 },
        { i: 4 },
        { i: 7 },
      ]);
    });

    it("appends on a context stream's append still in flight only if that one is written", async () => {
      const meeting = newStream('meeting');
      const decision = newStream('decision');
      await store.append(meeting, [ev(1)], opts('no-stream'));
      const id = (n: number) =>
        `00000000-0000-4000-9000-${String(streamSeq).padStart(6, '0')}${String(n).padStart(6, '0')}`;
      const onVotes = (revision: number, lastEventId: string) =>
        opts('any', { contextRevisions: { [meeting]: revision }, contextLastEventIds: { [meeting]: lastEventId } });
      // Handed over in one turn, the decision's naming the meeting's event in flight: both are
      // written, in one transaction (one recording instant), so no crash can come between them.
      const [votes, count] = await Promise.all([
        store.append(meeting, [{ ...ev(2), eventId: id(2) }], opts(1)),
        store.append(decision, [ev(1)], onVotes(2, id(2))),
      ]);
      expect([votes.nextRevision, count.nextRevision]).toEqual([2, 1]);
      const [vote, counted] = [(await store.readStream(meeting))[1], (await store.readStream(decision))[0]];
      expect(counted.recordedAt).toBe(vote.recordedAt);

      // The meeting's append is refused, so the decision's is too.
      const pair = await Promise.allSettled([
        store.append(meeting, [{ ...ev(3), eventId: id(3) }], opts(1)),
        store.append(decision, [ev(2)], onVotes(3, id(3))),
      ]);
      expect(pair.map((p) => p.status)).toEqual(['rejected', 'rejected']);
      // Another writer takes the meeting to the revision expected: still refused, its last event
      // is not the one named.
      await h.anotherStore().append(meeting, [ev(4)], opts(2));
      await expect(store.append(decision, [ev(2)], onVotes(3, id(3)))).rejects.toMatchObject({
        code: 'wrong-expected-revision',
        details: { streamId: meeting, expectedLastEventId: id(3), actualLastEventId: expect.any(String) },
      });
      await expect(
        store.append(decision, [ev(2)], opts(1, { contextLastEventIds: { [meeting]: id(3) } })),
      ).rejects.toMatchObject({ code: 'invalid-expected-revision' });
      expect((await store.readStream(decision)).map((e) => e.data)).toEqual([{ i: 1 }]);
    });

    it('checks a context stream only another writer has written', async () => {
      const partnership = newStream('partnership');
      await h.anotherStore().append(partnership, [ev(1)], opts('no-stream'));
      await store.append(newStream(), [ev(1)], opts('no-stream'));
      const decision = newStream('decision');
      await expect(
        store.append(decision, [ev(1)], opts('no-stream', { contextRevisions: { [partnership]: 0 } })),
      ).rejects.toMatchObject({ details: { streamId: partnership, actualRevision: 1 } });
      await store.append(decision, [ev(1)], opts('no-stream', { contextRevisions: { [partnership]: 1 } }));
    });

    it('checks context revisions against appends made just before, concurrently, by the same writer', async () => {
      const partnership = newStream('partnership');
      await store.append(partnership, [ev(1)], opts('no-stream'));
      const decisions = [newStream('decision'), newStream('decision'), newStream('decision')];
      const [moved, ...decided] = await Promise.allSettled([
        store.append(partnership, [ev(2)], opts(1)),
        ...decisions.map((d) =>
          store.append(d, [ev(1)], opts('no-stream', { contextRevisions: { [partnership]: 1 } })),
        ),
      ]);
      expect(moved.status).toBe('fulfilled');
      for (const d of decided)
        expect(d).toMatchObject({
          status: 'rejected',
          reason: { details: { streamId: partnership, actualRevision: 2 } },
        });
      expect(await store.streamRevisions(decisions)).toEqual(new Map(decisions.map((d) => [d, 0])));
    });

    it('keeps order and exactly-once when one append fails a group commit among thousands, and another writer cuts in', async () => {
      const from = (await store.headPosition()) + 1;
      const streams = Array.from({ length: 8 }, () => newStream('pipelined'));
      const [taken] = (await store.append(newStream(), [ev(0)], opts('no-stream'))).events;
      // More appends at once than one group commit takes, so batches follow one another; one
      // append reuses an event id, so its batch fails in the database and is done again one by one.
      const count = 2_600;
      const appends: Promise<unknown>[] = [];
      for (let i = 0; i < count; i++)
        appends.push(
          store.append(
            streams[i % streams.length],
            [i === 150 ? { ...ev(i), eventId: taken.eventId } : ev(i)],
            opts('any'),
          ),
        );
      appends.push(h.anotherStore().append(newStream('cut-in'), [ev(-1)], opts('no-stream')));
      const settled = await Promise.allSettled(appends);
      const failed = settled.flatMap((r, i) =>
        r.status === 'rejected' ? [[i, (r.reason as { code?: string }).code]] : [],
      );
      expect(failed).toEqual([[150, 'duplicate-event-id']]);
      const log = await store.readAll({ fromPosition: from, limit: 10_000 });
      expect(log.map((e) => e.position)).toEqual(log.map((_, i) => from + i));
      const mine = log.filter((e) => e.streamId.startsWith('pipelined'));
      expect(mine.map((e) => (e.data as { i: number }).i)).toEqual(
        Array.from({ length: count }, (_, i) => i).filter((i) => i !== 150),
      );
      for (const s of streams) {
        const revisions = (await store.readStream(s)).map((e) => e.revision);
        expect(revisions).toEqual(revisions.map((_, i) => i + 1));
      }
    });

    it('delivers to a live subscriber every event of 20 concurrent writers × 500, exactly once, in position order', async () => {
      const from = (await store.headPosition()) + 1;
      const writers = 20;
      const perWriter = 500;
      const total = writers * perWriter;
      const controller = new AbortController();
      const received: StoredEvent[] = [];
      const subscription = (async () => {
        for await (const event of store.subscribeAll({
          fromPosition: from,
          signal: controller.signal,
          batchSize: 300,
        })) {
          received.push(event);
          if (received.length === total) controller.abort();
        }
      })();

      const acknowledged = new Map<string, number>();
      const streams = Array.from({ length: 100 }, () => newStream('load'));
      // Four independent writers (as four processes would be), five concurrent callers each.
      const instances = [store, h.anotherStore(), h.anotherStore(), h.anotherStore()];
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const writer = instances[w % instances.length];
          for (let i = 0; i < perWriter; i++) {
            const result = await writer.append(streams[(w * 7 + i) % streams.length], [ev(i, `Load${w}`)], opts('any'));
            acknowledged.set(result.events[0].eventId, result.events[0].position);
          }
        }),
      );
      const timeout = setTimeout(() => controller.abort(), 60_000);
      await subscription;
      clearTimeout(timeout);

      expect(received).toHaveLength(total);
      expect(received.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => from + i));
      expect(new Set(received.map((e) => e.eventId)).size).toBe(total);
      for (const event of received) expect(acknowledged.get(event.eventId)).toBe(event.position);
    });

    it('stays exact for a writer that has not seen what another writer did', async () => {
      // A writer that committed last may skip looking streams up; these are the cases where its
      // memory is wrong, and each must still get the true answer.
      const a = h.anotherStore();
      const b = h.anotherStore();
      const known = newStream();
      const created = newStream();
      await a.append(known, [ev(1)], opts('no-stream'));
      await b.append(created, [ev(1)], opts('no-stream')); // a has not seen this stream
      await a.append(known, [ev(2)], opts(1));
      await expect(a.append(created, [ev(2)], opts('no-stream'))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await a.append(known, [ev(3)], opts(2));
      const appended = await a.append(created, [ev(2)], opts('any'));
      expect(appended.nextRevision).toBe(2);
      await b.append(known, [ev(4)], opts(3)); // a's memory of `known` is now stale
      await expect(a.append(known, [ev(5)], opts(3))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await a.append(known, [ev(5)], opts(4));
      for (const s of [known, created]) {
        const events = await store.readStream(s);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i + 1));
        events.forEach((e, i) => expect(e.prevStreamLeafHash).toBe(i === 0 ? null : events[i - 1].leafHash));
      }
    });

    it('answers a retried command id with the first result and appends nothing', async () => {
      const s = newStream();
      const first = await store.append(s, [ev(1)], opts('no-stream', { commandId: `retry-${s}`, commandHash: 'h' }));
      const head = await store.headPosition();
      const again = await store.append(s, [ev(1)], opts('no-stream', { commandId: `retry-${s}`, commandHash: 'h' }));
      expect(again).toEqual({ ...first, replayed: true });
      expect(await store.findCommand(`retry-${s}`)).toEqual({ commandHash: 'h', result: { ...first, replayed: true } });
      expect(await store.findCommand(`never-${s}`)).toBeNull();
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('appends once when the same command id races through two writers', async () => {
      const s = newStream();
      const results = await Promise.all(
        [store, h.anotherStore(), h.anotherStore()].map((w) =>
          w.append(s, [ev(1)], opts('any', { commandId: `race-${s}`, commandHash: 'h' })),
        ),
      );
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('refuses a command id reused for a different request', async () => {
      const s = newStream();
      await store.append(s, [ev(1)], opts('any', { commandId: `reuse-${s}`, commandHash: 'h1' }));
      await expect(
        store.append(s, [ev(2)], opts('any', { commandId: `reuse-${s}`, commandHash: 'h2' })),
      ).rejects.toBeInstanceOf(CommandIdReusedError);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    describe('refuses bad input with a clear error and writes nothing', () => {
      let head: number;
      beforeEach(async () => {
        head = await store.headPosition();
      });
      afterEach(async () => {
        expect(await store.headPosition()).toBe(head);
      });

      it('an empty stream id', async () => {
        await expect(store.append('', [ev(1)], opts('any'))).rejects.toMatchObject({
          code: 'invalid-stream-id',
          message: expect.stringMatching(/empty/),
        });
      });
      it('a too long stream id', async () => {
        await expect(store.append('s'.repeat(201), [ev(1)], opts('any'))).rejects.toBeInstanceOf(InvalidStreamIdError);
      });
      it('an event over the size limit', async () => {
        const big = { type: 'Big', data: { blob: 'x'.repeat(h.maxEventBytes) } };
        await expect(store.append(newStream(), [ev(1), big], opts('any'))).rejects.toBeInstanceOf(EventTooLargeError);
      });
      it('data that is not JSON-serialisable', async () => {
        const s = newStream();
        await expect(store.append(s, [{ type: 'Bad', data: { n: Number.NaN } }], opts('any'))).rejects.toMatchObject({
          code: 'not-json-serialisable',
        });
        await expect(store.append(s, [{ type: 'Bad', data: { at: new Date() } }], opts('any'))).rejects.toBeInstanceOf(
          InvalidEventError,
        );
        await expect(store.append(s, [{ type: 'Bad', data: { n: 1n } }], opts('any'))).rejects.toBeInstanceOf(
          InvalidEventError,
        );
      });
      it.each([
        ['a NUL in a value', { reason: 'a\u0000b' }, 'nul-character'],
        ['a NUL in a key', { 'a\u0000b': 'x' }, 'nul-character'],
        ['a NUL deep in a list', { reasons: ['ok', ['a', 'b\u0000']] }, 'nul-character'],
        ['a lone surrogate', { reason: 'a\ud800b' }, 'not-json-serialisable'],
        ['nesting deeper than JSON text may be here', { deep: nested(10_000) }, 'not-json-serialisable'],
      ])('data PostgreSQL cannot hold: %s', async (_label, data, code) => {
        await expect(store.append(newStream(), [ev(1), { type: 'Bad', data }], opts('any'))).rejects.toMatchObject({
          code,
        });
      });
      it('takes the text "\\u0000" spelt with a backslash, which is not a NUL', async () => {
        const s = newStream();
        await store.append(s, [{ type: 'Fine', data: { s: '\\u0000' } }], opts('any'));
        head += 1;
        expect((await store.readStream(s)).map((e) => e.data)).toEqual([{ s: '\\u0000' }]);
      });
      it('an actor or an occurredAt the log cannot hold', async () => {
        const s = newStream();
        const withMetadata = (metadata: Partial<AppendOptions['metadata']>) => ({
          ...opts('any'),
          metadata: { ...opts('any').metadata, ...metadata },
        });
        await expect(
          store.append(s, [ev(1)], withMetadata({ actor: { personId: 'a\u0000b', orgId: 'o', roles: [] } })),
        ).rejects.toMatchObject({ code: 'nul-character' });
        await expect(
          store.append(s, [ev(1)], withMetadata({ occurredAt: '2026-03-14T10:00:00' })),
        ).rejects.toMatchObject({ code: 'invalid-occurred-at' });
      });
      it('a reused event id, without failing the appends committed beside it', async () => {
        const s = newStream();
        const [ok] = (await store.append(s, [ev(1)], opts('any'))).events;
        head += 1;
        const results = await Promise.allSettled([
          store.append(newStream(), [{ ...ev(2), eventId: ok.eventId }], opts('any')),
          store.append(s, [ev(3)], opts(1)),
        ]);
        expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'duplicate-event-id' } });
        expect(results[1].status).toBe('fulfilled');
        head += 1;
      });
    });

    it('reads the global log from a position, with limits and filters', async () => {
      const a = newStream('alpha');
      const b = newStream('beta');
      const from = (await store.headPosition()) + 1;
      await store.append(a, [ev(1, 'AlphaHappened'), ev(2, 'AlphaHappened')], opts('no-stream'));
      await store.append(b, [ev(3, 'BetaHappened')], opts('no-stream'));
      const all = await store.readAll({ fromPosition: from });
      expect(all.map((e) => e.position)).toEqual([from, from + 1, from + 2]);
      expect((await store.readAll({ fromPosition: from, limit: 2 })).map((e) => e.position)).toEqual([from, from + 1]);
      expect(
        (await store.readAll({ fromPosition: from, filter: { types: ['BetaHappened'] } })).map((e) => e.streamId),
      ).toEqual([b]);
      expect(
        (await store.readAll({ fromPosition: from, filter: { streamIdPrefix: 'alpha-' } })).map((e) => e.position),
      ).toEqual([from, from + 1]);
      for (const e of all) expect(e.leafHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('a stream prefix is matched literally, wildcard characters included', async () => {
      const from = (await store.headPosition()) + 1;
      const underscore = newStream('wild_card');
      const percent = newStream('wild%card');
      const plain = newStream('wildXcard');
      for (const [i, id] of [underscore, percent, plain].entries()) await store.append(id, [ev(i)], opts('no-stream'));
      const streamsWith = async (prefix: string) =>
        (await store.readAll({ fromPosition: from, filter: { streamIdPrefix: prefix } })).map((e) => e.streamId);
      expect(await streamsWith('wild_')).toEqual([underscore]);
      expect(await streamsWith('wild%')).toEqual([percent]);
      expect(await streamsWith('wild')).toEqual([underscore, percent, plain]);
    });

    it('a filtered subscriber keeps up past events it does not want', async () => {
      const from = (await store.headPosition()) + 1;
      const controller = new AbortController();
      const got: StoredEvent[] = [];
      const done = (async () => {
        for await (const e of store.subscribeAll({
          fromPosition: from,
          filter: { types: ['Wanted'] },
          signal: controller.signal,
        })) {
          got.push(e);
          if (got.length === 2) controller.abort();
        }
      })();
      const s = newStream();
      await store.append(s, [ev(1, 'Unwanted'), ev(2, 'Wanted')], opts('any'));
      await store.append(s, [ev(3, 'Unwanted')], opts('any'));
      await store.append(s, [ev(4, 'Wanted')], opts('any'));
      await done;
      expect(got.map((e) => e.data)).toEqual([{ i: 2 }, { i: 4 }]);
    });

    it('wakes a live subscriber promptly on commit, without waiting for a poll', async () => {
      const from = (await store.headPosition()) + 1;
      const controller = new AbortController();
      let firstAt = 0;
      const done = (async () => {
        for await (const _ of h.anotherStore().subscribeAll({ fromPosition: from, signal: controller.signal })) {
          firstAt = Date.now();
          controller.abort();
        }
      })();
      await new Promise((r) => setTimeout(r, 300)); // let it reach the live wait
      const sentAt = Date.now();
      await store.append(newStream(), [ev(1)], opts('any'));
      await done;
      // The harness polls every 5 s, so an answer well under that came from NOTIFY.
      expect(firstAt - sentAt).toBeLessThan(2000);
    });

    it("wakes a head waiter promptly on another writer's commit, and lets it go at its timeout", async () => {
      const head = await store.headPosition();
      const waiter = h.anotherStore();
      await waiter.waitBeyond(head, 300); // connected and at the head
      const sentAt = Date.now();
      const woken = waiter.waitBeyond(head, 60_000).then(() => Date.now());
      await store.append(newStream(), [ev(1)], opts('any'));
      // The harness polls every 5 s, so an answer well under that came from NOTIFY.
      expect((await woken) - sentAt).toBeLessThan(2000);
      const timedOutAt = Date.now();
      await waiter.waitBeyond(head + 1_000_000, 200);
      expect(Date.now() - timedOutAt).toBeGreaterThanOrEqual(150);
      const aborted = new AbortController();
      const pending = waiter.waitBeyond(head + 1_000_000, 60_000, aborted.signal);
      aborted.abort();
      await pending;
    });

    it('stores leaf hashes that recompute from the canonical envelope', async () => {
      const s = newStream();
      await store.append(s, [ev(1), ev(2)], opts('any'));
      for (const e of await store.readStream(s)) {
        const { leafHash: stored, ...withoutHash } = e;
        expect(leafHash(canonicalBytes(withoutHash)).toString('hex')).toBe(stored);
      }
    });

    it('keeps quotes, backslashes and non-ASCII text exactly, in data and in stream ids', async () => {
      const s = `${newStream()}-o'b"r\\{x,y}`;
      const data = {
        quoted: `it's "so" \\ back`,
        welsh: 'Caerdydd – £5, café',
        emoji: '🏠😀',
        mostly: 'ΑΒΓΔΕΖΗΘ ΙΚΛΜΝΞΟΠ 住宅協会',
      };
      const appended = await store.append(s, [{ type: 'TextKept', data }, ev(2)], opts('no-stream'));
      const read = await store.readStream(s);
      expect(read.map((e) => e.leafHash)).toEqual(appended.events.map((e) => e.leafHash));
      expect(read[0]).toMatchObject({ streamId: s, data });
      for (const e of read) {
        const { leafHash: stored, ...withoutHash } = e;
        expect(leafHash(canonicalBytes(withoutHash)).toString('hex')).toBe(stored);
      }
    });
  });
}
