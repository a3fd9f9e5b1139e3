/** Readable figures and instants in the reader's own locale and time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });

export function formatInstant(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/**
 * The London calendar date of an instant, `YYYY-MM-DD`: council procedure's periods (call-in, forward
 * plan) are London dates whatever the reader's zone, as the server counts them.
 */
export function londonDate(at: Date): string {
  return london.format(at);
}

export function formatPence(pence: number | null | undefined): string {
  return pence === null || pence === undefined ? '' : pounds.format(pence / 100);
}

/** "3 days", "5 hours", "12 minutes": the larger unit only, for overdue and closing-in labels. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export function humanise(word: string): string {
  return word.replace(/-/g, ' ');
}

/** For <input type="datetime-local">: the instant in the reader's zone, to the minute. */
export function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
