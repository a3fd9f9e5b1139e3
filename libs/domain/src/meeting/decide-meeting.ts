import { holdsRole, isMember, type OrganisationState } from '../organisation/organisation.state';
import { requirePartnershipExists, requirePartyMember, requireStatus } from '../partnership/partnership-rules';
import type { PartnershipState } from '../partnership/partnership.state';
import { type Actor, personRef } from '../shared/actor';
import { badInput, ErrorCode, forbidden, notFound, rule } from '../shared/errors';
import { indexed } from '../shared/growing-index';
import { entries, own, withEntry } from '../shared/records';
import { happenedAt } from '../shared/occurred-at';
import { isBefore, requireInstant } from '../shared/time';
import { requireId, requireOneOf, requireSha256Hex, requireText } from '../shared/validation';
import { VOTE_STANCES } from '../shared/vocabulary';
import { clearWorkingDaysBetween, latestNoticeDate, londonDate } from '../shared/working-days';
import type {
  AdjournMeeting,
  ApproveMinutes,
  CancelMeeting,
  CloseMeeting,
  CorrectMeetingRecord,
  DisputeMeetingRecord,
  DraftMinutes,
  MeetingCommand,
  PublishMeetingNotice,
  RecordAttendance,
  RecordCastingVote,
  RecordMeetingInterest,
  RecordVotes,
  ScheduleMeeting,
} from './meeting.commands';
import type { MeetingContext } from './meeting.context';
import { type AgendaItem, type MeetingEvent, PRESENCES, VOTING_METHODS } from './meeting.events';
import { type AttendanceRecord, type MeetingState, type MeetingStatus } from './meeting.state';

type Events = MeetingEvent[];

/** Clear working days' notice when the terms of reference say nothing (DESIGN §1 Meetings). */
export const DEFAULT_NOTICE_CLEAR_WORKING_DAYS = 5;

/**
 * decide(command, state, context) → events. Pure: no clock, no I/O. Check order: input shape
 * (400), existence (404), who may act (403), then the meeting's rules (422).
 */
export function decideMeeting(command: MeetingCommand, state: MeetingState, context: MeetingContext): Events {
  requireInstant('now', command.now);
  switch (command.type) {
    case 'ScheduleMeeting':
      return schedule(command, state, context);
    case 'PublishMeetingNotice':
      return publishNotice(command, state, context);
    case 'RecordAttendance':
      return recordAttendance(command, state, context);
    case 'RecordMeetingInterest':
      return recordInterest(command, state, context);
    case 'RecordVotes':
      return recordVotes(command, state, context);
    case 'RecordCastingVote':
      return recordCastingVote(command, state, context);
    case 'CloseMeeting':
      return close(command, state, context);
    case 'AdjournMeeting':
      return adjourn(command, state, context);
    case 'CancelMeeting':
      return cancel(command, state, context);
    case 'DraftMinutes':
      return draftMinutes(command, state, context);
    case 'ApproveMinutes':
      return approveMinutes(command, state, context);
    case 'DisputeMeetingRecord':
      return disputeRecord(command, state, context);
    case 'CorrectMeetingRecord':
      return correctRecord(command, state, context);
    default: {
      const unknown: { type?: unknown } = command;
      throw badInput(ErrorCode.InvalidField, `unknown meeting command ${String(unknown.type)}`, { field: 'type' });
    }
  }
}

// ---- who may act, and when --------------------------------------------------------------------

/**
 * The clerk: a member of a party to the partnership to whom their organisation granted the
 * `clerk` role in the ledger (a token's roles are not enough, DESIGN §7).
 */
function requireClerk(actor: Actor, partnership: PartnershipState, organisations: MeetingContext['organisations']) {
  const organisation = requirePartyMember(actor, partnership, organisations);
  if (!holdsRole(organisation, actor.personId, 'clerk')) {
    throw forbidden(ErrorCode.NotAClerk, `${actor.personId} does not hold the clerk role of ${actor.orgId}`, {
      personId: actor.personId,
      orgId: actor.orgId,
    });
  }
}

function requireMeeting(state: MeetingState, meetingId: string): MeetingState {
  if (state.status === 'none')
    throw notFound(ErrorCode.MeetingNotFound, `meeting ${meetingId} not found`, { meetingId });
  return state;
}

