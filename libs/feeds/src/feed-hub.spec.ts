import { StoredEvent, SubscribeOptions } from '@accord/event-store';
import { FeedHub } from './feed-hub';

/** A log in memory whose live subscription, once aborted, takes `endMs` to end (as a round trip would). */
function slowToEndLog(endMs: number) {
  const events: StoredEvent[] = [];
  let wake: () => void = () => undefined;
  const event = (position: number) =>
    ({
      position,
      streamId: 's',
      revision: position,
      eventId: `e${position}`,
      type: 'Thing',
      schemaVersion: 1,
      data: {},
      metadata: {},
      recordedAt: '',
      leafHash: '',
      prevStreamLeafHash: null,
    }) as unknown as StoredEvent;
  const log = {
    append(): void {
      events.push(event(events.length + 1));
      wake();
    },
    /** Reads of the log by position (what a subscriber behind the hub's ring costs). */
    reads: 0,
    store: {
      headPosition: async () => events.length,
      readAll: async ({ fromPosition = 1, limit = Infinity }: { fromPosition?: number; limit?: number } = {}) => {
        log.reads++;
        return events.slice(fromPosition - 1, fromPosition - 1 + limit);
      },
      async *subscribeAll({ fromPosition = 1, signal }: SubscribeOptions = {}): AsyncGenerator<StoredEvent> {
        let next = fromPosition;
        while (!signal?.aborted) {
          while (next <= events.length) yield events[next++ - 1];
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal?.addEventListener('abort', () => resolve(), { once: true });
          });
        }
        await new Promise((r) => setTimeout(r, endMs));
      },
    },
  };
  return log;
}

/** Positions `after` + 1 to `last` as one subscriber of `hub` reads them. */
async function readUpTo(hub: FeedHub, after: number, last: number): Promise<number[]> {
  const stop = new AbortController();
  const seen: number[] = [];
  const timeout = setTimeout(() => stop.abort(), 2_000);
  for await (const page of hub.pages(after, { idleMs: 20, signal: stop.signal })) {
    seen.push(...page.map((e) => e.position));
    if (seen[seen.length - 1] >= last) stop.abort();
  }
  clearTimeout(timeout);
  return seen;
}

describe('FeedHub', () => {
  it('serves a subscriber who arrives while the hub is letting go of an idle tail', async () => {
    const log = slowToEndLog(200);
    const hub = new FeedHub(log.store, { idleStopMs: 10 });
    const first = new AbortController();
    for await (const page of hub.pages(0, { idleMs: 5, signal: first.signal })) if (page.length === 0) first.abort();
    await new Promise((r) => setTimeout(r, 50)); // idle: the old tail is being stopped, slowly

    const second = new AbortController();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const page of hub.pages(0, { idleMs: 20, signal: second.signal })) {
        seen.push(...page.map((e) => e.position));
        if (seen.length === 2) second.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    log.append();
    log.append();
    const timeout = setTimeout(() => second.abort(), 2_000);
    await reading;
    clearTimeout(timeout);
    await hub.close();
    expect(seen).toEqual([1, 2]);
  });

  it('keeps recent events within its memory budget: a subscriber further behind reads the log', async () => {
    const log = slowToEndLog(0);
    // Each of these events costs about 340 bytes (twice its frame of some 170 characters): a budget of ten.
    const hub = new FeedHub(log.store, { ringBytes: 3_400, pageSize: 500 });
    const live = new AbortController();
    const following = (async () => {
      for await (const page of hub.pages(0, { idleMs: 20, signal: live.signal })) void page;
    })();
    try {
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 100; i++) log.append();
      await new Promise((r) => setTimeout(r, 50));

      const near = log.reads;
      expect(await readUpTo(hub, 94, 100)).toEqual([95, 96, 97, 98, 99, 100]);
      expect(log.reads).toBe(near);

      const far = log.reads;
      expect(await readUpTo(hub, 80, 100)).toEqual(Array.from({ length: 20 }, (_, i) => 81 + i));
      expect(log.reads).toBeGreaterThan(far);
    } finally {
      live.abort();
      await following;
      await hub.close();
    }
  });
});
