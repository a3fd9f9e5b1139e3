import { Inject, Injectable } from '@nestjs/common';
import { decisionAggregate, DecisionState, organisationAggregate, OrganisationState, partnershipAggregate, PartnershipState } from '@accord/domain';
import { EVENT_STORE, EventStore, StoredEvent } from '@accord/event-store';

export type AggregateKind = 'organisation' | 'partnership' | 'decision';

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

const FOLDS = {
  organisation: organisationAggregate,
  partnership: partnershipAggregate,
  decision: decisionAggregate,
} as const satisfies Record<AggregateKind, Folding<unknown>>;

type StateOf<K extends AggregateKind> = K extends 'organisation' ? OrganisationState : K extends 'partnership' ? PartnershipState : DecisionState;

const MAX_CACHED = 20_000;

/**
 * Current state of aggregates, folded from their streams. Events never change, so a folded state
 * at revision n stays true at n: the cache keeps it and each load reads only the events after
 * it. This turns "replay the whole stream per command" into one small query.
 */
@Injectable()
export class AggregateStates {
  private readonly cache = new Map<string, Loaded<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<K extends AggregateKind>(kind: K, id: string): Promise<Loaded<StateOf<K>>> {
    const fold = FOLDS[kind] as unknown as Folding<StateOf<K>>;
    const streamId = fold.streamId(id);
    const cached = this.cache.get(streamId) as Loaded<StateOf<K>> | undefined;
    const events = await this.store.readStream(streamId, { fromRevision: (cached?.revision ?? 0) + 1 });
    if (cached && events.length === 0) return cached;
    const loaded = { state: events.reduce((s, e) => fold.evolve(s, asDomainEvent(e) as never), cached?.state ?? fold.initialState), revision: (cached?.revision ?? 0) + events.length };
    this.remember(streamId, loaded);
    return loaded;
  }

  /** The stream's history as the domain reads it (event ids included: corrections point at them). */
  async history(kind: AggregateKind, id: string): Promise<StoredEvent[]> {
    return this.store.readStream(FOLDS[kind].streamId(id));
  }

  private remember(streamId: string, loaded: Loaded<unknown>): void {
    this.cache.delete(streamId); // re-insert: Map order is the LRU order
    this.cache.set(streamId, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function asDomainEvent(e: StoredEvent): { type: string; data: unknown; eventId: string } {
  return { type: e.type, data: e.data, eventId: e.eventId };
}
