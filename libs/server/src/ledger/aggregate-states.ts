import { Inject, Injectable } from '@nestjs/common';
import { decisionAggregate, meetingAggregate, organisationAggregate, partnershipAggregate } from '@accord/domain';
import { EVENT_STORE, EventStore, StoredEvent } from '@accord/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HeldStates } from './held-states';
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

/**
 * Current state of aggregates, folded from their streams. Events never change, so a state folded
 * at revision n stays true at n: the cache keeps it. `loadMany` asks for the current revisions of
 * every stream a command needs (one query shared with the commands that ask at the same time, see
 * RevisionChecks) and reads only the streams that moved on, from where the cache stopped; other
 * processes' writes are therefore seen. `cachedOrLoaded` skips that query for states already held,
 * for callers whose append re-checks the revisions (AppendOptions.contextRevisions). This process's
 * own appends are folded in as it makes them. The cache keeps the states used last within
 * AGGREGATE_CACHE_MIB: a state folded from many events costs more than one from a few.
 */
@Injectable()
export class AggregateStates {
  private readonly cache: HeldStates<Loaded<unknown>>;
  private readonly checks: RevisionChecks;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.checks = new RevisionChecks(store);
    this.cache = new HeldStates(config.aggregateCacheBytes);
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

  /**
   * A decision with its index of its own events, folded anew from its whole stream and not kept
   * (`held`: the same state as held, to build on):
   * only correcting one of its events needs that index, which grows by an entry for every event
   * (the states held leave it out, so that a decision voted on without end keeps a steady size).
   */
  async loadIndexed(id: string): Promise<{ indexed: Loaded<StateOf<'decision'>>; held: Loaded<unknown> }> {
    const events = (await this.store.readStream(decisionAggregate.streamId(id))).map(asDomainEvent);
    return {
      indexed: fold('decision', undefined, events) as Loaded<StateOf<'decision'>>,
      held: this.evolve('decision', undefined, events),
    };
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

  /** The state after these events, as held (pure: nothing is cached); a decision without its event index. */
  evolve(kind: AggregateKind, from: Loaded<unknown> | undefined, events: DomainEventRead[]): Loaded<unknown> {
    return fold(kind, from, kind === 'decision' ? events.map(withoutEventId) : events);
  }

  private remember(streamId: string, loaded: Loaded<unknown>): Loaded<unknown> {
    this.cache.set(streamId, loaded);
    return loaded;
  }
}

/** What `evolve` reads of an event: its envelope's other fields stay in the log. */
type DomainEventRead = { type: string; data: unknown; eventId?: string; occurredAt: string };

function fold(kind: AggregateKind, from: Loaded<unknown> | undefined, events: DomainEventRead[]): Loaded<unknown> {
  const folding = AGGREGATES[kind] as unknown as Folding<unknown>;
  return {
    state: events.reduce((s, e) => folding.evolve(s, e as never), from?.state ?? folding.initialState),
    revision: (from?.revision ?? 0) + events.length,
  };
}

/** The domain indexes an event by its id only when given one (decision.state.ts). */
function withoutEventId({ type, data, occurredAt }: DomainEventRead): DomainEventRead {
  return { type, data, occurredAt };
}

function asDomainEvent(e: StoredEvent): DomainEventRead {
  return { type: e.type, data: e.data, eventId: e.eventId, occurredAt: e.metadata.occurredAt };
}
