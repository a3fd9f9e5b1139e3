import { maySealIn, StoredEvent } from '@accord/event-store';

/**
 * Server-Sent Events framing (WHATWG HTML §9.2). Events carry no `event:` field, so a browser's
 * EventSource hands them to `onmessage`; the event's type is in its JSON. `id:` is the log
 * position, which the client sends back as `Last-Event-ID` to resume exactly after it.
 */
export function eventFrame(event: StoredEvent): string {
  // The hub hands the same event object to every subscriber: serialise it once.
  let frame = frames.get(event);
  if (frame === undefined) {
    // JSON.stringify never emits a raw newline, so the envelope always fits on one `data:` line.
    frame = `id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

const frames = new WeakMap<StoredEvent, string>();

/**
 * Whether the event may hold a sealed value (personal data, exempt information), which each
 * subscriber must have opened as they may read it: tested once per event, on its frame.
 */
export function maySeal(event: StoredEvent): boolean {
  let sealed = mayBeSealed.get(event);
  if (sealed === undefined) mayBeSealed.set(event, (sealed = maySealIn(eventFrame(event))));
  return sealed;
}

const mayBeSealed = new WeakMap<StoredEvent, boolean>();

/** A comment line: ignored by clients, keeps proxies and load balancers from timing the stream out. */
export function heartbeatFrame(): string {
  return ': heartbeat\n\n';
}

export function openingFrame(retryMs: number, after: number): string {
  return `retry: ${retryMs}\n: resuming after position ${after}\n\n`;
}

/** Why the server ended a stream, and where to resume (the last position sent to this client). */
export interface CutOff {
  /**
   * `unavailable`: the database failed mid-stream; reconnect after a moment. `access-changed`: the
   * log recorded the subscriber's removal or a revoked role; a reconnection is judged afresh.
   */
  reason: 'slow-reader' | 'shutting-down' | 'unavailable' | 'access-changed';
  resumeAfter: number;
}

export function cutOffFrame(cut: CutOff): string {
  return `event: cut-off\ndata: ${JSON.stringify(cut)}\n\n`;
}

/** Parses `Last-Event-ID` or `?from=`: a position ≥ 0. Returns undefined for anything else. */
export function parsePosition(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
