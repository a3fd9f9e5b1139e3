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
  const visible = async (event: StoredEvent): Promise<boolean> => {
    const scope = scopeOf(event);
    if (
      query.partnershipId !== undefined &&
      !(scope.kind === 'partnership' && scope.partnershipId === query.partnershipId)
    )
      return false;
    return maySeeLazily(viewer, () => directory.audienceOf(scope));
  };
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
