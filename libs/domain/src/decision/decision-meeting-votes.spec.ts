import { actor, ADA, BEN, boardMajorityPartnership, COL, DAN, DECISION, OLI, T } from '../shared/fixtures';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { MeetingEvent } from '../meeting/meeting.events';
import { evolveMeeting, initialMeetingState, type MeetingState } from '../meeting/meeting.state';
import { attended, MEETING, noticed, quorum, scheduled, voted as minuted } from '../meeting/meeting.test-fixtures';
import type { CountMeetingVotes } from './decision.commands';
import type { CastingVote, DecisionEvent, MeetingVote } from './decision.events';
import { resolveAtClosingTime } from './decision-schedule';
import {
  boardSpec,
  contextFor,
  interestDeclared,
  openBoardDecision,
  ref,
  voted as castInPerson,
} from './decision.test-fixtures';

/** Board on Thursday 7 May 2026, while the decision is open (1 May 10:00 → 15 May 17:00). */
const AT = { startsAt: '2026-05-07T18:00:00Z', vote: '2026-05-07T18:40:00Z', nextDay: '2026-05-08T09:12:00Z' };

const meetingOf = (...events: MeetingEvent[]): MeetingState =>
  [
    scheduled(MEETING, AT.startsAt),
    noticed(MEETING),
    attended(ADA, 'present', MEETING, AT.startsAt),
    attended(COL, 'present', MEETING, AT.startsAt),
    attended(DAN, 'present', MEETING, AT.startsAt),
    quorum(true, ['ada', 'col', 'dan'], MEETING, AT.startsAt),
    ...events,
  ].reduce(evolveMeeting, initialMeetingState);

const withMeeting = (meeting: MeetingState) =>
  contextFor(boardMajorityPartnership, { meetings: { [MEETING]: meeting } });

const clerk = { ...actor(BEN), roles: ['member', 'clerk'] };

const count = (over: Partial<CountMeetingVotes> = {}): CountMeetingVotes => ({
  type: 'CountMeetingVotes',
  actor: clerk,
  now: AT.nextDay,
  decisionId: DECISION,
  meetingId: MEETING,
  itemId: 'item-1',
  occurredAt: AT.vote,
  ...over,
});

const counted = (votes: MeetingVote[]): DecisionEvent => ({
  type: 'MeetingVotesCounted',
  data: { ...ref, meetingId: MEETING, itemId: 'item-1', votes, occurredAt: AT.vote, countedBy: BEN },
});
const vote = (who: typeof ADA, stance: MeetingVote['stance']): MeetingVote => ({
  personId: who.personId,
  orgId: who.orgId,
  stance,
});

