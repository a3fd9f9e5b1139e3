import { formatDuration, formatPence, londonDate, toLocalInput } from './format';

describe('console formatting', () => {
  it('says durations in their largest sensible unit', () => {
    expect(formatDuration(30_000)).toBe('1 minute');
    expect(formatDuration(59 * 60_000)).toBe('59 minutes');
    expect(formatDuration(5 * 3_600_000)).toBe('5 hours');
    expect(formatDuration(-3 * 86_400_000)).toBe('3 days');
  });

  it('shows money in whole pounds from integer pence', () => {
    expect(formatPence(120_000_000)).toBe('£1,200,000');
    expect(formatPence(null)).toBe('');
  });

  it('renders an instant for a datetime-local input in the local zone', () => {
    const date = new Date('2026-03-14T10:05:59Z');
    expect(new Date(toLocalInput(date)).getTime()).toBe(date.getTime() - 59_000);
  });

  it('gives the London date of an instant, summer time included', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