/** The meeting exists and the actor is a clerk of one of its partnership's parties. */
function clerkOf(
  c: MeetingCommand,
  s: MeetingState,
  ctx: MeetingContext,
): { meeting: MeetingState; partnership: PartnershipState } {
  requireId('meetingId', c.meetingId);
  const meeting = requireMeeting(s, c.meetingId);
  const partnership = requirePartnershipExists(ctx.partnership, meeting.partnershipId);
  requireClerk(c.actor, partnership, ctx.organisations);
  return { meeting, partnership };
}

function requireMeetingStatus(meeting: MeetingState, allowed: readonly MeetingStatus[]): void {
  if (allowed.includes(meeting.status)) return;
  const details = { meetingId: meeting.meetingId, status: meeting.status };
  if (meeting.status === 'scheduled')
    throw rule(ErrorCode.NoticeNotPublished, `the notice of meeting ${meeting.meetingId} is not published`, details);
  if (allowed.includes('closed'))
    throw rule(ErrorCode.MeetingNotClosed, `meeting ${meeting.meetingId} is ${meeting.status}`, details);
  throw rule(ErrorCode.MeetingClosed, `meeting ${meeting.meetingId} is ${meeting.status}`, details);
}

/**
 * What happened at the meeting happened inside it: from its start, until it ended if it has,
 * and (for what ends it) not before anything already recorded as happening at it.
 */
function occurredAt(c: { now: string; occurredAt?: string }, meeting: MeetingState, ending = false): string {
  const at = happenedAt(c);
  const notBefore = ending && meeting.lastOccurredAt !== undefined ? meeting.lastOccurredAt : meeting.startsAt;
  if (isBefore(at, notBefore) || (meeting.endedAt !== undefined && isBefore(meeting.endedAt, at))) {
    throw rule(ErrorCode.OccurredAtOutsideMeeting, `occurredAt ${at} is outside meeting ${meeting.meetingId}`, {
      occurredAt: at,
      startsAt: meeting.startsAt,
      ...(ending ? { notBefore } : {}),
      ...(meeting.endedAt === undefined ? {} : { endedAt: meeting.endedAt }),
    });
  }
  return at;
}

function requireItem(meeting: MeetingState, itemId: string): AgendaItem {
  const item = meeting.agenda.find((i) => i.itemId === itemId);
  if (!item) {
    throw notFound(ErrorCode.AgendaItemNotFound, `meeting ${meeting.meetingId} has no agenda item ${itemId}`, {
      itemId,
    });
  }
  return item;
}

const ref = (m: MeetingState) => ({ meetingId: m.meetingId, partnershipId: m.partnershipId });

// ---- calling the meeting ------------------------------------------------------------------------

function requireAgenda(value: unknown): AgendaItem[] {
  if (!Array.isArray(value) || value.length === 0)
    throw badInput(ErrorCode.FieldRequired, 'agenda needs at least one item', { field: 'agenda' });
  return value.map((raw: unknown, i) => {
    const item = (raw ?? {}) as Partial<AgendaItem>;
    const field = `agenda[${i}]`;
    const papers = item.papers === undefined ? [] : item.papers;
    if (!Array.isArray(papers))
      throw badInput(ErrorCode.InvalidField, `${field}.papers must be a list`, { field: `${field}.papers` });
    return {
      itemId: requireId(`${field}.itemId`, item.itemId),
      title: requireText(`${field}.title`, item.title),
      ...(item.decisionId === undefined ? {} : { decisionId: requireId(`${field}.decisionId`, item.decisionId) }),
      papers: papers.map((p: { title?: unknown; sha256?: unknown } | null, j) => ({
        title: requireText(`${field}.papers[${j}].title`, p?.title),
        sha256: requireSha256Hex(`${field}.papers[${j}].sha256`, p?.sha256),
      })),
    };
  });
}

