import { clearWorkingDaysBetween, londonDate } from '@accord/domain';
import { boardYear, boardYearScenes } from './board-year';

describe('the board year the demo minutes', () => {
  it('run in December 2026, holds the story’s boards: the twelve months to November, August inquorate', () => {
    const year = boardYear(Date.parse('2026-12-07T09:00:00Z'));
    expect(year.map((m) => m.date)).toEqual([
      '2025-12-11',
      '2026-01-15',
      '2026-02-12',
      '2026-03-12',
      '2026-04-16',
      '2026-05-14',
      '2026-06-11',
      '2026-07-09',
      '2026-08-13',
      '2026-09-10',
      '2026-10-08',
      '2026-11-12',
    ]);
    expect(year.filter((m) => !m.quorate).map((m) => m.date)).toEqual(['2026-08-13']);
    // 18:00 in London: GMT in December, BST in summer.
    expect(year[0].startsAt).toBe('2025-12-11T18:00:00.000Z');
    expect(year[6].startsAt).toBe('2026-06-11T17:00:00.000Z');
  });

  it.each(['2027-01-01T00:30:00Z', '2031-06-30T23:30:00Z', '2040-03-15T12:00:00Z'])(
    'run at %s, is the twelve months before, all past, with notice the terms allow',
    (at) => {
      const now = Date.parse(at);
      const year = boardYear(now);
      const thisMonth = londonDate(at).slice(0, 7);
      expect(year).toHaveLength(12);
      expect(new Set(year.map((m) => m.date.slice(0, 7))).size).toBe(12);
      expect(year.every((m) => Date.parse(m.startsAt) < now && m.date.slice(0, 7) < thisMonth)).toBe(true);
      expect(year.filter((m) => !m.quorate)).toHaveLength(1);
      for (const scene of boardYearScenes(now)) {
        const notice = scene.steps.find((s) => s.do.type === 'PublishMeetingNotice')?.do;
        const schedule = scene.steps.find((s) => s.do.type === 'ScheduleMeeting')?.do;
        if (notice?.type !== 'PublishMeetingNotice' || schedule?.type !== 'ScheduleMeeting')
          throw new Error(scene.title);
        const given = clearWorkingDaysBetween(londonDate(notice.occurredAt!), londonDate(schedule.startsAt));
        expect(given).toBeGreaterThanOrEqual(5);
        expect(Date.parse(schedule.occurredAt!)).toBeLessThan(Date.parse(notice.occurredAt!));
      }
    },
  );
});
