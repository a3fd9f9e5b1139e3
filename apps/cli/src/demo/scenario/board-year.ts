/**
 * The board's year as its clerk minuted it: a meeting in each of the twelve months before the one
 * the demo runs in, on the second Thursday at 18:00 (the third in January and April, after the
 * holidays), so the year is always past however late the demo is run. Each meeting is scheduled
 * four weeks ahead and its notice goes out on the last working day the terms allow; the clerk
 * records what happened (attendance, the minutes of earlier meetings approved, the votes) with
 * `occurredAt` the moment it happened and writes the minutes up the next working day, while the
 * ledger dates each record when the demo sends it.
 * August's meeting is inquorate (two apologies of five) and adjourned: its minutes, and those of
 * July, are approved in September. The decisions of the story are voted on by written procedure,
 * live, in the scenes before.
 */
import { isWorkingDay, latestNoticeDate, londonDate } from '@accord/domain';
import { CLERK, PARTNERSHIP } from './cast';
import { type CommandStep, londonInstant, type Scene, textSha256 } from './format';

/**
 * The board when the clerk records the year: attendance is recorded against the board as it
 * stands (Luc Moreau stood down in November, before the year is minuted).
 */
const BOARD = ['a.mensah', 'd.hargreaves', 'p.adeyemi', 'g.thompson', 'a.novak'] as const;

/** Clear working days' notice the terms ask for (the domain's default: the story's terms say none). */
const NOTICE_CLEAR_WORKING_DAYS = 5;
const PLACE = 'Committee Room 1, Lambeth Town Hall, Brixton Hill, London SW2 1RW';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface BoardMeeting {
  readonly meetingId: string;
  /** The London date it was held (YYYY-MM-DD). */
  readonly date: string;
  readonly startsAt: string;
  readonly apologies: readonly string[];
  readonly quorate: boolean;
}

/** The twelve meetings of the year ending with the month before `now`'s, oldest first. */
export function boardYear(now = Date.now()): BoardMeeting[] {
  const [year, month] = londonDate(new Date(now).toISOString()).split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const m = month - 12 + i; // 1-based month, counted back from the current one
    const y = year + Math.floor((m - 1) / 12);
    const monthOfYear = ((m - 1 + 12) % 12) + 1;
    const date = thursday(y, monthOfYear, monthOfYear === 1 || monthOfYear === 4 ? 3 : 2);
    const apologies = monthOfYear === 8 ? ['p.adeyemi', 'a.novak'] : i % 3 === 1 ? [BOARD[1 + (i % 4)]] : [];
    return {
      meetingId: `board-${date}`,
      date,
      startsAt: londonInstant(date, 18),
      apologies,
      quorate: BOARD.length - apologies.length >= 4,
    };
  });
}

/** "13 Aug 2026" */
export const dayOf = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

/** The nth Thursday of a month (YYYY-MM-DD). */
function thursday(year: number, month: number, nth: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (4 - first.getUTCDay() + 7) % 7;
  return new Date(Date.UTC(year, month - 1, 1 + offset + 7 * (nth - 1))).toISOString().slice(0, 10);
}

const after = (instant: string, minutes: number) => new Date(Date.parse(instant) + minutes * MINUTE_MS).toISOString();

/** The date `days` after `date` (before, when negative). */
const shift = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);

/** The working day after `date`: when the clerk writes the minutes up. */
function nextWorkingDay(date: string): string {
  let day = shift(date, 1);
  while (!isWorkingDay(day)) day = shift(day, 1);
  return day;
}

/** The last working day on which notice gives the terms' clear working days before `date`. */
function noticeDate(date: string): string {
  let day = latestNoticeDate(date, NOTICE_CLEAR_WORKING_DAYS);
  while (!isWorkingDay(day)) day = shift(day, -1);
  return day;
}