function schedule(c: ScheduleMeeting, s: MeetingState, ctx: MeetingContext): Events {
  const meetingId = requireId('meetingId', c.meetingId);
  requireId('partnershipId', c.partnershipId);
  const startsAt = requireInstant('startsAt', c.startsAt);
  const place = c.place === undefined ? undefined : requireText('place', c.place);
  const link = c.link === undefined ? undefined : requireText('link', c.link);
  if (place === undefined && link === undefined)
    throw badInput(ErrorCode.FieldRequired, 'a meeting needs a place or an online link', { field: 'place' });
  const agenda = requireAgenda(c.agenda);
  const partnership = requirePartnershipExists(ctx.partnership, c.partnershipId);
  requireClerk(c.actor, partnership, ctx.organisations);
  if (s.status !== 'none')
    throw rule(ErrorCode.MeetingAlreadyExists, `meeting ${meetingId} already exists`, { meetingId });
  requireStatus(partnership, ['active']);
  const scheduledAt = happenedAt(c);
  if (!isBefore(scheduledAt, startsAt))
    throw rule(ErrorCode.MeetingNotInFuture, `a meeting is scheduled before it starts`, { startsAt, scheduledAt });
  const itemIds = new Set(agenda.map((i) => i.itemId));
  if (itemIds.size !== agenda.length)
    throw rule(ErrorCode.AgendaInvalid, 'agenda item ids must be distinct', { field: 'agenda' });
  for (const item of agenda) {
    const decision = item.decisionId === undefined ? undefined : own(ctx.decisions, item.decisionId);
    if (item.decisionId !== undefined && decision?.partnershipId !== partnership.partnershipId) {
      throw rule(ErrorCode.AgendaInvalid, `decision ${item.decisionId} is not a decision of this partnership`, {
        itemId: item.itemId,
        decisionId: item.decisionId,
      });
    }
  }
  return [
    {
      type: 'MeetingScheduled',
      data: {
        meetingId,
        partnershipId: partnership.partnershipId,
        parties: [...partnership.parties],
        startsAt,
        ...(place === undefined ? {} : { place }),
        ...(link === undefined ? {} : { link }),
        agenda,
        scheduledBy: personRef(c.actor),
        scheduledAt,
      },
    },
  ];
}

/**
 * Notice and agenda go out at least the terms' clear working days before the meeting (default
 * 5): days counted in London, neither the day of notice nor the meeting's, weekends and England
 * and Wales bank holidays left out. Checked at when it was published (occurredAt), which a clerk
 * recording a past year gives; never before the meeting was scheduled.
 */
function publishNotice(c: PublishMeetingNotice, s: MeetingState, ctx: MeetingContext): Events {
  const { meeting, partnership } = clerkOf(c, s, ctx);
  if (meeting.status === 'noticed')
    throw rule(ErrorCode.NoticeAlreadyPublished, `the notice of meeting ${meeting.meetingId} is already published`);
  requireMeetingStatus(meeting, ['scheduled']);
  const publishedAt = happenedAt(c, meeting.scheduledAt);
  const required = partnership.terms?.noticeClearWorkingDays ?? DEFAULT_NOTICE_CLEAR_WORKING_DAYS;
  const meetingDate = londonDate(meeting.startsAt);
  const given = isBefore(publishedAt, meeting.startsAt)
    ? clearWorkingDaysBetween(londonDate(publishedAt), meetingDate)
    : -1;
  if (given < required) {
    throw rule(
      ErrorCode.NoticePeriodTooShort,
      `notice needs ${required} clear working days before ${meetingDate}: publish by ${latestNoticeDate(meetingDate, required)}`,
      { required, given: Math.max(given, 0), latestNoticeDate: latestNoticeDate(meetingDate, required) },
    );
  }
  return [
    {
      type: 'MeetingNoticePublished',
      data: {
        ...ref(meeting),
        publishedBy: personRef(c.actor),
        publishedAt,
        clearWorkingDays: given,
        requiredClearWorkingDays: required,
      },
    },
  ];
}

function cancel(c: CancelMeeting, s: MeetingState, ctx: MeetingContext): Events {
  const reason = requireText('reason', c.reason);
  const { meeting } = clerkOf(c, s, ctx);
  requireMeetingStatus(meeting, ['scheduled', 'noticed']);
  const cancelledAt = happenedAt(c, meeting.scheduledAt);
  if (!isBefore(cancelledAt, meeting.startsAt)) {
    throw rule(ErrorCode.MeetingAlreadyStarted, `meeting ${meeting.meetingId} has started: adjourn it instead`, {
      startsAt: meeting.startsAt,
    });
  }
  return [
    { type: 'MeetingCancelled', data: { ...ref(meeting), reason, cancelledBy: personRef(c.actor), cancelledAt } },
  ];
}

// ---- what happened at the meeting -------------------------------------------------------------

/** Present and able to vote: board members present, and substitutes present in their place. */
function presentVoters(attendance: MeetingState['attendance']): AttendanceRecord[] {
  return entries(attendance).filter((a) => a.presence === 'present');
}

