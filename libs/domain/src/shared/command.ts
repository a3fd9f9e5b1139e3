import type { Actor } from './actor';

/**
 * Every command names its type, carries the verified actor and the instant it is decided at.
 * The domain never reads the clock: `now` is passed in (ISO-8601 instant).
 */
export interface CommandBase<T extends string> {
  readonly type: T;
  readonly actor: Actor;
  readonly now: string;
}
