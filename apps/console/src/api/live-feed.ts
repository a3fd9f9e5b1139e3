import { problemOf } from './client';
import { SseParser } from './sse-parser';
import type { FeedEvent } from './types';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

/**
 * Follows GET /v1/feed for the signed-in person and tells listeners about each new event. On any
 * break (network, server restart, a cut-off) it reconnects with Last-Event-ID, so the feed resumes
 * exactly after the last event seen: nothing missed, nothing twice; a token the server refuses
 * (401, or 403 once the ledger took the person's access away) signs the person out.
 */
export class LiveFeed {
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private lastId: string | undefined;
  private controller: AbortController | undefined;
  /** Each start() gets a new run; stop() ends the current one (React may stop and start again). */
  private run = 0;
  status: LiveStatus = 'connecting';

  constructor(
    private readonly token: string,
    private readonly onSignedOut: () => void,
    private readonly retryMs = 2000,
  ) {}

  /** Start from the log's current end: the console only wants what happens from now on. */
  start(fromPosition: number): void {
    this.lastId ??= String(fromPosition);
    this.run += 1;
    void this.follow(this.run);
  }

  stop(): void {
    this.run += 1;
    this.controller?.abort();
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private async follow(run: number): Promise<void> {
    const current = () => run === this.run;
    while (current()) {
      this.controller = new AbortController();
      try {
        const response = await fetch('/v1/feed', {
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'text/event-stream',
            ...(this.lastId ? { 'last-event-id': this.lastId } : {}),
          },
          signal: this.controller.signal,
        });
        // 403: the ledger no longer lets this token read the feed (its person removed, or a role
        // revoked; the server ends an open stream with `access-changed` then): asking again won't help.
        if (response.status === 401 || response.status === 403) {
          this.setStatus('signed-out');
          this.onSignedOut();
          return;
        }
        if (!response.ok || !response.body) throw await problemOf(response);
        this.setStatus('live');
        await this.read(response.body, current);
      } catch {
        // Any break is retried below; the stop() abort ends the loop.
      }
      if (!current()) return;
      this.setStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
  }

  private async read(body: ReadableStream<Uint8Array>, current: () => boolean): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        // A stopped run delivers nothing more, even if its stream was not cut off yet.
        if (!current()) return;
        if (message.id !== undefined) this.lastId = message.id;
        if (message.event !== undefined && message.event !== 'message') continue;
        let event: FeedEvent;
        try {
          event = JSON.parse(message.data) as FeedEvent;
        } catch {
          continue;
        }
        for (const listener of this.listeners) listener(event);
      }
    }
  }
}