/** The terms' quorum, or, without terms, a majority of the board. */
function quorumOf(partnership: PartnershipState): number {
  return partnership.terms?.quorum ?? Math.floor(Object.keys(partnership.board).length / 2) + 1;
}

function recordAttendance(c: RecordAttendance, s: MeetingState, ctx: MeetingContext): Events {
  if (!Array.isArray(c.attendance) || c.attendance.length === 0)
    throw badInput(ErrorCode.FieldRequired, 'attendance needs at least one entry', { field: 'attendance' });
  const entriesIn = c.attendance.map((e, i) => ({
    personId: requireId(`attendance[${i}].personId`, e?.personId),
    presence: requireOneOf(`attendance[${i}].presence`, e?.presence, PRESENCES),
    ...(e?.substituteFor === undefined
      ? {}
      : { substituteFor: requireId(`attendance[${i}].substituteFor`, e.substituteFor) }),
  }));
  if (new Set(entriesIn.map((e) => e.personId)).size !== entriesIn.length)
    throw badInput(ErrorCode.InvalidField, 'each person appears once in an attendance', { field: 'attendance' });
  const { meeting, partnership } = clerkOf(c, s, ctx);
  requireMeetingStatus(meeting, ['noticed']);
  const at = occurredAt(c, meeting);
  const recordedBy = personRef(c.actor);
  let attendance = meeting.attendance;
  const events: Events = entriesIn.map((entry) => {
    const record = attendanceRecord(entry, attendance, partnership, ctx.organisations);
    attendance = withEntry(attendance, entry.personId, record);
    return {
      type: 'AttendanceRecorded',
      data: { ...ref(meeting), ...record, recordedBy, occurredAt: at },
    };
  });
  const present = presentVoters(attendance).map((a) => a.personId);
  const required = quorumOf(partnership);
  const quorate = present.length >= required;
  if (quorate !== meeting.quorate) {
    events.push({
      type: 'MeetingQuorumDetermined',
      data: { ...ref(meeting), quorate, present, required, occurredAt: at },
    });
  }
  return events;
}

function attendanceRecord(
  entry: { personId: string; presence: AttendanceRecord['presence']; substituteFor?: string },
  attendance: MeetingState['attendance'],
  partnership: PartnershipState,
  organisations: MeetingContext['organisations'],
): AttendanceRecord {
  const { personId, presence, substituteFor } = entry;
  const sittingFor = (member: string) =>
    entries(attendance).find((a) => a.substituteFor === member && a.presence === 'present' && a.personId !== personId);
  if (substituteFor === undefined) {
    const seat = own(partnership.board, personId);
    if (!seat) throw rule(ErrorCode.AttendeeNotOnBoard, `${personId} is not on the board`, { personId });
    if (presence === 'present' && sittingFor(personId)) {
      throw rule(ErrorCode.SubstituteInvalid, `a substitute already sits for ${personId}`, { personId });
    }
    return { personId, party: seat.party, presence };
  }
  if (!partnership.terms?.substitutesAllowed)
    throw rule(ErrorCode.SubstitutesNotAllowed, 'the terms of reference allow no substitutes', { personId });
  const seat = own(partnership.board, substituteFor);
  if (!seat)
    throw rule(ErrorCode.AttendeeNotOnBoard, `${substituteFor} is not on the board`, { personId: substituteFor });
  const organisation: OrganisationState | undefined = own(organisations, seat.party);
  const invalid = (why: string) =>
    rule(ErrorCode.SubstituteInvalid, `${personId} cannot substitute for ${substituteFor}: ${why}`, {
      personId,
      substituteFor,
    });
  if (presence !== 'present') throw invalid('a substitute is recorded only when present');
  if (!isMember(organisation, personId)) throw invalid(`not a member of ${seat.party}`);
  if (own(partnership.board, personId)) throw invalid('a board member sits for themselves');
  if (own(attendance, substituteFor)?.presence === 'present') throw invalid(`${substituteFor} is present`);
  if (sittingFor(substituteFor)) throw invalid(`another substitute sits for ${substituteFor}`);
  return { personId, party: seat.party, presence, substituteFor };
}