describe('decision: votes recorded by the clerk at a meeting', () => {
  it('count as the members’ own: the last eligible vote resolves the decision, dated at the meeting', () => {
    const meeting = meetingOf(minuted(ADA, 'agree'), minuted(COL, 'agree'), minuted(DAN, 'disagree'));
    boardSpec
      .given(openBoardDecision())
      .withContext(withMeeting(meeting))
      .when(count())
      .then(counted([vote(ADA, 'agree'), vote(COL, 'agree'), vote(DAN, 'disagree')]), {
        type: 'DecisionApproved',
        data: {
          ...ref,
          rule: 'board-majority',
          approvedAt: AT.vote,
          tally: { agree: 2, disagree: 1, abstain: 0, quorum: 2 },
        },
      });
  });

  it('add up with votes cast in person between meetings', () => {
    const meeting = meetingOf(minuted(ADA, 'disagree'), minuted(DAN, 'disagree'));
    boardSpec
      .given(...openBoardDecision(), castInPerson(COL, 'agree'))
      .withContext(withMeeting(meeting))
      .when(count())
      .then(counted([vote(ADA, 'disagree'), vote(DAN, 'disagree')]), {
        type: 'DecisionRejected',
        data: {
          ...ref,
          rule: 'board-majority',
          rejectedAt: AT.vote,
          tally: { agree: 1, disagree: 2, abstain: 0, quorum: 2 },
        },
      });
  });

  it('leave out, as any vote, a member’s whose interest in the decision is not dispensed', () => {
    const meeting = meetingOf(minuted(ADA, 'agree'), minuted(COL, 'agree'), minuted(DAN, 'disagree'));
    boardSpec
      .given(...openBoardDecision(), interestDeclared(DAN))
      .withContext(withMeeting(meeting))
      .when(count())
      .then(counted([vote(ADA, 'agree'), vote(COL, 'agree'), vote(DAN, 'disagree')]), {
        type: 'DecisionApproved',
        data: {
          ...ref,
          rule: 'board-majority',
          approvedAt: AT.vote,
          tally: { agree: 2, disagree: 0, abstain: 0, quorum: 2 },
        },
      });
  });

  it('wait, short of every eligible vote, for the closing time, which counts them', () => {
    const meeting = meetingOf(minuted(ADA, 'agree'), minuted(DAN, 'agree'));
    const after = boardSpec
      .given(...openBoardDecision())
      .withContext(withMeeting(meeting))
      .when(count())
      .then(counted([vote(ADA, 'agree'), vote(DAN, 'agree')]));
    expect(resolveAtClosingTime(after, T.afterClose)).toEqual([
      {
        type: 'DecisionApproved',
        data: {
          ...ref,
          rule: 'board-majority',
          approvedAt: T.closesAt,
          tally: { agree: 2, disagree: 0, abstain: 0, quorum: 2 },
        },
      },
    ]);
  });

  it('are refused when taken before the decision opened, after it closed, or in the future', () => {
    const meeting = meetingOf(minuted(ADA, 'agree'));
    const given = () => boardSpec.given(...openBoardDecision()).withContext(withMeeting(meeting));
    given()
      .when(count({ occurredAt: '2026-05-01T09:00:00Z' }))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    given()
      .when(count({ occurredAt: T.closesAt, now: T.afterClose }))
      .thenRejects('closing-time-passed', 'rule-violated');
    given()
      .when(count({ now: AT.startsAt }))
      .thenRejects('occurred-at-in-future', 'rule-violated');
  });

  it('are refused once the decision is resolved, and when the item has no votes yet', () => {
    const approved: DecisionEvent = {
      type: 'DecisionApproved',
      data: {
        ...ref,
        rule: 'board-majority',
        approvedAt: T.now,
        tally: { agree: 2, disagree: 0, abstain: 0, quorum: 2 },
      },
    };
    boardSpec
      .given(...openBoardDecision(), approved)
      .withContext(withMeeting(meetingOf(minuted(ADA, 'agree'))))
      .when(count())
      .thenRejects('decision-not-open', 'rule-violated');
    boardSpec
      .given(...openBoardDecision())
      .withContext(withMeeting(meetingOf()))
      .when(count())
      .thenRejects('no-vote-to-count', 'rule-violated');
  });

  it('come only from a meeting of the partnership whose item is this decision, counted by a party member', () => {
    const meeting = meetingOf(minuted(ADA, 'agree'));
    const given = () => boardSpec.given(...openBoardDecision());
    given()
      .withContext(contextFor(boardMajorityPartnership))
      .when(count())
      .thenRejects('meeting-not-found', 'not-found');
    given()
      .withContext(withMeeting({ ...meeting, partnershipId: 'elsewhere' }))
      .when(count())
      .thenRejects('meeting-not-found', 'not-found');
    given()
      .withContext(withMeeting(meeting))
      .when(count({ itemId: 'item-2' }))
      .thenRejects('agenda-item-not-found', 'not-found');
    given()
      .withContext(withMeeting(meeting))
      .when(count({ actor: actor(OLI) }))
      .thenRejects('not-a-party', 'forbidden');
  });
});

