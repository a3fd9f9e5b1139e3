import { ErrorCode, rule } from './errors';
import { isBefore, requireInstant } from './time';

/**
 * A command that records something that happened, possibly days (or, for a past year, months)
 * before `now` (DESIGN §5 "Two clocks"). `occurredAt` defaults to `now`.
 */
export interface RecordsThePast {
  readonly occurredAt?: string;
}

/**
 * When a record says it happened: given, or now; never in the future, and never before
 * `notBefore` (what it follows: a decision's opening, a meeting's scheduling).
 */
export function happenedAt(c: { now: string } & RecordsThePast, notBefore?: string): string {
  const at = c.occurredAt === undefined ? c.now : requireInstant('occurredAt', c.occurredAt);
  if (isBefore(c.now, at)) {
    throw rule(ErrorCode.OccurredAtInFuture, `occurredAt ${at} is in the future`, { occurredAt: at, now: c.now });
  }
  if (notBefore !== undefined && isBefore(at, notBefore)) {
    throw rule(ErrorCode.OccurredAtTooEarly, `occurredAt ${at} is before ${notBefore}`, { occurredAt: at, notBefore });
  }
  return at;
}

/** Its shape is input (400, checked first); whether it may be so is a rule, checked with the others. */
export function requireOccurredAtShape(command: object): void {
  if ('occurredAt' in command && command.occurredAt !== undefined) requireInstant('occurredAt', command.occurredAt);
}