function requireQuorate(meeting: MeetingState): void {
  if (meeting.quorate === undefined)
    throw rule(ErrorCode.QuorumNotDetermined, 'record the attendance first: the quorum follows from it');
  if (!meeting.quorate)
    throw rule(ErrorCode.MeetingInquorate, `meeting ${meeting.meetingId} is inquorate: it takes no votes`);
}

function requirePresent(meeting: MeetingState, personId: string): AttendanceRecord {
  const attendance = own(meeting.attendance, personId);
  if (attendance?.presence !== 'present')
    throw rule(ErrorCode.VoterNotPresent, `${personId} is not recorded as present`, { personId });
  return attendance;
}

function recordInterest(c: RecordMeetingInterest, s: MeetingState, ctx: MeetingContext): Events {
  const itemId = requireId('itemId', c.itemId);
  const personId = requireId('personId', c.personId);
  const nature = requireText('nature', c.nature);
  const { meeting } = clerkOf(c, s, ctx);
  requireItem(meeting, itemId);
  requireMeetingStatus(meeting, ['noticed']);
  const at = occurredAt(c, meeting);
  requirePresent(meeting, personId);
  if ((own(meeting.interests, itemId) ?? []).includes(personId))
    throw rule(ErrorCode.InterestAlreadyDeclared, `${personId} already declared an interest in ${itemId}`);
  if (own(own(meeting.votes, itemId), personId) !== undefined)
    throw rule(ErrorCode.VoteAlreadyRecorded, `${personId} has voted on ${itemId}: declare before the vote`);
  return [
    {
      type: 'InterestRecorded',
      data: { ...ref(meeting), itemId, personId, nature, recordedBy: personRef(c.actor), occurredAt: at },
    },
  ];
}

function recordVotes(c: RecordVotes, s: MeetingState, ctx: MeetingContext): Events {
  const itemId = requireId('itemId', c.itemId);
  const method = requireOneOf('method', c.method, VOTING_METHODS);
  if (!Array.isArray(c.votes) || c.votes.length === 0)
    throw badInput(ErrorCode.FieldRequired, 'votes needs at least one vote', { field: 'votes' });
  const votes = c.votes.map((v, i) => ({
    personId: requireId(`votes[${i}].personId`, v?.personId),
    stance: requireOneOf(`votes[${i}].stance`, v?.stance, VOTE_STANCES),
  }));
  const { meeting } = clerkOf(c, s, ctx);
  const item = requireItem(meeting, itemId);
  requireMeetingStatus(meeting, ['noticed']);
  const at = occurredAt(c, meeting);
  requireQuorate(meeting);
  if (item.decisionId !== undefined) requireDecisionOpenAt(ctx, item.decisionId, at);
  const recordedBy = personRef(c.actor);
  const voted = new Set(Object.keys(own(meeting.votes, itemId) ?? {}));
  const interested = own(meeting.interests, itemId) ?? [];
  return votes.map(({ personId, stance }) => {
    requirePresent(meeting, personId);
    if (voted.has(personId))
      throw rule(ErrorCode.VoteAlreadyRecorded, `${personId} already has a vote on ${itemId}`, { personId, itemId });
    if (interested.includes(personId))
      throw rule(ErrorCode.InterestNotDispensed, `${personId} declared an interest in ${itemId}`, { personId, itemId });
    voted.add(personId);
    return {
      type: 'VoteRecorded',
      data: {
        ...ref(meeting),
        itemId,
        ...(item.decisionId === undefined ? {} : { decisionId: item.decisionId }),
        personId,
        stance,
        method,
        recordedBy,
        occurredAt: at,
      },
    };
  });
}

/**
 * Votes on a decision's item count in its tally (CountMeetingVotes), so they were taken while it
 * was open: not before its opening, before its closing time, and it not yet resolved.
 */
function requireDecisionOpenAt(ctx: MeetingContext, decisionId: string, at: string): void {
  const decision = ctx.decisions === undefined ? undefined : own(ctx.decisions, decisionId);
  if (!decision || decision.status !== 'open' || decision.openedAt === undefined)
    throw rule(ErrorCode.DecisionNotOpen, `decision ${decisionId} is not open for votes`, {
      decisionId,
      ...(decision?.status === undefined ? {} : { status: decision.status }),
    });
  if (isBefore(at, decision.openedAt))
    throw rule(ErrorCode.OccurredAtTooEarly, `votes taken at ${at}, before decision ${decisionId} opened`, {
      occurredAt: at,
      notBefore: decision.openedAt,
    });
  if (decision.closesAt !== undefined && !isBefore(at, decision.closesAt))
    throw rule(ErrorCode.ClosingTimePassed, `decision ${decisionId} closed at ${decision.closesAt}`, {
      closesAt: decision.closesAt,
    });
}

