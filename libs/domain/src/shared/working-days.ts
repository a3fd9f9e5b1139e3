/**
 * Working days in England and Wales: calendar dates (YYYY-MM-DD) as the people giving notice
 * count them, in London time, weekends and bank holidays excluded. Pure: the rules are computed
 * (Easter by the Gregorian computus), with the one-off holidays proclaimed since 2011 listed.
 */

const DAY_MS = 86_400_000;

/** Holidays proclaimed for one year, and the usual ones they replaced (gov.uk/bank-holidays). */
const PROCLAIMED: readonly string[] = ['2011-04-29', '2012-06-05', '2022-06-03', '2022-09-19', '2023-05-08'];
const MOVED: Readonly<Record<string, string>> = {
  '2012-05-28': '2012-06-04',
  '2020-05-04': '2020-05-08',
  '2022-05-30': '2022-06-02',
};

const utcDate = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const weekday = (ms: number): number => new Date(ms).getUTCDay();

function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month, day);
}

const firstMonday = (year: number, month: number): number => {
  const first = utcDate(year, month, 1);
  return first + ((8 - weekday(first)) % 7) * DAY_MS;
};
const lastMonday = (year: number, month: number): number => {
  const last = utcDate(year, month + 1, 0);
  return last - ((weekday(last) + 6) % 7) * DAY_MS;
};
/** A holiday on a weekend moves to the next weekday not already a holiday. */
function substitute(ms: number, taken: Set<number>): number {
  let day = ms;
  while (weekday(day) === 0 || weekday(day) === 6 || taken.has(day)) day += DAY_MS;
  return day;
}

const byYear = new Map<number, ReadonlySet<string>>();

/** England and Wales bank holidays of a year, as YYYY-MM-DD. */
export function bankHolidays(year: number): ReadonlySet<string> {
  const known = byYear.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const taken = new Set<number>();
  const add = (ms: number) => taken.add(substitute(ms, taken));
  add(utcDate(year, 1, 1));
  add(easter - 2 * DAY_MS);
  add(easter + DAY_MS);
  add(firstMonday(year, 5));
  add(lastMonday(year, 5));
  add(lastMonday(year, 8));
  add(utcDate(year, 12, 25));
  add(utcDate(year, 12, 26));
  const dates = new Set([...taken].map(iso).map((d) => MOVED[d] ?? d));
  for (const d of PROCLAIMED) if (d.startsWith(`${year}-`)) dates.add(d);
  byYear.set(year, dates);
  return dates;
}

export function isWorkingDay(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const day = weekday(ms);
  return day !== 0 && day !== 6 && !bankHolidays(Number(date.slice(0, 4))).has(date);
}

/** Last Sunday of a month at 01:00 UTC: when British Summer Time starts (March) or ends (October). */
const lastSundayOneAm = (year: number, month: number): number => {
  const last = utcDate(year, month + 1, 0);
  return last - weekday(last) * DAY_MS + 3_600_000;
};

/** The calendar date in London of an instant (GMT, or BST in summer). */
export function londonDate(instant: string): string {
  const ms = Date.parse(instant);
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayOneAm(year, 3) && ms < lastSundayOneAm(year, 10);
  return iso(ms + (summer ? 3_600_000 : 0));
}

/** The first instant of the London day after `date` (midnight, GMT or BST), as an ISO instant. */
export function londonStartOfDayAfter(date: string): string {
  const next = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  const inSummer = next - 3_600_000;
  return new Date(londonDate(new Date(inSummer).toISOString()) === iso(next) ? inSummer : next).toISOString();
}

/** Working days strictly between two dates: "clear" days, neither the first nor the last counted. */
export function clearWorkingDaysBetween(from: string, to: string): number {
  let count = 0;
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let day = Date.parse(`${from}T00:00:00Z`) + DAY_MS; day < end; day += DAY_MS) {
    if (isWorkingDay(iso(day))) count++;
  }
  return count;
}

/** Calendar days strictly between two dates: "clear" days, neither the first nor the last counted. */
export function clearDaysBetween(from: string, to: string): number {
  return Math.max(0, (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS - 1);
}

/** The first date that has `clearDays` clear calendar days after `date`. */
export function firstDateAfterClearDays(date: string, clearDays: number): string {
  return iso(Date.parse(`${date}T00:00:00Z`) + (clearDays + 1) * DAY_MS);
}

/** The last of `workingDays` working days after `date` (the date itself not counted); `date` when 0. */
export function lastOfWorkingDaysAfter(date: string, workingDays: number): string {
  let day = Date.parse(`${date}T00:00:00Z`);
  for (let counted = 0; counted < workingDays;) {
    day += DAY_MS;
    if (isWorkingDay(iso(day))) counted++;
  }
  return iso(day);
}

/** The last date on which notice gives `clearDays` clear working days before `date`. */
export function latestNoticeDate(date: string, clearDays: number): string {
  if (clearDays === 0) return date;
  let day = Date.parse(`${date}T00:00:00Z`);
  for (let counted = 0; counted < clearDays;) {
    day -= DAY_MS;
    if (isWorkingDay(iso(day))) counted++;
  }
  return iso(day - DAY_MS);
}
