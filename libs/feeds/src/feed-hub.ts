import { EventStore, StoredEvent } from '@accord/event-store';
import { delay } from '@accord/platform';
import { eventFrame } from './sse-frames';

export interface FeedHubOptions {
  /**
   * Memory for the recent events the hub keeps so that subscribers near the head never query the
   * database (default 8 MiB; the newest event is kept whatever its size). A subscriber further
   * behind pages through the database instead.
   */
  ringBytes?: number;
  /** Events a subscriber catching up reads from the database per round trip (default 500). */
  pageSize?: number;
  /** How long the hub keeps following the log after its last subscriber left (default 30 s). */
  idleStopMs?: number;
  onError?: (err: Error) => void;
}

/** The hub's tail of the log while it has subscribers. */
interface Following {
  stop: AbortController;
  /** Resolves once the head it starts from is known. */
  ready: Promise<void>;
  done: Promise<void>;
}

/**
 * One tail of the log per process, shared by every SSE subscriber of that process. The hub keeps
 * the newest events in a ring; a subscriber holds only a cursor (the next position it wants) and
 * pulls from the ring when it is close to the head, or pages through the database when it is
 * behind (a resume from long ago, or a reader slower than the ring is long). Nothing is pushed
 * into per-subscriber queues, so nothing can grow without bound, and because everything comes
 * from the log any API instance can serve any subscriber.
 *
 * The hub follows the log only while someone subscribes (and `idleStopMs` after): an API nobody
 * follows does not read and keep every event it commits.
 */
export class FeedHub {
  private readonly ringBytes: number;
  private readonly pageSize: number;
  private readonly idleStopMs: number;
  private readonly onError: (err: Error) => void;
  private ring: StoredEvent[] = [];
  /** What the ring's events cost, reckoned by {@link ringCost}. */
  private ringHeld = 0;
  private head = 0;
  private readonly waiters = new Set<() => void>();
  private wakeScheduled = false;
  private readonly closed = new AbortController();
  private following: Following | undefined;
  private subscribers = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'subscribeAll' | 'headPosition' | 'readAll'>,
    options: FeedHubOptions = {},
  ) {
    this.ringBytes = options.ringBytes ?? 8 * 2 ** 20;
    this.pageSize = options.pageSize ?? 500;
    this.idleStopMs = options.idleStopMs ?? 30_000;
    this.onError = options.onError ?? (() => undefined);
  }

  async close(): Promise<void> {
    this.closed.abort();
    clearTimeout(this.idleTimer);
    this.following?.stop.abort();
    this.wakeAll();
    await this.following?.done;
  }

  /** The newest position the hub has seen committed (as of its last subscriber, when it has none). */
  headPosition(): number {
    return this.head;
  }

  /** The newest committed position: the hub's while it follows the log, else the store's. */
  async currentHead(): Promise<number> {
    return this.following ? this.head : this.store.headPosition();
  }

  /** Whether the hub is tailing the log now. */
  get isFollowing(): boolean {
    return this.following !== undefined;
  }

  /**
   * Events after position `after`, in position order, for as long as `signal` is not aborted.
   * Yields pages (arrays) so the caller can write them in one go; yields an empty page when
   * `idleMs` passes without news, so the caller can send a heartbeat.
   */
  async *pages(
    after: number,
    options: { types?: string[]; idleMs: number; signal: AbortSignal },
  ): AsyncGenerator<StoredEvent[]> {
    const following = this.join();
    try {
      await following.ready;
      let next = after + 1;
      const types = options.types?.length ? new Set(options.types) : undefined;
      while (!options.signal.aborted && !this.closed.signal.aborted) {
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
          page = await this.store.readAll({
            fromPosition: next,
            limit: this.pageSize,
            filter: types ? { types: [...types] } : undefined,
          });
          next = page.length > 0 ? page[page.length - 1].position + 1 : next;
          if (page.length < this.pageSize) next = Math.max(next, seenHead + 1);
        } else {
          next = fromRing[fromRing.length - 1].position + 1;
          page = types ? fromRing.filter((e) => types.has(e.type)) : fromRing;
        }
        if (page.length > 0) yield page;
      }
    } finally {
      this.leave();
    }
  }

  private join(): Following {
    this.subscribers++;
    clearTimeout(this.idleTimer);
    this.following ??= this.follow();
    return this.following;
  }

  private leave(): void {
    if (--this.subscribers > 0) return;
    this.idleTimer = setTimeout(() => void this.stopFollowing(), this.idleStopMs);
    this.idleTimer.unref();
  }

  private async stopFollowing(): Promise<void> {
    const following = this.following;
    if (!following || this.subscribers > 0) return;
    // Let go at once: a subscriber arriving while the old tail ends starts a new one.
    this.following = undefined;
    following.stop.abort();
    await following.done;
    if (!this.following) this.emptyRing();
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
        if (this.head > position || this.closed.signal.aborted) done(this.head > position);
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

  /** Learns the head, then tails the log from there until stopped. */
  private follow(): Following {
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.closed.signal]);
    // The ring is consecutive from where this tail starts; a previous tail's events may be older.
    this.emptyRing();
    let known: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (known = resolve));
    const done = (async () => {
      for (;;) {
        try {
          this.advance(await this.store.headPosition());
          break;
        } catch (err) {
          this.onError(err as Error);
          if (signal.aborted) break;
          await delay(1000, signal);
        }
      }
      known();
      while (!signal.aborted) {
        try {
          for await (const event of this.store.subscribeAll({
            fromPosition: this.head + 1,
            signal,
            batchSize: 2000,
            ownConnection: true,
          })) {
            this.keep(event);
            this.advance(event.position);
          }
        } catch (err) {
          this.onError(err as Error);
          await delay(1000, signal);
        }
      }
    })();
    return { stop, ready, done };
  }

  private keep(event: StoredEvent): void {
    this.ring.push(event);
    this.ringHeld += ringCost(event);
    // Trim in chunks, back to the budget once a quarter over it: dropping the oldest event for
    // each new one would be quadratic under load.
    if (this.ringHeld <= this.ringBytes * 1.25) return;
    let drop = 0;
    while (this.ringHeld > this.ringBytes && drop < this.ring.length - 1) this.ringHeld -= ringCost(this.ring[drop++]);
    this.ring = this.ring.slice(drop);
  }

  private emptyRing(): void {
    this.ring = [];
    this.ringHeld = 0;
  }

  private advance(position: number): void {
    if (position <= this.head) return;
    this.head = position;
    this.scheduleWake();
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

/**
 * What an event in the ring costs: its SSE frame, which every subscriber not filtering it is sent
 * (made here once, and cached for them), and the parsed envelope it is made from, about as large
 * (heap snapshots of the soak: 1.02 and 0.95 KiB an event).
 */
function ringCost(event: StoredEvent): number {
  return 2 * eventFrame(event).length;
}
