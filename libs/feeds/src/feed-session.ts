import { maySeeLazily, Viewer } from '@accord/access';
import { StoredEvent } from '@accord/event-store';
import { FeedHub } from './feed-hub';
import { scopeOf } from './feed-routing';
import { PartyDirectory } from './party-directory';
import { SseStream } from './sse-stream';

export interface FeedQuery {
  /** Resume after this position (0 = from the start of the log). */
  after: number;
  partnershipId?: string;
  types?: string[];
}

/**
 * What a feed subscriber is sent (the SSE feed, and webhook endpoints, which subscribe for their
 * organisation): only what the viewer may see, and only the partnerships asked for, if any.
 */
export function feedVisibility(
  directory: PartyDirectory,
  viewer: Viewer,
  partnershipIds: readonly string[] | undefined,
): (event: StoredEvent) => Promise<boolean> {
  return async (event) => {
    const scope = scopeOf(event);
    if (partnershipIds !== undefined && !(scope.kind === 'partnership' && partnershipIds.includes(scope.partnershipId)))
      return false;
    return maySeeLazily(viewer, () => directory.audienceOf(scope));
  };
}

/**
 * Serves one subscriber until it goes away, is cut off, or `stop` aborts: pages from the hub,
 * narrowed to what the viewer may see (their organisation's partnerships and their organisation
 * itself) and to the filters asked for, written with back-pressure; an idle page is a heartbeat.
 */
export async function serveFeed(
  hub: FeedHub,
  directory: PartyDirectory,
  stream: SseStream,
  viewer: Viewer,
  query: FeedQuery,
  options: { heartbeatMs: number; stop: AbortSignal },
): Promise<void> {
  const signal = AbortSignal.any([stream.signal, options.stop]);
  const visible = feedVisibility(
    directory,
    viewer,
    query.partnershipId === undefined ? undefined : [query.partnershipId],
  );
  let lastWrite = Date.now();
  for await (const page of hub.pages(query.after, { types: query.types, idleMs: options.heartbeatMs, signal })) {
    const shown: StoredEvent[] = [];
    for (const event of page) if (await visible(event)) shown.push(event);
    // A busy log whose events are all someone else's still owes this client its heartbeats.
    if (shown.length === 0 && page.length > 0 && Date.now() - lastWrite < options.heartbeatMs) continue;
    if (!(await stream.send(shown))) return;
    lastWrite = Date.now();
  }
  if (options.stop.aborted) stream.cutOff('shutting-down');
}
