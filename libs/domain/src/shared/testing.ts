/**
 * Given / when / then for decide+evolve aggregates, without Nest or a database.
 *
 *   const spec = specFor(decisionAggregate, () => context);
 *   spec.given(drafted, opened).when(castVote).then(voteCast);
 *   spec.given(drafted).when(castVote).thenRejects('decision-not-open', 'rule-violated');
 *
 * `then` asserts the exact events in order, that each is plain JSON (no undefined, no Date,
 * no class instances) and that evolve accepts them. Test-only: not exported from index.ts.
 */
import { AppError, type ErrorKind } from '@accord/platform';
import type { DomainEvent, StoredEvent } from './event';

export interface Aggregate<S, C, E, X> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: X): E[];
}

type ContextSource<S, X> = X | ((state: S) => X);

export function specFor<S, C, E extends DomainEvent, X>(
  aggregate: Aggregate<S, C, E, X>,
  context?: ContextSource<S, X>,
) {
  return {
    given: (...history: (StoredEvent<E> | readonly StoredEvent<E>[])[]) =>
      new Given<S, C, E, X>(aggregate, history.flat() as E[], context),
  };
}

export class Given<S, C, E extends DomainEvent, X> {
  constructor(
    private readonly aggregate: Aggregate<S, C, E, X>,
    private readonly history: readonly E[],
    private context: ContextSource<S, X> | undefined,
  ) {}

  /** Context from other aggregates (a value, or built from this aggregate's state). */
  withContext(context: ContextSource<S, X>): this {
    this.context = context;
    return this;
  }

  get state(): S {
    return this.history.reduce((s, e) => this.aggregate.evolve(s, e), this.aggregate.initialState);
  }

  when(command: C): When<S, E> {
    const state = this.state;
    const context = typeof this.context === 'function' ? (this.context as (s: S) => X)(state) : (this.context as X);
    let outcome: { events: E[] } | { error: unknown };
    try {
      outcome = { events: this.aggregate.decide(command, state, context) };
    } catch (error) {
      outcome = { error };
    }
    return new When(outcome, (events) => events.reduce((s, e) => this.aggregate.evolve(s, e), state));
  }
}

export class When<S, E extends DomainEvent> {
  constructor(
    private readonly outcome: { events: E[] } | { error: unknown },
    private readonly apply: (events: readonly E[]) => S,
  ) {}

  /** The emitted events, exactly and in order. Returns the state after them. */
  then(...expected: E[]): S {
    const events = this.events();
    expect(events).toEqual(expected);
    for (const event of events) assertPlainJson(event, event.type);
    return this.apply(events);
  }

  /** The emitted events, for tests that check part of them. */
  events(): E[] {
    if ('error' in this.outcome) {
      const e = this.outcome.error;
      throw new Error(
        `expected events but decide threw ${e instanceof AppError ? `${e.kind}/${e.code}: ${e.message}` : String(e)}`,
      );
    }
    return this.outcome.events;
  }

  /** decide threw an AppError with this code (and, if given, this kind). */
  thenRejects(code: string, kind?: ErrorKind): AppError {
    if (!('error' in this.outcome)) {
      throw new Error(
        `expected rejection ${code} but decide returned ${JSON.stringify(this.outcome.events.map((e) => e.type))}`,
      );
    }
    const error = this.outcome.error;
    if (!(error instanceof AppError)) throw error;
    expect({ code: error.code, ...(kind ? { kind: error.kind } : {}) }).toEqual({ code, ...(kind ? { kind } : {}) });
    return error;
  }
}

/** Throws unless `value` is plain JSON: no undefined, no Date, no functions, no class instances. */
export function assertPlainJson(value: unknown, path = '$'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is a non-finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) throw new Error(`${path}.${k} is undefined (omit optional fields instead)`);
      assertPlainJson(v, `${path}.${k}`);
    }
    return;
  }
  throw new Error(`${path} is not plain JSON (${Object.prototype.toString.call(value)})`);
}