/** The chair breaks a tie, where the terms give a casting vote: once per item, after the votes. */
function recordCastingVote(c: RecordCastingVote, s: MeetingState, ctx: MeetingContext): Events {
  const itemId = requireId('itemId', c.itemId);
  const stance = requireOneOf('stance', c.stance, ['agree', 'disagree'] as const);
  const { meeting, partnership } = clerkOf(c, s, ctx);
  const item = requireItem(meeting, itemId);
  requireMeetingStatus(meeting, ['noticed']);
  const at = occurredAt(c, meeting);
  requireQuorate(meeting);
  const unavailable = (why: string) => rule(ErrorCode.CastingVoteNotAvailable, `no casting vote on ${itemId}: ${why}`);
  if (!partnership.terms?.chairCastingVote) throw unavailable('the terms of reference give none');
  const chair = entries(partnership.board).find((seat) => seat.boardRole?.toLowerCase() === 'chair');
  if (!chair || own(meeting.attendance, chair.personId)?.presence !== 'present')
    throw unavailable('the chair is not present');
  if (own(meeting.castingVotes, itemId) !== undefined)
    throw rule(ErrorCode.VoteAlreadyRecorded, `the casting vote on ${itemId} is recorded`, { itemId });
  const stances = Object.values(own(meeting.votes, itemId) ?? {});
  const agree = stances.filter((v) => v === 'agree').length;
  if (agree === 0 || agree !== stances.filter((v) => v === 'disagree').length)
    throw unavailable('the votes are not tied');
  return [
    {
      type: 'VoteRecorded',
      data: {
        ...ref(meeting),
        itemId,
        ...(item.decisionId === undefined ? {} : { decisionId: item.decisionId }),
        personId: chair.personId,
        stance,
        method: 'recorded-vote',
        recordedBy: personRef(c.actor),
        casting: true,
        occurredAt: at,
      },
    },
  ];
}

/** Closing the record of a quorate meeting: nothing more is recorded as happening at it. */
function close(c: CloseMeeting, s: MeetingState, ctx: MeetingContext): Events {
  const { meeting } = clerkOf(c, s, ctx);
  requireMeetingStatus(meeting, ['noticed']);
  const endedAt = occurredAt(c, meeting, true);
  requireQuorate(meeting);
  return [{ type: 'MeetingClosed', data: { ...ref(meeting), endedAt, closedBy: personRef(c.actor) } }];
}

/** An inquorate meeting (or one that cannot finish its business) is adjourned. */
function adjourn(c: AdjournMeeting, s: MeetingState, ctx: MeetingContext): Events {
  const reason = requireText('reason', c.reason);
  const { meeting } = clerkOf(c, s, ctx);
  requireMeetingStatus(meeting, ['noticed']);
  const endedAt = occurredAt(c, meeting, true);
  return [{ type: 'MeetingAdjourned', data: { ...ref(meeting), endedAt, reason, adjournedBy: personRef(c.actor) } }];
}

// ---- minutes ----------------------------------------------------------------------------------

function draftMinutes(c: DraftMinutes, s: MeetingState, ctx: MeetingContext): Events {
  const textSha256 = requireSha256Hex('textSha256', c.textSha256);
  const { meeting } = clerkOf(c, s, ctx);
  requireMeetingStatus(meeting, ['closed', 'adjourned']);
  if (meeting.minutes?.approvedAtMeetingId !== undefined)
    throw rule(ErrorCode.MinutesAlreadyApproved, 'approved minutes are frozen: correct them instead');
  happenedAt(c, meeting.endedAt);
  return [
    {
      type: 'MinutesDrafted',
      data: {
        ...ref(meeting),
        version: (meeting.minutes?.version ?? 0) + 1,
        textSha256,
        draftedBy: personRef(c.actor),
      },
    },
  ];
}

/**
 * Minutes become the formal record by a resolution of a later, quorate meeting of the same
 * partnership; the approval happened at that meeting, so its occurredAt lies inside it.
 */
