import { StoredEvent } from '@accord/event-store';
import { RelayMessage } from './kafka-port';

export interface Queued {
  event: StoredEvent;
  /** The Kafka message (key, envelope JSON, headers), made once for all its topics. */
  message: RelayMessage;
  /** Bytes the message takes in a send, counted against the batch limit. */
  size: number;
}

/** A bounded hand-over between the pump (reading the log) and the sender. */
export class RelayQueue {
  private items: Queued[] = [];
  private head = 0;
  private wakeTaker: (() => void) | null = null;
  private wakeFiller: (() => void) | null = null;
  private ended = false;

  constructor(private readonly capacity: number) {}

  async fill(
    events: AsyncIterable<StoredEvent>,
    encode: (event: StoredEvent) => Queued,
    signal: AbortSignal,
  ): Promise<void> {
    const onAbort = () => this.wakeFiller?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const event of events) {
        this.items.push(encode(event));
        this.wakeTaker?.();
        while (this.items.length - this.head >= this.capacity && !signal.aborted)
          await new Promise<void>((r) => (this.wakeFiller = r));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.ended = true;
      this.wakeTaker?.();
    }
  }

  /** Up to `maxEvents` events and `maxBytes` bytes; waits for at least one. Null when over. */
  async take(maxEvents: number, maxBytes: number, signal: AbortSignal): Promise<Queued[] | null> {
    while (this.items.length === this.head) {
      if (this.ended || signal.aborted) return null;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.wakeTaker = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wakeTaker = null;
    }
    if (signal.aborted) return null;
    const batch: Queued[] = [];
    let bytes = 0;
    while (this.head < this.items.length && batch.length < maxEvents) {
      const next = this.items[this.head];
      if (batch.length > 0 && bytes + next.size > maxBytes) break;
      batch.push(next);
      bytes += next.size;
      this.head++;
    }
    if (this.head > 10_000) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.wakeFiller?.();
    this.wakeFiller = null;
    return batch;
  }
}
