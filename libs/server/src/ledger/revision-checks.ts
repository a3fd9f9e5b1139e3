import { EventStore, validateStreamId } from '@accord/event-store';

interface Waiter {
  resolve(revisions: Map<string, number>): void;
  reject(err: unknown): void;
}

/**
 * Stream revision look-ups of concurrent commands, sent as one query. Every command asks the
 * store how far its streams have moved (another process may have written); asked one by one,
 * that is a round trip and a PostgreSQL transaction per command. Here at most one look-up is in
 * flight: commands that arrive meanwhile wait for it to finish and then share the next one, like
 * appends share a group commit. A command is never answered by a query sent before it asked, so
 * it sees every write committed before it arrived, exactly as with a query of its own.
 */
export class RevisionChecks {
  private next: { ids: Set<string>; waiters: Waiter[] } | undefined;
  private inFlight = false;

  constructor(private readonly store: Pick<EventStore, 'streamRevisions'>) {}

  /**
   * Current revisions of these streams (0 for a stream that does not exist). Ids are checked here,
   * before joining a batch, so that one caller's bad id fails that caller alone.
   */
  revisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    return new Promise((resolve, reject) => {
      for (const id of streamIds) validateStreamId(id);
      this.next ??= { ids: new Set(), waiters: [] };
      for (const id of streamIds) this.next.ids.add(id);
      this.next.waiters.push({ resolve, reject });
      if (!this.inFlight) this.send();
    });
  }

  private send(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = undefined;
    this.inFlight = true;
    this.store.streamRevisions([...batch.ids]).then(
      (revisions) => this.settle(() => batch.waiters.forEach((w) => w.resolve(revisions))),
      (err: unknown) => this.settle(() => batch.waiters.forEach((w) => w.reject(err))),
    );
  }

  private settle(answer: () => void): void {
    this.inFlight = false;
    answer();
    this.send();
  }
}