describe('decision: the chair’s casting vote at a meeting', () => {
  /** The board-majority terms with a casting vote for the chair, Ada. */
  const castingTerms: PartnershipEvent[] = boardMajorityPartnership.map((e) =>
    e.type === 'TermsOfReferenceAgreed'
      ? ({ ...e, data: { ...e.data, chairCastingVote: true } } as PartnershipEvent)
      : e.type === 'BoardMemberAppointed' && e.data.personId === ADA.personId
        ? ({ ...e, data: { ...e.data, boardRole: 'Chair' } } as PartnershipEvent)
        : e,
  );
  const castingSpec = (meeting: MeetingState, terms = castingTerms) =>
    boardSpec.given(...openBoardDecision()).withContext(contextFor(terms, { meetings: { [MEETING]: meeting } }));
  const tied = [minuted(ADA, 'agree'), minuted(DAN, 'disagree'), minuted(COL, 'abstain')];
  const tiedVotes = [vote(ADA, 'agree'), vote(DAN, 'disagree'), vote(COL, 'abstain')];
  const castingBy = (stance: CastingVote['stance']): MeetingEvent =>
    ({
      ...minuted(ADA, stance),
      data: { ...minuted(ADA, stance).data, method: 'recorded-vote', casting: true },
    }) as MeetingEvent;
  const withCasting = (stance: CastingVote['stance']): DecisionEvent => ({
    type: 'MeetingVotesCounted',
    data: {
      ...ref,
      meetingId: MEETING,
      itemId: 'item-1',
      votes: tiedVotes,
      castingVote: { personId: ADA.personId, orgId: ADA.orgId, stance },
      occurredAt: AT.vote,
      countedBy: BEN,
    },
  });
  const tally = { agree: 1, disagree: 1, abstain: 1, quorum: 2 };

  it('is awaited on a tie where the terms give one, and decides it when counted', () => {
    castingSpec(meetingOf(...tied))
      .when(count())
      .then(counted(tiedVotes));
    boardSpec
      .given(...openBoardDecision(), counted(tiedVotes))
      .withContext(contextFor(castingTerms, { meetings: { [MEETING]: meetingOf(...tied, castingBy('agree')) } }))
      .when(count())
      .then(withCasting('agree'), {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: AT.vote, tally: { ...tally, casting: 'agree' } },
      });
    boardSpec
      .given(...openBoardDecision(), counted(tiedVotes))
      .withContext(contextFor(castingTerms, { meetings: { [MEETING]: meetingOf(...tied, castingBy('disagree')) } }))
      .when(count())
      .then(withCasting('disagree'), {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: AT.vote, tally: { ...tally, casting: 'disagree' } },
      });
  });

  it('is not awaited where the terms give none: the tie fails at once', () => {
    castingSpec(meetingOf(...tied), boardMajorityPartnership)
      .when(count())
      .then(counted(tiedVotes), {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: AT.vote, tally },
      });
  });

  it('decides a tie still standing at the closing time; without one the tie fails then', () => {
    const waiting = castingSpec(meetingOf(...tied))
      .when(count())
      .then(counted(tiedVotes));
    expect(resolveAtClosingTime(waiting, T.afterClose)).toEqual([
      { type: 'DecisionRejected', data: { ...ref, rule: 'board-majority', rejectedAt: T.closesAt, tally } },
    ]);
    // Col absent: the tie at the meeting, broken by the chair, stands at the closing time.
    const pair = [vote(ADA, 'agree'), vote(DAN, 'disagree')];
    const broken: DecisionEvent = {
      ...withCasting('agree'),
      data: { ...(withCasting('agree').data as object), votes: pair },
    } as DecisionEvent;
    const decided = boardSpec.given(...openBoardDecision(), broken).withContext(contextFor(castingTerms)).state;
    expect(resolveAtClosingTime(decided, T.afterClose)).toEqual([
      {
        type: 'DecisionApproved',
        data: {
          ...ref,
          rule: 'board-majority',
          approvedAt: T.closesAt,
          tally: { agree: 1, disagree: 1, abstain: 0, quorum: 2, casting: 'agree' },
        },
      },
    ]);
    // A vote changed since, so no longer a tie: the majority decides, the casting vote is not needed.
    const untied = boardSpec
      .given(...openBoardDecision(), broken, castInPerson(COL, 'disagree'))
      .withContext(contextFor(castingTerms)).state;
    expect(resolveAtClosingTime(untied, T.afterClose)).toEqual([
      {
        type: 'DecisionRejected',
        data: {
          ...ref,
          rule: 'board-majority',
          rejectedAt: T.closesAt,
          tally: { agree: 1, disagree: 2, abstain: 0, quorum: 2, casting: 'agree' },
        },
      },
    ]);
  });

  it('counts once: counting again what the decision holds from the meeting is nothing to do, even once resolved', () => {
    const meeting = meetingOf(...tied, castingBy('agree'));
    const approved: DecisionEvent = {
      type: 'DecisionApproved',
      data: { ...ref, rule: 'board-majority', approvedAt: AT.vote, tally: { ...tally, casting: 'agree' } },
    };
    boardSpec
      .given(...openBoardDecision(), withCasting('agree'), approved)
      .withContext(contextFor(castingTerms, { meetings: { [MEETING]: meeting } }))
      .when(count())
      .then();
    boardSpec
      .given(...openBoardDecision(), counted([vote(ADA, 'agree'), vote(DAN, 'agree')]))
      .withContext(withMeeting(meetingOf(minuted(ADA, 'agree'), minuted(DAN, 'agree'))))
      .when(count())
      .then();
  });
});
