import { StoredEvent } from '@accord/event-store';
import { CutOff, cutOffFrame, eventFrame, heartbeatFrame, openingFrame } from './sse-frames';

/** What the stream writes to: an http.ServerResponse, or a fake in tests. */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  destroy(): void;
  once(event: 'drain' | 'close' | 'finish', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close' | 'finish', listener: () => void): unknown;
  readonly destroyed: boolean;
}

export interface SseStreamOptions {
  /** How long a write may wait for the client to read before the client is cut off. */
  slowReaderMs: number;
  /** How long a cut-off client gets to take its last frame before the socket is destroyed. */
  graceMs?: number;
  retryMs?: number;
}

/**
 * One subscriber's stream. Writes wait for the socket to drain, so at most one socket buffer and
 * one page are ever held for a client; a client that does not read within `slowReaderMs` is cut
 * off with a `cut-off` event naming the position to resume after.
 */
export class SseStream {
  private lastSent: number;
  private closed = false;
  private readonly gone = new AbortController();

  constructor(
    private readonly sink: SseSink,
    after: number,
    private readonly options: SseStreamOptions,
  ) {
    this.lastSent = after;
    sink.once('close', () => this.markGone());
    sink.write(openingFrame(options.retryMs ?? 2000, after));
  }

  /** Aborts when the client goes away or the stream is ended. */
  get signal(): AbortSignal {
    return this.gone.signal;
  }

  get resumeAfter(): number {
    return this.lastSent;
  }

  /** Sends a page of events; false when the stream is over (client gone or cut off). */
  async send(events: StoredEvent[]): Promise<boolean> {
    if (this.closed) return false;
    if (events.length === 0) return this.writeAndWait(heartbeatFrame());
    const chunk = events.map(eventFrame).join('');
    // Once written, the page precedes anything written later (a cut-off frame included) in the
    // byte stream, so a client that reads the cut-off has read this page too.
    this.lastSent = events[events.length - 1].position;
    return this.writeAndWait(chunk);
  }

  /** Ends the stream, telling the client why and where to resume. */
  cutOff(reason: CutOff['reason']): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.write(cutOffFrame({ reason, resumeAfter: this.lastSent }));
    // Close the connection once the last frame is out (a kept-alive socket would hold up a
    // shutdown); a client that does not read never takes it, so its socket goes after a grace.
    const timer = setTimeout(() => this.sink.destroy(), this.options.graceMs ?? 5000);
    timer.unref();
    this.sink.once('finish', () => {
      clearTimeout(timer);
      this.sink.destroy();
    });
    this.sink.end();
    this.gone.abort();
  }

  private async writeAndWait(chunk: string): Promise<boolean> {
    if (this.sink.destroyed) {
      this.markGone();
      return false;
    }
    if (this.sink.write(chunk)) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.sink.removeListener('drain', onDrain);
        this.gone.signal.removeEventListener('abort', onGone);
        resolve(value);
      };
      const onDrain = () => finish(true);
      const onGone = () => finish(false);
      const timer = setTimeout(() => finish(false), this.options.slowReaderMs);
      this.sink.once('drain', onDrain);
      this.gone.signal.addEventListener('abort', onGone, { once: true });
    });
    if (!drained && !this.closed && !this.gone.signal.aborted) {
      this.cutOff('slow-reader');
      return false;
    }
    return drained && !this.closed;
  }

  private markGone(): void {
    this.closed = true;
    this.gone.abort();
  }
}