function approveMinutes(c: ApproveMinutes, s: MeetingState, ctx: MeetingContext): Events {
  const atMeetingId = requireId('atMeetingId', c.atMeetingId);
  const { meeting } = clerkOf(c, s, ctx);
  if (atMeetingId === meeting.meetingId)
    throw rule(
      ErrorCode.MinutesApprovedAtOwnMeeting,
      'minutes are approved at a later meeting, not the one they record',
    );
  const minutes = meeting.minutes;
  if (!minutes) throw rule(ErrorCode.MinutesNotDrafted, `meeting ${meeting.meetingId} has no draft minutes`);
  if (minutes.approvedAtMeetingId !== undefined)
    throw rule(ErrorCode.MinutesAlreadyApproved, 'the minutes are approved');
  const later = own(ctx.meetings, atMeetingId);
  if (
    !later ||
    later.partnershipId !== meeting.partnershipId ||
    !isBefore(meeting.startsAt, later.startsAt) ||
    !['noticed', 'closed'].includes(later.status)
  ) {
    throw rule(
      ErrorCode.ApprovingMeetingInvalid,
      `meeting ${atMeetingId} is not a later, held meeting of this partnership`,
      { atMeetingId },
    );
  }
  requireQuorate(later);
  const at = occurredAt(c, later);
  return [
    {
      type: 'MinutesApproved',
      data: {
        ...ref(meeting),
        version: minutes.version,
        textSha256: minutes.textSha256,
        atMeetingId,
        recordedBy: personRef(c.actor),
        occurredAt: at,
      },
    },
  ];
}

// ---- disputes and corrections -----------------------------------------------------------------

function requireRecord(meeting: MeetingState, eventId: string) {
  const info = indexed(meeting.records, eventId);
  if (!info) {
    throw rule(ErrorCode.CorrectedEventNotFound, `meeting ${meeting.meetingId} has no record ${eventId} of a member`, {
      eventId,
    });
  }
  return info;
}

/** The member a record names may dispute it: a party member, for what the record says of them. */
function disputeRecord(c: DisputeMeetingRecord, s: MeetingState, ctx: MeetingContext): Events {
  const eventId = requireId('disputedEventId', c.disputedEventId);
  const reason = requireText('reason', c.reason);
  requireId('meetingId', c.meetingId);
  const meeting = requireMeeting(s, c.meetingId);
  const partnership = requirePartnershipExists(ctx.partnership, meeting.partnershipId);
  requirePartyMember(c.actor, partnership, ctx.organisations);
  const info = requireRecord(meeting, eventId);
  if (info.personId !== c.actor.personId) {
    throw forbidden(ErrorCode.NotPermittedToCorrect, 'only the member a record names may dispute it', {
      personId: info.personId,
    });
  }
  return [
    {
      type: 'RecordDisputed',
      data: {
        ...ref(meeting),
        disputedEventId: eventId,
        disputedEventType: info.type,
        personId: info.personId,
        reason,
      },
    },
  ];
}

/**
 * The clerk corrects what a vote or an attendance record says (after a dispute, or of their own
 * motion); the original stays and the correction points at it, approved minutes included.
 */
function correctRecord(c: CorrectMeetingRecord, s: MeetingState, ctx: MeetingContext): Events {
  const eventId = requireId('correctsEventId', c.correctsEventId);
  const reason = requireText('reason', c.reason);
  const { meeting } = clerkOf(c, s, ctx);
  const info = requireRecord(meeting, eventId);
  if (info.type === 'InterestRecorded')
    throw rule(ErrorCode.EventNotCorrectable, 'an interest declared stands as declared', { eventId });
  const field = info.type === 'VoteRecorded' ? 'stance' : 'presence';
  const to = requireOneOf('to', c.to, field === 'stance' ? VOTE_STANCES : PRESENCES);
  if (to === info.value) throw rule(ErrorCode.CorrectionInvalid, `the record already says ${to}`, { eventId });
  if (field === 'presence' && meeting.status === 'noticed')
    throw rule(ErrorCode.CorrectionInvalid, 'record the attendance again while the meeting is open', { eventId });
  return [
    {
      type: 'RecordCorrected',
      data: {
        ...ref(meeting),
        correctsEventId: eventId,
        correctedEventType: info.type,
        personId: info.personId,
        ...(info.itemId === undefined ? {} : { itemId: info.itemId }),
        field,
        from: info.value ?? '',
        to,
        reason,
        correctedBy: personRef(c.actor),
      },
    },
  ];
}
