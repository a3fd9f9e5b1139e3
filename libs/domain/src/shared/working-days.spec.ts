import {
  bankHolidays,
  clearWorkingDaysBetween,
  isWorkingDay,
  latestNoticeDate,
  londonDate,
  londonStartOfDayAfter,
} from './working-days';

describe('England and Wales bank holidays', () => {
  it.each([
    [
      2026,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    ],
    [
      2027,
      ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2020,
      ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
    ],
  ])('%i are those gov.uk lists', (year, expected) => {
    expect([...bankHolidays(year)].sort()).toEqual(expected);
  });

  it('leave weekends and holidays out of working days', () => {
    expect(isWorkingDay('2026-04-02')).toBe(true);
    expect(isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(isWorkingDay('2026-04-04')).toBe(false); // Saturday
  });
});

describe('clear working days', () => {
  it('count neither the day of notice nor the day of the meeting', () => {
    // Thursday 15 January 2026: notice on Wednesday 7th leaves 8, 9, 12, 13, 14.
    expect(clearWorkingDaysBetween('2026-01-07', '2026-01-15')).toBe(5);
    expect(clearWorkingDaysBetween('2026-01-08', '2026-01-15')).toBe(4);
    expect(latestNoticeDate('2026-01-15', 5)).toBe('2026-01-07');
    expect(latestNoticeDate('2026-01-15', 0)).toBe('2026-01-15');
  });

  it('skip Easter', () => {
    // Thursday 9 April 2026: Good Friday 3rd and Easter Monday 6th are not working days.
    expect(latestNoticeDate('2026-04-09', 5)).toBe('2026-03-30');
    expect(clearWorkingDaysBetween('2026-03-30', '2026-04-09')).toBe(5);
    expect(clearWorkingDaysBetween('2026-03-31', '2026-04-09')).toBe(4);
  });
});

describe('London dates', () => {
  it('follow British Summer Time', () => {
    expect(londonDate('2026-01-15T23:30:00Z')).toBe('2026-01-15');
    expect(londonDate('2026-06-15T23:30:00Z')).toBe('2026-06-16');
    expect(londonDate('2026-03-29T00:30:00Z')).toBe('2026-03-29');
    expect(londonDate('2026-03-28T23:30:00Z')).toBe('2026-03-28');
    expect(londonDate('2026-10-24T23:30:00Z')).toBe('2026-10-25');
    expect(londonDate('2026-10-25T23:30:00Z')).toBe('2026-10-25');
    expect(londonDate('2026-06-15T23:30:00+05:00')).toBe('2026-06-15');
  });

  it('start at London midnight: 00:00 UTC in winter, 23:00 UTC the evening before in summer and across the changes', () => {
    expect(londonStartOfDayAfter('2026-01-15')).toBe('2026-01-16T00:00:00.000Z');
    expect(londonStartOfDayAfter('2026-06-15')).toBe('2026-06-15T23:00:00.000Z');
    // The clocks go forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October 2026.
    expect(londonStartOfDayAfter('2026-03-28')).toBe('2026-03-29T00:00:00.000Z');
    expect(londonStartOfDayAfter('2026-03-29')).toBe('2026-03-29T23:00:00.000Z');
    expect(londonStartOfDayAfter('2026-10-24')).toBe('2026-10-24T23:00:00.000Z');
    expect(londonStartOfDayAfter('2026-10-25')).toBe('2026-10-26T00:00:00.000Z');
  });
});
