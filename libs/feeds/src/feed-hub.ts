import { EventStore, StoredEvent } from '@accord/event-store';
import { delay } from '@accord/platform';

export interface FeedHubOptions {
  /** Recent events kept in memory so live subscribers never query the database (default 10,000). */
  ringSize?: number;
  /** Events a subscriber catching up reads from the database per round trip (default 500). */
  pageSize?: number;
  onError?: (err: Error) => void;
}

/**
 * One tail of the log per process, shared by every SSE subscriber of that process. The hub keeps
 * the newest events in a ring; a subscriber holds only a cursor (the next position it wants) and
 * pulls from the ring when it is close to the head, or pages through the database when it is
 * behind (a resume from long ago, or a reader slower than the ring is long). Nothing is pushed
 * into per-subscriber queues, so nothing can grow without bound, and because everything comes
 * from the log any API instance can serve any subscriber.
 */
export class FeedHub {
  private readonly ringSize: number;
  private readonly pageSize: number;
  private ring: StoredEvent[] = [];
  private head = 0;
  private readonly waiters = new Set<() => void>();
  private wakeScheduled = false;
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>,
    options: FeedHubOptions = {},
  ) {
    this.ringSize = options.ringSize ?? 10_000;
    this.pageSize = options.pageSize ?? 500;
    this.onError = options.onError ?? (() => undefined);
  }

  private readonly onError: (err: Error) => void;

  /** Starts following the log from its current head; resolves once the head is known. */
  start(): Promise<void> {
    this.started ??= (async () => {
      for (;;) {
        try {
          this.head = await this.store.headPosition();
          break;
        } catch (err) {
          this.onError(err as Error);
          if (this.stop.signal.aborted) return;
          await delay(1000, this.stop.signal);
        }
      }
      this.running = this.follow();
    })();
    return this.started;
  }

  async close(): Promise<void> {
    this.stop.abort();
    this.wakeAll();
    await this.started;
    await this.running;
  }

  /** The newest position the hub has seen committed. */
  headPosition(): number {
    return this.head;
  }

  /**
   * Events after position `after`, in position order, for as long as `signal` is not aborted.
   * Yields pages (arrays) so the caller can write them in one go; yields an empty page when
   * `idleMs` passes without news, so the caller can send a heartbeat.
   */
  async *pages(after: number, options: { types?: string[]; idleMs: number; signal: AbortSignal }): AsyncGenerator<StoredEvent[]> {
    await this.start();
    let next = after + 1;
    const types = options.types?.length ? new Set(options.types) : undefined;
    while (!options.signal.aborted && !this.stop.signal.aborted) {
      const fromRing = this.slice(next);
      if (fromRing === 'wait') {
        if (await this.waitBeyond(next - 1, options.idleMs, options.signal)) continue;
        yield [];
        continue;
      }
      let page: StoredEvent[];
      if (fromRing === 'behind') {
        // Everything up to a head the hub saw committed is visible (positions commit in order),
        // so a short page means nothing else matches up to that head and the cursor may pass it.
        const seenHead = this.head;
        page = await this.store.readAll({ fromPosition: next, limit: this.pageSize, filter: types ? { types: [...types] } : undefined });
        next = page.length > 0 ? page[page.length - 1].position + 1 : next;
        if (page.length < this.pageSize) next = Math.max(next, seenHead + 1);
      } else {
        next = fromRing[fromRing.length - 1].position + 1;
        page = types ? fromRing.filter((e) => types.has(e.type)) : fromRing;
      }
      if (page.length > 0) yield page;
    }
  }

  /** Resolves true when an event after `position` is known, false after `timeoutMs` or on abort. */
  private waitBeyond(position: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.head > position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(wake);
        resolve(value);
      };
      const wake = () => {
        if (this.head > position || this.stop.signal.aborted) done(this.head > position);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(wake);
    });
  }

  private slice(next: number): StoredEvent[] | 'wait' | 'behind' {
    if (next > this.head) return 'wait';
    const first = this.ring[0]?.position;
    if (first === undefined || next < first) return 'behind';
    // The ring holds consecutive positions (the hub follows the whole log unfiltered).
    const start = next - first;
    return this.ring.slice(start, start + this.pageSize);
  }

  private async follow(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        for await (const event of this.store.subscribeAll({ fromPosition: this.head + 1, signal: this.stop.signal, batchSize: 2000 })) {
          this.ring.push(event);
          // Trim in chunks: shifting one element per event would be quadratic under load.
          if (this.ring.length > this.ringSize * 1.25) this.ring = this.ring.slice(this.ring.length - this.ringSize);
          this.head = event.position;
          this.scheduleWake();
        }
      } catch (err) {
        this.onError(err as Error);
        await delay(1000, this.stop.signal);
      }
    }
  }

  /** One wake-up per burst of events rather than one per event. */
  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    queueMicrotask(() => {
      this.wakeScheduled = false;
      this.wakeAll();
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
