import { changesStandingOf, maySeeLazily, Principal, STANDING_EVENT_TYPES, Viewer } from '@accord/access';
import { StoredEvent } from '@accord/event-store';
import { FeedHub } from './feed-hub';
import { EventScope, scopeOf } from './feed-routing';
import { PartyDirectory } from './party-directory';
import { maySeal } from './sse-frames';
import { SseStream } from './sse-stream';

export interface FeedQuery {
  /** Resume after this position (0 = from the start of the log). */
  after: number;
  partnershipId?: string;
  types?: string[];
}

/** Who reads a stream, and how to ask the ledger about them again. */
export interface FeedSubscriber {
  /** The caller as the ledger had them when the stream opened. */
  readonly caller: Principal;
  /** The same caller as the ledger has them now; null once it refuses them. */
  readonly now: () => Promise<Principal | null>;
  /**
   * The events as this subscriber may read them (DESIGN §4): personal data opened, or
   * "[erased]"; exempt values opened only for those with need to know.
   */
  readonly open: (events: StoredEvent[]) => Promise<StoredEvent[]>;
}

/**
 * What a feed subscriber is sent (the SSE feed, and webhook endpoints, which subscribe for their
 * organisation): only what the viewer may see, and only the partnerships asked for, if any.
 */
export function feedVisibility(
  directory: PartyDirectory,
  viewer: Viewer,
  partnershipIds: readonly string[] | undefined,
): (event: StoredEvent) => boolean | Promise<boolean> {
  const audienceOf = (scope: EventScope) => maySeeLazily(viewer, () => directory.audienceOf(scope));
  if (partnershipIds === undefined) return (event) => audienceOf(scopeOf(event));
  return async (event) => {
    const scope = scopeOf(event);
    const about = await directory.partnershipsOf(scope);
    return about.some((id) => partnershipIds.includes(id)) && audienceOf(scope);
  };
}

/**
 * Serves one subscriber until it goes away, is cut off, or `stop` aborts: pages from the hub,
 * narrowed to what the viewer may see (their organisation's partnerships and their organisation
 * itself) and to the filters asked for, written with back-pressure; an idle page is a heartbeat.
 * When the log records the subscriber's removal or a revoked role, the ledger is asked again
 * before anything after it is sent: if they lost anything, the stream ends there
 * (`access-changed`), and a reconnection is judged afresh.
 */
export async function serveFeed(
  hub: FeedHub,
  directory: PartyDirectory,
  stream: SseStream,
  subscriber: FeedSubscriber,
  query: FeedQuery,
  options: { heartbeatMs: number; stop: AbortSignal },
): Promise<void> {
  const { caller } = subscriber;
  const signal = AbortSignal.any([stream.signal, options.stop]);
  const types = query.types?.length ? new Set(query.types) : undefined;
  const mayBeShown = feedVisibility(
    directory,
    caller,
    query.partnershipId === undefined ? undefined : [query.partnershipId],
  );
  const visible = (event: StoredEvent): boolean | Promise<boolean> =>
    (types === undefined || types.has(event.type)) && mayBeShown(event);
  // Events without a sealed value read the same for everyone: only a page with one is opened.
  const opened = (events: StoredEvent[]) => (events.some(maySeal) ? subscriber.open(events) : events);
  const stillEntitled = async (): Promise<boolean> => {
    const now = await subscriber.now();
    return now !== null && caller.roles.every((role) => now.roles.includes(role));
  };
  // Filtered by type, the hub must still hand over the events that can end the subscriber's access.
  const hubTypes = types && [...new Set([...types, ...STANDING_EVENT_TYPES])];
  let lastWrite = Date.now();
  for await (const page of hub.pages(query.after, { types: hubTypes, idleMs: options.heartbeatMs, signal })) {
    const shown: StoredEvent[] = [];
    for (const event of page) {
      if (changesStandingOf(caller, event) && !(await stillEntitled())) {
        if (shown.length === 0 || (await stream.send(await opened(shown)))) stream.cutOff('access-changed');
        return;
      }
      // Awaited only when the answer is not known at once: most are, and an await is a tick per event.
      const mayBeSeen = visible(event);
      if (mayBeSeen === true || (mayBeSeen !== false && (await mayBeSeen))) shown.push(event);
    }
    // A busy log whose events are all someone else's still owes this client its heartbeats.
    if (shown.length === 0 && page.length > 0 && Date.now() - lastWrite < options.heartbeatMs) continue;
    if (!(await stream.send(await opened(shown)))) return;
    lastWrite = Date.now();
  }
  if (options.stop.aborted) stream.cutOff('shutting-down');
}
