import { EventStore } from '@accord/event-store';

/**
 * Wakes projection runners when the log grows. One live subscription per process (it starts at
 * the head, so it never re-reads history) instead of every runner polling the head: read-your-
 * write waits (`minPosition`) then end within one batch of the append.
 */
export class LogTicker {
  private known = 0;
  private readonly waiters = new Set<() => void>();
  private following: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly signal: AbortSignal,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  start(): void {
    this.following ??= this.follow();
  }

  async stopped(): Promise<void> {
    await this.following;
  }

  /** Resolves once a position beyond `position` is known, after `timeoutMs`, or on abort. */
  waitBeyond(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.known > position || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (this.known > position) done();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(check);
    });
  }

  private async follow(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        this.advance(await this.store.headPosition());
        for await (const event of this.store.subscribeAll({ fromPosition: this.known + 1, signal: this.signal, batchSize: 1000 })) this.advance(event.position);
      } catch (err) {
        this.onError(err as Error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private advance(position: number): void {
    if (position <= this.known) return;
    this.known = position;
    for (const check of [...this.waiters]) check();
  }
}
