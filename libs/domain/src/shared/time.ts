import { badInput, ErrorCode } from './errors';

// Full instants only: date, time to the second (fractions allowed), and an explicit offset.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  if (!validCalendarDate(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  return m !== null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

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
