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
  return {
    append(): void {
      events.push(event(events.length + 1));
      wake();
    },
    store: {
      headPosition: async () => events.length,
      readAll: async ({ fromPosition = 1 }: { fromPosition?: number } = {}) => events.slice(fromPosition - 1),
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
});
