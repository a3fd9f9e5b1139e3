import { Inject, Injectable } from '@nestjs/common';
import { decisionAggregate, meetingAggregate, organisationAggregate, partnershipAggregate } from '@accord/domain';
import { EVENT_STORE, EventStore, StoredEvent } from '@accord/event-store';
import { RevisionChecks } from './revision-checks';

interface Folding<S> {
  streamId(id: string): string;
  initialState: S;
  evolve(state: S, event: never): S;
}

export interface Loaded<S> {
  state: S;
  /** Events in the stream: 0 when the aggregate does not exist yet. */
  revision: number;
}

export interface AggregateRef<K extends AggregateKind = AggregateKind> {
  kind: K;
  id: string;
}

/** The domain's aggregates by kind: the ledger's kinds, states and commands are theirs. */
const AGGREGATES = {
  organisation: organisationAggregate,
  partnership: partnershipAggregate,
  decision: decisionAggregate,
  meeting: meetingAggregate,
} as const satisfies Record<string, Folding<unknown>>;

export type AggregateKind = keyof typeof AGGREGATES;

export type StateOf<K extends AggregateKind> = (typeof AGGREGATES)[K]['initialState'];

export type DomainCommandOf<K extends AggregateKind> = Parameters<(typeof AGGREGATES)[K]['decide']>[0];

const MAX_CACHED = 20_000;

/**
 * Current state of aggregates, folded from their streams. Events never change, so a state folded
 * at revision n stays true at n: the cache keeps it. `loadMany` asks for the current revisions of
 * every stream a command needs (one query shared with the commands that ask at the same time, see
 * RevisionChecks) and reads only the streams that moved on, from where the cache stopped; other
 * processes' writes are therefore seen. `cachedOrLoaded` skips that query for states already held,
 * for callers whose append re-checks the revisions (AppendOptions.contextRevisions). This process's
 * own appends are folded in as it makes them.
 */
@Injectable()
export class AggregateStates {
  private readonly cache = new Map<string, Loaded<unknown>>();
  private readonly checks: RevisionChecks;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.checks = new RevisionChecks(store);
  }

  streamId(ref: AggregateRef): string {
    return AGGREGATES[ref.kind].streamId(ref.id);
  }

  async load<K extends AggregateKind>(kind: K, id: string): Promise<Loaded<StateOf<K>>> {
    const [loaded] = await this.loadMany([{ kind, id }]);
    return loaded as Loaded<StateOf<K>>;
  }

  /** Several aggregates, current as of one revision check. */
  async loadMany(refs: AggregateRef[]): Promise<Loaded<unknown>[]> {
    const ids = refs.map((r) => this.streamId(r));
    const revisions = await this.checks.revisions(ids);
    return Promise.all(
      refs.map(async (ref, i) => {
        const streamId = ids[i];
        const cached = this.cache.get(streamId);
        const current = revisions.get(streamId) ?? 0;
        if (cached && cached.revision === current) return cached;
        const events = await this.store.readStream(streamId, { fromRevision: (cached?.revision ?? 0) + 1 });
        return this.remember(streamId, this.evolve(ref.kind, cached, events.map(asDomainEvent)));
      }),
    );
  }

  /** The states this process holds as they are (may be behind); the others loaded as above. */
  async cachedOrLoaded(refs: AggregateRef[]): Promise<Loaded<unknown>[]> {
    const cached = refs.map((r) => this.cache.get(this.streamId(r)));
    const missing = refs.filter((_, i) => cached[i] === undefined);
    const loaded = missing.length === 0 ? [] : await this.loadMany(missing);
    return cached.map((c) => c ?? (loaded.shift() as Loaded<unknown>));
  }

  /** The state as this process left it, without asking the database (may be behind). */
  peek<K extends AggregateKind>(kind: K, id: string): Loaded<StateOf<K>> | undefined {
    return this.cache.get(AGGREGATES[kind].streamId(id)) as Loaded<StateOf<K>> | undefined;
  }

  /** Keeps the state an append of this process just wrote, so its next command needs no read. */
  appended(ref: AggregateRef, after: Loaded<unknown>): void {
    const streamId = this.streamId(ref);
    if ((this.cache.get(streamId)?.revision ?? 0) < after.revision) this.remember(streamId, after);
  }

  /** The state after these events (pure: nothing is cached). */
  evolve(kind: AggregateKind, from: Loaded<unknown> | undefined, events: DomainEventRead[]): Loaded<unknown> {
    const fold = AGGREGATES[kind] as unknown as Folding<unknown>;
    return {
      state: events.reduce((s, e) => fold.evolve(s, e as never), from?.state ?? fold.initialState),
      revision: (from?.revision ?? 0) + events.length,
    };
  }

  private remember(streamId: string, loaded: Loaded<unknown>): Loaded<unknown> {
    this.cache.delete(streamId); // re-insert: Map order is the LRU order
    this.cache.set(streamId, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return loaded;
  }
}

/** What `evolve` reads of an event: its envelope's other fields stay in the log. */
type DomainEventRead = { type: string; data: unknown; eventId: string; occurredAt: string };

function asDomainEvent(e: StoredEvent): DomainEventRead {
  return { type: e.type, data: e.data, eventId: e.eventId, occurredAt: e.metadata.occurredAt };
}