const minutesText = (meeting: BoardMeeting) =>
  `Minutes of the Lambeth Homes Partnership board, ${dayOf(meeting.date)}, 18:00, ${PLACE}. ` +
  `Present: ${BOARD.filter((p) => !meeting.apologies.includes(p)).join(', ')}. ` +
  `Apologies: ${meeting.apologies.join(', ') || 'none'}. ` +
  (meeting.quorate
    ? 'The board noted the delivery performance report.'
    : 'The meeting was inquorate and adjourned; its business was taken at the next meeting.');

/** What the clerk records of one meeting; the minutes of `pending` earlier meetings are approved at it. */
function meetingSteps(meeting: BoardMeeting, pending: readonly BoardMeeting[]): CommandStep[] {
  const { meetingId, date, startsAt } = meeting;
  const month = dayOf(date).split(' ').slice(1).join(' ');
  const report = `Delivery performance report, ${month}`;
  const present = BOARD.filter((p) => !meeting.apologies.includes(p));
  const vote: CommandStep['do'] = {
    type: 'RecordVotes',
    meetingId,
    itemId: 'delivery-report',
    method: 'show-of-hands',
    votes: present.map((personId) => ({ personId, stance: 'agree' as const })),
    occurredAt: after(startsAt, 40),
  };
  const clerk = (step: CommandStep['do']): CommandStep => ({ by: CLERK, do: step });
  return [
    clerk({
      type: 'ScheduleMeeting',
      partnershipId: PARTNERSHIP,
      meetingId,
      startsAt,
      place: PLACE,
      agenda: [
        ...(pending.length === 0
          ? []
          : [
              {
                itemId: 'minutes',
                title: `Minutes of ${pending.map((p) => dayOf(p.date)).join(' and ')}`,
                papers: pending.map((p) => ({
                  title: `Minutes, ${dayOf(p.date)}`,
                  sha256: textSha256(minutesText(p)),
                })),
              },
            ]),
        {
          itemId: 'delivery-report',
          title: `${report}: that the board notes the report`,
          papers: [{ title: report, sha256: textSha256(report) }],
        },
      ],
      occurredAt: londonInstant(shift(date, -28), 10),
    }),
    clerk({ type: 'PublishMeetingNotice', meetingId, occurredAt: londonInstant(noticeDate(date), 10) }),
    clerk({
      type: 'RecordAttendance',
      meetingId,
      attendance: BOARD.map((personId) => ({
        personId,
        presence: meeting.apologies.includes(personId) ? ('apologies' as const) : ('present' as const),
      })),
      occurredAt: startsAt,
    }),
    ...(meeting.quorate
      ? [
          ...pending.map((earlier) =>
            clerk({
              type: 'ApproveMinutes',
              meetingId: earlier.meetingId,
              atMeetingId: meetingId,
              occurredAt: after(startsAt, 5),
            }),
          ),
          clerk(vote),
          clerk({ type: 'CloseMeeting', meetingId, occurredAt: after(startsAt, 120) }),
        ]
      : [
          { by: CLERK, do: vote, refusedWith: 'meeting-inquorate' },
          clerk({
            type: 'AdjournMeeting',
            meetingId,
            reason: `Inquorate: ${present.length} of ${BOARD.length} members present, the terms ask for 4.`,
            occurredAt: after(startsAt, 15),
          }),
        ]),
    clerk({
      type: 'DraftMinutes',
      meetingId,
      textSha256: textSha256(minutesText(meeting)),
      occurredAt: londonInstant(nextWorkingDay(date), 9),
    }),
  ];
}

/** The year's meetings as scenes, on the day the demo runs (when the clerk records them). */
export function boardYearScenes(now = Date.now()): Scene[] {
  const on = londonDate(new Date(now).toISOString());
  let pending: BoardMeeting[] = [];
  return boardYear(now).map((meeting) => {
    const steps = meetingSteps(meeting, pending);
    pending = meeting.quorate ? [meeting] : [...pending, meeting];
    const how = meeting.quorate ? '' : ' (inquorate, adjourned)';
    return { on, title: `Board ${dayOf(meeting.date)}${how}, minuted`, steps };
  });
}
