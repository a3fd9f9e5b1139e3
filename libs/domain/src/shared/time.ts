import { isCalendarDate, isInstant } from '@accord/platform';
import { badInput, ErrorCode } from './errors';

export { isCalendarDate, isInstant };

/** Milliseconds since the epoch of a valid instant (callers validate first). */
export function millis(instant: string): number {
  return Date.parse(instant);
}

export function requireInstant(field: string, value: unknown): string {
  if (!isInstant(value)) {
    throw badInput(
      ErrorCode.InvalidField,
      `${field} must be an ISO-8601 instant with an offset, e.g. 2026-04-01T09:00:00Z`,
      { field },
    );
  }
  return value;
}

export function requireCalendarDate(field: string, value: unknown): string {
  if (!isCalendarDate(value)) {
    throw badInput(ErrorCode.InvalidField, `${field} must be an ISO-8601 date, e.g. 2026-04-01`, { field });
  }
  return value;
}

/** a < b, both valid instants. */
export function isBefore(a: string, b: string): boolean {
  return millis(a) < millis(b);
}

/** The last of the instants that are known, if any is. */
export function latest(instants: readonly (string | undefined)[]): string | undefined {
  return instants.reduce<string | undefined>(
    (last, at) => (at === undefined || (last !== undefined && !isBefore(last, at)) ? last : at),
    undefined,
  );
}
