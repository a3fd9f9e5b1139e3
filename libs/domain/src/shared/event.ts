/**
 * A domain event: a plain, JSON-serialisable object. `type` is the stable public name from
 * DESIGN §1 (never a class name); `data` holds only strings, numbers, booleans, null, arrays and
 * plain objects. Optional fields are omitted, never `undefined`.
 */
export interface DomainEvent<T extends string = string, D extends object = object> {
  readonly type: T;
  readonly data: D;
}

/**
 * An event as read back from its stream. The store assigns `eventId` when it appends; passing
 * it to `evolve` lets an aggregate know which of its events a correction may point at, and
 * `occurredAt` what a later record may not be dated before.
 * (Envelopes carry more fields; `evolve` ignores them.)
 */
export type StoredEvent<E extends DomainEvent> = E & {
  readonly eventId?: string;
  /** When it happened, as the record says (DESIGN §5): what a later act may not precede. */
  readonly occurredAt?: string;
};

/** Folds a history into a state with an aggregate's `evolve`. */
export function fold<S, E>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S {
  return events.reduce(evolve, initial);
}
