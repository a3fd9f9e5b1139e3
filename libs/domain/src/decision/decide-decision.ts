import { findAuthority } from '../organisation/delegated-authority';
import { type AuthorityRecord, holdsRole, type OrganisationState } from '../organisation/organisation.state';
import { authorityRef, isBoardMember, requireBoardMember, requirePartyMember } from '../partnership/partnership-rules';
import type { PartnershipState } from '../partnership/partnership.state';
import { type Actor, hasRole, personRef } from '../shared/actor';
import { badInput, ErrorCode, forbidden, notFound, rule } from '../shared/errors';
import { exemptCommitment, isExemptSalt, opensCommitment } from '@accord/platform';
import { EXEMPT_PARTS, SCHEDULE_12A_PARAGRAPHS } from '../shared/exempt';
import { indexed } from '../shared/growing-index';
import { entries, own } from '../shared/records';
import { happenedAt, requireOccurredAtShape } from '../shared/occurred-at';
import { isBefore, latest, requireCalendarDate, requireInstant } from '../shared/time';
import { londonDate } from '../shared/working-days';
import {
  isNonBlankString,
  isNonEmptyTextList,
  requireId,
  requireOneOf,
  requirePence,
  requireText,
} from '../shared/validation';
import { DECISION_CATEGORIES, DEFAULT_APPROVAL_RULE, VOTE_STANCES } from '../shared/vocabulary';
import type {
  AgreeSpecialUrgency,
  AmendDecision,
  CallInDecision,
  CastVote,
  CloseCallInPeriod,
  ChangeVote,
  CorrectRecord,
  CountMeetingVotes,
  DecisionCommand,
  DeclareInterest,
  DeclassifyExemptItem,
  DraftDecision,
  GrantDispensation,
  OpenDecision,
  PublishDecisionNotice,
  PublishForwardPlanEntry,
  RecordExemptItem,
  RecordGeneralException,
  ReconsiderDecision,
  RecordImplementation,
  RecordOutcome,
  RecordScrutinyOutcome,
  RefuseSignOff,
  RescindDecision,
  SignOff,
  SupersedeDecision,
  WithdrawDecision,
  WithdrawSignOff,
} from './decision.commands';
import type { DecisionContext } from './decision.context';
import { callInPeriodEndsAt, isSchedulerActor } from './decision-schedule';
import { CORRECTABLE_EVENTS } from './decision-corrections';
import {
  type CastingVote,
  type DecisionEvent,
  type KeyDecisionBasis,
  type MeetingVote,
  SCRUTINY_OUTCOMES,
} from './decision.events';
import type { MeetingState } from '../meeting/meeting.state';
import { hasUndispensedInterest, resolutionReached, signOffAuthority } from './decision-rules';
import {
  callInTerms,
  earliestKeyDecisionDate,
  FORWARD_PLAN_CLEAR_DAYS,
  GENERAL_EXCEPTION_CLEAR_DAYS,
  isKeyDecision,
  keyDecisionBasis,
} from './key-decisions';
import { type DecisionState, evolveDecision } from './decision.state';

type Events = DecisionEvent[];

/**
 * decide(command, state, context) → events. Pure: no clock, no I/O; throws an AppError when the
 * command may not happen. When a command resolves the decision (the last sign-off, a refusal, the
 * last eligible vote) the resolution follows the command's own events in the same result.
 * Check order: input shape (400), existence (404), who may act (403), then the rules (422).
 */
export function decideDecision(command: DecisionCommand, state: DecisionState, context: DecisionContext): Events {
  requireInstant('now', command.now);
  requireId('decisionId', command.decisionId);
  requireOccurredAtShape(command);
  switch (command.type) {
    case 'DraftDecision':
      return draft(command, state, context);
    case 'AmendDecision':
      return amend(command, state, context);
    case 'OpenDecision':
      return open(command, state, context);
    case 'DeclareInterest':
      return declareInterest(command, state, context);
    case 'GrantDispensation':
      return grantDispensation(command, state, context);
    case 'CastVote':
      return castVote(command, state, context);
    case 'ChangeVote':
      return changeVote(command, state, context);
    case 'SignOff':
      return signOff(command, state, context);
    case 'WithdrawSignOff':
      return withdrawSignOff(command, state, context);
    case 'RefuseSignOff':
      return refuseSignOff(command, state, context);
    case 'WithdrawDecision':
      return withdraw(command, state, context);
    case 'RecordOutcome':
      return recordOutcome(command, state, context);
    case 'RescindDecision':
      return rescind(command, state, context);
    case 'SupersedeDecision':
      return supersede(command, state, context);
    case 'CorrectRecord':
      return correct(command, state, context);
    case 'PublishForwardPlanEntry':
      return publishForwardPlanEntry(command, state, context);
    case 'RecordGeneralException':
      return recordGeneralException(command, state, context);
    case 'AgreeSpecialUrgency':
      return agreeSpecialUrgency(command, state, context);
    case 'PublishDecisionNotice':
      return publishNotice(command, state, context);
    case 'CountMeetingVotes':
      return countMeetingVotes(command, state, context);
    case 'CallInDecision':
      return callIn(command, state, context);
    case 'CloseCallInPeriod':
      return closeCallInPeriod(command, state);
    case 'RecordScrutinyOutcome':
      return recordScrutinyOutcome(command, state, context);
    case 'RecordImplementation':
      return recordImplementation(command, state, context);
    case 'ReconsiderDecision':
      return reconsider(command, state, context);
    case 'RecordExemptItem':
      return recordExemptItem(command, state, context);
    case 'DeclassifyExemptItem':
      return declassifyExemptItem(command, state, context);
  }
}

// ---- shared checks -------------------------------------------------------------------------

interface Loaded {
  readonly decision: DecisionState;
  readonly partnership: PartnershipState;
  /** The actor's organisation, the actor being a current member of it and it a party. */
  readonly organisation: OrganisationState;
}

/** The decision exists (404), its partnership exists (404), the actor is a member of a party (403). */
function load(c: DecisionCommand, state: DecisionState, ctx: DecisionContext): Loaded {
  if (state.status === 'none')
    throw notFound(ErrorCode.DecisionNotFound, `decision ${c.decisionId} not found`, { decisionId: c.decisionId });
  const partnership = requirePartnership(ctx, state.partnershipId);
  const organisation = requirePartyMember(c.actor, partnership, ctx.organisations);
  return { decision: state, partnership, organisation };
}

function requirePartnership(ctx: DecisionContext, partnershipId: string): PartnershipState {
  const p = ctx.partnership;
  if (!p || p.status === 'none' || p.partnershipId !== partnershipId) {
    throw notFound(ErrorCode.PartnershipNotFound, `partnership ${partnershipId} not found`, { partnershipId });
  }
  return p;
}

function requirePartnershipActive(p: PartnershipState): void {
  if (p.status !== 'active') {
    throw rule(ErrorCode.PartnershipNotActive, `partnership ${p.partnershipId} is ${p.status}`, {
      partnershipId: p.partnershipId,
      status: p.status,
    });
  }
}

function requireDraft(d: DecisionState): void {
  if (d.status !== 'draft')
    throw rule(
      ErrorCode.DecisionNotDraft,
      `decision ${d.decisionId} is ${d.status}; an opened decision's text is frozen`,
      { status: d.status },
    );
}

function requireDraftOrOpen(d: DecisionState, now: string): void {
  if (d.status !== 'draft' && d.status !== 'open')
    throw rule(ErrorCode.DecisionNotOpen, `decision ${d.decisionId} is ${d.status}`, { status: d.status });
  if (d.status === 'open') requireBeforeClose(d, now);
}

function requireBeforeClose(d: DecisionState, now: string): void {
  if (d.closesAt !== undefined && !isBefore(now, d.closesAt)) {
    throw rule(ErrorCode.ClosingTimePassed, `decision ${d.decisionId} closed at ${d.closesAt}`, {
      closesAt: d.closesAt,
    });
  }
}

/** Votes and sign-offs: only while open, before the closing time, in an active partnership. */
function requireOpenForActs(d: DecisionState, p: PartnershipState, now: string): void {
  if (d.status !== 'open')
    throw rule(ErrorCode.DecisionNotOpen, `decision ${d.decisionId} is ${d.status}`, { status: d.status });
  requireBeforeClose(d, now);
  requirePartnershipActive(p);
}

function requireNoUndispensedInterest(d: DecisionState, actor: Actor): void {
  if (hasUndispensedInterest(d, actor.personId)) {
    throw rule(ErrorCode.InterestNotDispensed, `${actor.personId} has declared an interest without a dispensation`, {
      personId: actor.personId,
    });
  }
}

/** The drafter, or a board member, puts a decision to the partnership, withdraws or supersedes it. */
function requireDrafterOrBoardMember(actor: Actor, d: DecisionState, p: PartnershipState): void {
  if (d.draftedBy?.personId === actor.personId && d.draftedBy.orgId === actor.orgId) return;
  if (isBoardMember(actor, p)) return;
  throw forbidden(ErrorCode.NotDrafterOrBoardMember, 'only the drafter or a board member may do this', {
    personId: actor.personId,
  });
}

function requireReason(value: unknown, what: string): string {
  if (!isNonBlankString(value)) throw rule(ErrorCode.ReasonRequired, `${what} needs a reason`, { field: 'reason' });
  return value;
}

function requireKeyDecisionNotice(d: DecisionState, now: string): KeyDecisionBasis {
  const basis = keyDecisionBasis(d, now);
  if (basis) return basis;
  const earliest = earliestKeyDecisionDate(d);
  throw rule(
    ErrorCode.KeyDecisionNotOnForwardPlan,
    `decision ${d.decisionId} is a key decision: it needs ${FORWARD_PLAN_CLEAR_DAYS} clear days on the forward plan, ` +
      `a general exception published ${GENERAL_EXCEPTION_CLEAR_DAYS} clear days before, or special urgency` +
      (earliest ? `; on its notices it may be opened from ${earliest}` : ''),
    {
      ...(d.forwardPlanPublishedAt ? { forwardPlanPublishedAt: d.forwardPlanPublishedAt } : {}),
      ...(d.generalExceptionPublishedAt ? { generalExceptionPublishedAt: d.generalExceptionPublishedAt } : {}),
      ...(earliest ? { earliestDate: earliest } : {}),
    },
  );
}

function ref(d: DecisionState) {
  return { decisionId: d.decisionId, partnershipId: d.partnershipId };
}

/** The command's events, then any resolution they bring about. */
function thenResolve(d: DecisionState, p: PartnershipState, events: Events, now: string): Events {
  const after = events.reduce(evolveDecision, d);
  if (p.status !== 'active' || after.closesAt === undefined || !isBefore(now, after.closesAt)) return events;
  return [...events, ...resolutionReached(after, p, now)];
}

// ---- drafting ------------------------------------------------------------------------------

/** Any member of a party drafts, in an active partnership; the approval rule comes from the terms in force. */
function draft(c: DraftDecision, state: DecisionState, ctx: DecisionContext): Events {
  const partnershipId = requireId('partnershipId', c.partnershipId);
  const title = requireText('title', c.title);
  const motion = requireText('motion', c.motion);
  const category = requireOneOf('category', c.category, DECISION_CATEGORIES);
  const valuePence = c.valuePence === undefined ? undefined : requirePence('valuePence', c.valuePence);
  const partnership = requirePartnership(ctx, partnershipId);
  requirePartyMember(c.actor, partnership, ctx.organisations);
  if (state.status !== 'none')
    throw rule(ErrorCode.DecisionAlreadyExists, `decision ${c.decisionId} already exists`, {
      decisionId: c.decisionId,
    });
  requirePartnershipActive(partnership);
  happenedAt(c);
  return [
    {
      type: 'DecisionDrafted',
      data: {
        decisionId: c.decisionId,
        partnershipId,
        title,
        motion,
        category,
        ...(valuePence === undefined ? {} : { valuePence }),
        approvalRule: partnership.terms?.approvalRule ?? DEFAULT_APPROVAL_RULE,
        draftedBy: personRef(c.actor),
      },
    },
  ];
}

/** Any member of a party amends a draft; only what actually changes is recorded. */
function amend(c: AmendDecision, state: DecisionState, ctx: DecisionContext): Events {
  const title = c.title === undefined ? undefined : requireText('title', c.title);
  const motion = c.motion === undefined ? undefined : requireText('motion', c.motion);
  const category = c.category === undefined ? undefined : requireOneOf('category', c.category, DECISION_CATEGORIES);
  const valuePence =
    c.valuePence === undefined || c.valuePence === null ? c.valuePence : requirePence('valuePence', c.valuePence);
  const { decision: d, partnership } = load(c, state, ctx);
  requireDraft(d);
  requirePartnershipActive(partnership);
  const changes = {
    ...(title !== undefined && title !== d.title ? { title } : {}),
    ...(motion !== undefined && motion !== d.motion ? { motion } : {}),
    ...(category !== undefined && category !== d.category ? { category } : {}),
    ...(valuePence === null && d.valuePence !== undefined ? { valuePence: null } : {}),
    ...(typeof valuePence === 'number' && valuePence !== d.valuePence ? { valuePence } : {}),
  };
  if (Object.keys(changes).length === 0) throw rule(ErrorCode.AmendmentEmpty, 'the amendment changes nothing');
  return [{ type: 'DecisionAmended', data: { ...ref(d), ...changes, amendedBy: personRef(c.actor) } }];
}

/**
 * The drafter or a board member opens the draft with a closing time in the future. The text is
 * frozen from here on. Under board-majority the quorum of the terms in force is fixed on the
 * event, and a board too small to ever reach it is refused.
 */
function open(c: OpenDecision, state: DecisionState, ctx: DecisionContext): Events {
  const closesAt = requireInstant('closesAt', c.closesAt);
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  requireDraft(d);
  requirePartnershipActive(partnership);
  const at = happenedAt(c);
  if (!isBefore(at, closesAt))
    throw rule(ErrorCode.ClosingTimeNotInFuture, `closesAt ${closesAt} is not after the opening (${at})`, {
      closesAt,
      openedAt: at,
      now: c.now,
    });
  const terms = partnership.terms;
  const keyDecision = isKeyDecision(d, terms) ? requireKeyDecisionNotice(d, at) : undefined;
  if (d.approvalRule === 'board-majority') {
    const boardSize = entries(partnership.board).filter((s) => partnership.parties.includes(s.party)).length;
    if (!terms || boardSize < terms.quorum) {
      throw rule(
        ErrorCode.QuorumUnreachable,
        `the board (${boardSize}) is smaller than the quorum (${terms?.quorum ?? 'none agreed'})`,
        {
          boardSize,
          ...(terms ? { quorum: terms.quorum } : {}),
        },
      );
    }
  }
  return [
    {
      type: 'DecisionOpened',
      data: {
        ...ref(d),
        openedAt: at,
        closesAt,
        approvalRule: d.approvalRule,
        parties: [...partnership.parties],
        ...(d.approvalRule === 'board-majority' && terms ? { quorum: terms.quorum } : {}),
        ...(terms ? { termsVersion: terms.version } : {}),
        ...(keyDecision ? { keyDecision } : {}),
        openedBy: personRef(c.actor),
      },
    },
  ];
}

// ---- interests -----------------------------------------------------------------------------

/**
 * A member declares their own interest, while the decision is draft or open (before its closing
 * time). If they had signed off for their party, that sign-off is withdrawn in the same result;
 * a vote they had cast stays in history but no longer counts until a dispensation is granted.
 */
function declareInterest(c: DeclareInterest, state: DecisionState, ctx: DecisionContext): Events {
  const nature = requireText('nature', c.nature);
  const { decision: d, partnership } = load(c, state, ctx);
  const at = happenedAt(c, d.openedAt);
  requireDraftOrOpen(d, at);
  if (own(d.interests, c.actor.personId))
    throw rule(ErrorCode.InterestAlreadyDeclared, `${c.actor.personId} has already declared an interest`);
  const events: Events = [
    { type: 'InterestDeclared', data: { ...ref(d), personId: c.actor.personId, orgId: c.actor.orgId, nature } },
  ];
  const signOff = own(d.signOffs, c.actor.orgId);
  if (signOff && signOff.personId === c.actor.personId) {
    events.push({
      type: 'SignOffWithdrawn',
      data: {
        ...ref(d),
        party: c.actor.orgId,
        personId: c.actor.personId,
        reason: 'interest declared after signing off',
        withdrawnBy: personRef(c.actor),
      },
    });
  }
  return thenResolve(d, partnership, events, at);
}

/**
 * Who may grant a dispensation (a council's monitoring-officer practice, adapted to a partnership):
 * - a board member of the partnership from a *different* party than the interested member's, who
 *   has no undispensed interest in the decision themselves (a check from outside their organisation);
 * - or an `org-admin` of the interested member's *own* organisation, acting as its monitoring
 *   officer (dispensations are traditionally granted by the member's own authority).
 * Never the interested member themselves. Only while the decision is draft or open.
 */
function grantDispensation(c: GrantDispensation, state: DecisionState, ctx: DecisionContext): Events {
  const personId = requireId('personId', c.personId);
  const reason = requireReason(c.reason, 'a dispensation');
  const { decision: d, partnership } = load(c, state, ctx);
  if (personId === c.actor.personId)
    throw forbidden(ErrorCode.SelfDispensationForbidden, 'nobody grants a dispensation to themselves');
  const interest = own(d.interests, personId);
  if (!interest)
    throw rule(ErrorCode.InterestNotDeclared, `${personId} has declared no interest in this decision`, { personId });
  let grantedAs: 'board-member-of-another-party' | 'organisation-admin';
  if (
    isBoardMember(c.actor, partnership) &&
    c.actor.orgId !== interest.orgId &&
    !hasUndispensedInterest(d, c.actor.personId)
  ) {
    grantedAs = 'board-member-of-another-party';
  } else if (hasRole(c.actor, 'org-admin') && c.actor.orgId === interest.orgId) {
    grantedAs = 'organisation-admin';
  } else {
    throw forbidden(
      ErrorCode.NotPermittedToGrantDispensation,
      "a dispensation is granted by a board member of another party (without an interest of their own) or by an org-admin of the member's organisation",
      { personId },
    );
  }
  if (interest.dispensedBy)
    throw rule(ErrorCode.DispensationAlreadyGranted, `${personId} already has a dispensation`, { personId });
  const at = happenedAt(c, d.openedAt);
  requireDraftOrOpen(d, at);
  const events: Events = [
    {
      type: 'DispensationGranted',
      data: { ...ref(d), personId, orgId: interest.orgId, reason, grantedBy: personRef(c.actor), grantedAs },
    },
  ];
  return thenResolve(d, partnership, events, at);
}

// ---- votes ---------------------------------------------------------------------------------

/**
 * What casting and changing a vote both check: a valid stance and reason, from an eligible board
 * member, while open when it was cast. Board members vote under either rule; under
 * all-parties-sign-off votes record views, sign-offs decide.
 */
function checkVote(c: CastVote | ChangeVote, state: DecisionState, ctx: DecisionContext) {
  const stance = requireOneOf('stance', c.stance, VOTE_STANCES);
  const reason = requireReason(c.reason, 'a vote');
  const { decision: d, partnership } = load(c, state, ctx);
  requireBoardMember(c.actor, partnership);
  const at = happenedAt(c, d.openedAt);
  requireOpenForActs(d, partnership, at);
  requireNoUndispensedInterest(d, c.actor);
  return { stance, reason, d, partnership, at };
}

function castVote(c: CastVote, state: DecisionState, ctx: DecisionContext): Events {
  const { stance, reason, d, partnership, at } = checkVote(c, state, ctx);
  if (own(d.votes, c.actor.personId))
    throw rule(ErrorCode.VoteAlreadyCast, `${c.actor.personId} has already voted; change the vote instead`);
  const events: Events = [
    { type: 'VoteCast', data: { ...ref(d), personId: c.actor.personId, orgId: c.actor.orgId, stance, reason } },
  ];
  return thenResolve(d, partnership, events, at);
}

function changeVote(c: ChangeVote, state: DecisionState, ctx: DecisionContext): Events {
  const { stance, reason, d, partnership, at } = checkVote(c, state, ctx);
  const current = own(d.votes, c.actor.personId);
  if (!current) throw rule(ErrorCode.NoVoteToChange, `${c.actor.personId} has not voted`);
  if (current.stance === stance && current.reason === reason)
    throw rule(ErrorCode.VoteUnchanged, 'the vote is unchanged');
  const events: Events = [
    {
      type: 'VoteChanged',
      data: {
        ...ref(d),
        personId: c.actor.personId,
        orgId: c.actor.orgId,
        previousStance: current.stance,
        stance,
        reason,
      },
    },
  ];
  return thenResolve(d, partnership, events, at);
}

// ---- sign-offs -----------------------------------------------------------------------------

/** The authority the actor relies on to sign off or refuse for their organisation (422 when none). */
function requireSignOffAuthority(
  d: DecisionState,
  organisation: OrganisationState,
  actor: Actor,
  now: string,
): AuthorityRecord {
  const found = signOffAuthority(d, organisation, actor.personId, now);
  if (!found.ok)
    throw rule(found.code, found.message, {
      personId: actor.personId,
      category: d.category ?? 'other',
      valuePence: d.valuePence ?? 0,
      at: now,
    });
  return found.authority;
}

function requireSignOffApplies(d: DecisionState): void {
  if (d.approvalRule !== 'all-parties-sign-off') {
    throw rule(
      ErrorCode.SignOffNotApplicable,
      `decision ${d.decisionId} is decided by ${d.approvalRule}, not by sign-off`,
      { approvalRule: d.approvalRule },
    );
  }
}

/**
 * A member signs off for their own organisation, with delegated authority valid now covering the
 * decision's category and value; the authority relied on is recorded on the event. One current
 * sign-off per party; the last party's sign-off approves the decision.
 */
function signOff(c: SignOff, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership, organisation } = load(c, state, ctx);
  const at = happenedAt(c, d.openedAt);
  requireOpenForActs(d, partnership, at);
  requireSignOffApplies(d);
  if (own(d.signOffs, c.actor.orgId))
    throw rule(ErrorCode.PartyAlreadySignedOff, `${c.actor.orgId} has already signed off`, { party: c.actor.orgId });
  const authority = requireSignOffAuthority(d, organisation, c.actor, at);
  const events: Events = [
    {
      type: 'SignOffRecorded',
      data: {
        ...ref(d),
        party: c.actor.orgId,
        personId: c.actor.personId,
        authority: authorityRef(authority),
        signedAt: at,
      },
    },
  ];
  return thenResolve(d, partnership, events, at);
}

/** The signer, or another member of the same party holding authority that covers it now, withdraws the party's sign-off. */
function withdrawSignOff(c: WithdrawSignOff, state: DecisionState, ctx: DecisionContext): Events {
  const reason = requireReason(c.reason, 'withdrawing a sign-off');
  const { decision: d, partnership, organisation } = load(c, state, ctx);
  const current = own(d.signOffs, c.actor.orgId);
  // Withdrawn no earlier than it was given.
  const at = happenedAt(c, current?.signedAt ?? d.openedAt);
  requireOpenForActs(d, partnership, at);
  if (!current)
    throw rule(ErrorCode.NoSignOffToWithdraw, `${c.actor.orgId} has no sign-off to withdraw`, { party: c.actor.orgId });
  if (
    current.personId !== c.actor.personId &&
    !findAuthority(organisation, c.actor.personId, d.category ?? 'other', d.valuePence ?? 0, at).ok
  ) {
    throw forbidden(
      ErrorCode.NotPermittedToWithdrawSignOff,
      'only the signer or another member with authority covering this decision may withdraw the sign-off',
    );
  }
  return [
    {
      type: 'SignOffWithdrawn',
      data: { ...ref(d), party: c.actor.orgId, personId: current.personId, reason, withdrawnBy: personRef(c.actor) },
    },
  ];
}

/**
 * A party's authorised member refuses: under all-parties-sign-off that rejects the decision at
 * once. The refuser needs the same authority a sign-off would need (and no undispensed interest);
 * a party that has signed off withdraws its sign-off first.
 */
function refuseSignOff(c: RefuseSignOff, state: DecisionState, ctx: DecisionContext): Events {
  const reason = requireReason(c.reason, 'a refusal');
  const { decision: d, partnership, organisation } = load(c, state, ctx);
  const at = happenedAt(c, d.openedAt);
  requireOpenForActs(d, partnership, at);
  requireSignOffApplies(d);
  if (own(d.signOffs, c.actor.orgId)) {
    throw rule(
      ErrorCode.PartyAlreadySignedOff,
      `${c.actor.orgId} has signed off; withdraw the sign-off before refusing`,
      { party: c.actor.orgId },
    );
  }
  const authority = requireSignOffAuthority(d, organisation, c.actor, at);
  return [
    {
      type: 'DecisionRejected',
      data: {
        ...ref(d),
        rule: 'all-parties-sign-off',
        rejectedAt: at,
        refusal: {
          party: c.actor.orgId,
          personId: c.actor.personId,
          authorityId: authority.authorityId,
          instrument: authority.instrument,
          reason,
        },
      },
    },
  ];
}

// ---- ending, outcome and afterwards ---------------------------------------------------------

/** The drafter or a board member withdraws a draft or open decision, with a reason. */
function withdraw(c: WithdrawDecision, state: DecisionState, ctx: DecisionContext): Events {
  const reason = requireReason(c.reason, 'withdrawing a decision');
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  // From the closing time on the result is fixed (the scheduler records it); withdrawal cannot pre-empt it.
  requireDraftOrOpen(d, happenedAt(c, d.openedAt));
  return [{ type: 'DecisionWithdrawn', data: { ...ref(d), reason, withdrawnBy: personRef(c.actor) } }];
}

/** Any member of a party records the outcome once the decision is resolved: a statement, its reasons and the alternatives rejected. */
function recordOutcome(c: RecordOutcome, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d } = load(c, state, ctx);
  if (d.resolution === undefined)
    throw rule(ErrorCode.DecisionNotResolved, `decision ${d.decisionId} is ${d.status}`, { status: d.status });
  if (d.outcome)
    throw rule(ErrorCode.OutcomeAlreadyRecorded, 'the outcome is already recorded; correct the record instead');
  happenedAt(c, d.resolvedAt);
  const missing = [
    ...(isNonBlankString(c.statement) ? [] : ['statement']),
    ...(isNonEmptyTextList(c.reasons) ? [] : ['reasons']),
    ...(isNonEmptyTextList(c.alternativesRejected) ? [] : ['alternativesRejected']),
  ];
  if (missing.length > 0) {
    throw rule(
      ErrorCode.OutcomeIncomplete,
      `an outcome states its reasons and the alternatives rejected; missing: ${missing.join(', ')}`,
      { missing },
    );
  }
  return [
    {
      type: 'OutcomeRecorded',
      data: {
        ...ref(d),
        statement: c.statement,
        reasons: [...c.reasons],
        alternativesRejected: [...c.alternativesRejected],
        recordedBy: personRef(c.actor),
      },
    },
  ];
}

/** An approved decision is rescinded by another approved decision of the same partnership, never edited. */
function rescind(c: RescindDecision, state: DecisionState, ctx: DecisionContext): Events {
  const reason = requireReason(c.reason, 'a rescission');
  const authorisedBy = requireId('authorisedByDecisionId', c.authorisedByDecisionId);
  const { decision: d, partnership } = load(c, state, ctx);
  if (d.status !== 'approved')
    throw rule(
      ErrorCode.DecisionNotApproved,
      `decision ${d.decisionId} is ${d.status}; only an approved decision is rescinded`,
      { status: d.status },
    );
  requirePartnershipActive(partnership);
  const authorising = own(ctx.decisions, authorisedBy);
  if (
    authorisedBy === d.decisionId ||
    !authorising ||
    authorising.partnershipId !== d.partnershipId ||
    authorising.status !== 'approved'
  ) {
    throw rule(
      ErrorCode.AuthorisingDecisionInvalid,
      `decision ${authorisedBy} is not another approved decision of this partnership`,
      {
        authorisedByDecisionId: authorisedBy,
      },
    );
  }
  // Not before this decision was approved, nor before the decision that rescinds it.
  happenedAt(c, latest([d.resolvedAt, authorising.resolvedAt]));
  return [
    {
      type: 'DecisionRescinded',
      data: { ...ref(d), reason, authorisedByDecisionId: authorisedBy, rescindedBy: personRef(c.actor) },
    },
  ];
}

/**
 * Re-drafting an opened decision is a new decision that supersedes it: an open decision may be
 * superseded by a draft, open or approved decision of the same partnership (it closes here); an
 * approved decision only by another approved one (it stays in force until its replacement is).
 * The drafter or a board member records it.
 */
function supersede(c: SupersedeDecision, state: DecisionState, ctx: DecisionContext): Events {
  const by = requireId('by', c.by);
  const reason = requireReason(c.reason, 'a supersession');
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  if (d.status !== 'open' && d.status !== 'approved') {
    throw rule(
      ErrorCode.DecisionCannotBeSuperseded,
      `decision ${d.decisionId} is ${d.status}; only an open or approved decision is superseded`,
      { status: d.status },
    );
  }
  // An open decision is superseded before its closing time; an approved one after its approval.
  const at = happenedAt(c, d.resolvedAt ?? d.openedAt);
  if (d.status === 'open') requireBeforeClose(d, at);
  requirePartnershipActive(partnership);
  const successor = own(ctx.decisions, by);
  const acceptable = d.status === 'approved' ? ['approved'] : ['draft', 'open', 'approved'];
  if (
    by === d.decisionId ||
    !successor ||
    successor.partnershipId !== d.partnershipId ||
    !acceptable.includes(successor.status)
  ) {
    throw rule(ErrorCode.SupersedingDecisionInvalid, `decision ${by} cannot supersede ${d.decisionId}`, {
      by,
      acceptableStatuses: acceptable,
    });
  }
  return [{ type: 'DecisionSuperseded', data: { ...ref(d), by, reason, recordedBy: personRef(c.actor) } }];
}

/**
 * Corrects the words of an earlier event of this decision by a new event pointing at it (see
 * CORRECTABLE_EVENTS for what may be restated, and by whom). Allowed whatever the status of the
 * decision or partnership: the record must stay correctable.
 */
function correct(c: CorrectRecord, state: DecisionState, ctx: DecisionContext): Events {
  const correctsEventId = requireText('correctsEventId', c.correctsEventId);
  const reason = requireReason(c.reason, 'a correction');
  const { decision: d, partnership } = load(c, state, ctx);
  const target = indexed(d.recorded, correctsEventId);
  if (!target)
    throw rule(
      ErrorCode.CorrectedEventNotFound,
      `event ${correctsEventId} is not an event of decision ${d.decisionId}`,
      { correctsEventId },
    );
  const policy = CORRECTABLE_EVENTS[target.type];
  if (!policy)
    throw rule(ErrorCode.EventNotCorrectable, `${target.type} events cannot be corrected; act anew instead`, {
      correctedEventType: target.type,
    });
  const isAuthor = target.authorPersonId === c.actor.personId;
  if (!isAuthor && !(policy.by === 'author-or-board-member' && isBoardMember(c.actor, partnership))) {
    throw forbidden(
      ErrorCode.NotPermittedToCorrect,
      `only the author${policy.by === 'author' ? '' : ' or a board member'} may correct this ${target.type}`,
    );
  }
  const corrections = c.corrections;
  const keys =
    corrections !== null && typeof corrections === 'object' && !Array.isArray(corrections)
      ? Object.keys(corrections)
      : [];
  if (keys.length === 0)
    throw rule(ErrorCode.CorrectionInvalid, 'a correction restates at least one field', {
      correctable: Object.keys(policy.fields),
    });
  const clean: Record<string, string | string[]> = {};
  for (const key of keys) {
    const shape = own(policy.fields, key);
    const value = corrections[key];
    if (shape === undefined) {
      throw rule(ErrorCode.CorrectionInvalid, `${key} of ${target.type} cannot be corrected`, {
        field: key,
        correctable: Object.keys(policy.fields),
      });
    }
    if (shape === 'text' ? !isNonBlankString(value) : !isNonEmptyTextList(value)) {
      throw rule(
        ErrorCode.CorrectionInvalid,
        `${key} must be ${shape === 'text' ? 'non-blank text' : 'a non-empty list of non-blank text'}`,
        { field: key },
      );
    }
    clean[key] = Array.isArray(value) ? [...(value as string[])] : (value as string);
  }
  return [
    {
      type: 'RecordCorrected',
      data: {
        ...ref(d),
        correctsEventId,
        correctedEventType: target.type,
        corrections: clean,
        reason,
        correctedBy: personRef(c.actor),
      },
    },
  ];
}

// ---- council procedure: the forward plan and its exceptions ---------------------------------

function publishForwardPlanEntry(c: PublishForwardPlanEntry, state: DecisionState, ctx: DecisionContext): Events {
  const decisionMaker = requireText('decisionMaker', c.decisionMaker);
  const expectedDate = requireCalendarDate('expectedDate', c.expectedDate);
  const documents = c.documents === undefined ? [] : requireTextList('documents', c.documents);
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  requireDraft(d);
  requirePartnershipActive(partnership);
  if (d.forwardPlanPublishedAt !== undefined)
    throw rule(ErrorCode.ForwardPlanEntryAlreadyPublished, `decision ${d.decisionId} is already on the forward plan`, {
      publishedAt: d.forwardPlanPublishedAt,
    });
  // The plan is judged on the day it was published: its 28 clear days count from then.
  const at = happenedAt(c, d.draftedAt);
  const today = londonDate(at);
  if (expectedDate < today)
    throw rule(ErrorCode.ForwardPlanDatePast, `expectedDate ${expectedDate} is before today (${today})`, {
      expectedDate,
      today,
    });
  return [
    {
      type: 'ForwardPlanEntryPublished',
      data: {
        ...ref(d),
        item: d.title,
        decisionMaker,
        expectedDate,
        documents,
        key: isKeyDecision(d, partnership.terms),
        publishedAt: at,
        publishedBy: personRef(c.actor),
      },
    },
  ];
}

/** An exception is for a key decision still in draft, under terms that name a scrutiny chair. */
function requireKeyDraftWithChair(d: DecisionState, p: PartnershipState): string {
  requireDraft(d);
  requirePartnershipActive(p);
  if (!isKeyDecision(d, p.terms))
    throw rule(ErrorCode.NotAKeyDecision, `decision ${d.decisionId} is not a key decision under the terms`, {});
  const chair = p.terms?.keyDecisions?.scrutinyChairPersonId;
  if (chair === undefined)
    throw rule(ErrorCode.ScrutinyChairNotNamed, 'the terms of reference name no scrutiny chair', {});
  return chair;
}

function recordGeneralException(c: RecordGeneralException, state: DecisionState, ctx: DecisionContext): Events {
  const notifiedAt =
    c.scrutinyChairNotifiedAt === undefined
      ? undefined
      : requireInstant('scrutinyChairNotifiedAt', c.scrutinyChairNotifiedAt);
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  const reason = requireReason(c.reason, 'a general exception');
  const chair = requireKeyDraftWithChair(d, partnership);
  if (d.generalExceptionPublishedAt !== undefined)
    throw rule(ErrorCode.GeneralExceptionAlreadyRecorded, `decision ${d.decisionId} already has a general exception`, {
      publishedAt: d.generalExceptionPublishedAt,
    });
  const at = happenedAt(c, d.draftedAt);
  if (notifiedAt === undefined || isBefore(at, notifiedAt))
    throw rule(
      ErrorCode.NoticeToScrutinyChairRequired,
      'a general exception is published only after notice to the scrutiny chair (scrutinyChairNotifiedAt, not after occurredAt)',
      { scrutinyChairPersonId: chair },
    );
  return [
    {
      type: 'GeneralExceptionRecorded',
      data: {
        ...ref(d),
        reason,
        scrutinyChairPersonId: chair,
        scrutinyChairNotifiedAt: notifiedAt,
        publishedAt: at,
        recordedBy: personRef(c.actor),
      },
    },
  ];
}

function agreeSpecialUrgency(c: AgreeSpecialUrgency, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership } = load(c, state, ctx);
  const chair = partnership.terms?.keyDecisions?.scrutinyChairPersonId;
  if (chair !== undefined && chair !== c.actor.personId)
    throw forbidden(ErrorCode.NotScrutinyChair, 'only the scrutiny chair agrees special urgency', {
      scrutinyChairPersonId: chair,
    });
  const reason = requireReason(c.reason, 'special urgency');
  requireKeyDraftWithChair(d, partnership);
  if (d.specialUrgencyAgreedAt !== undefined)
    throw rule(ErrorCode.SpecialUrgencyAlreadyAgreed, `special urgency was agreed at ${d.specialUrgencyAgreedAt}`, {
      agreedAt: d.specialUrgencyAgreedAt,
    });
  const agreedAt = happenedAt(c, d.draftedAt);
  return [{ type: 'SpecialUrgencyAgreed', data: { ...ref(d), reason, agreedAt, agreedBy: personRef(c.actor) } }];
}

/** The notice (regs 12, 13) states the recorded outcome and every interest, with its dispensation. */
function publishNotice(c: PublishDecisionNotice, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership } = load(c, state, ctx);
  const decision = d.resolution;
  if ((decision !== 'approved' && decision !== 'rejected') || d.resolvedAt === undefined)
    throw rule(ErrorCode.NoticeNeedsApprovedOrRejected, `decision ${d.decisionId} was not approved or rejected`, {
      status: d.status,
    });
  if (!d.outcome) throw rule(ErrorCode.NoticeNeedsOutcome, 'record the outcome (reasons, alternatives rejected) first');
  if (d.noticePublishedAt !== undefined)
    throw rule(ErrorCode.DecisionNoticeAlreadyPublished, `the notice was published at ${d.noticePublishedAt}`, {
      publishedAt: d.noticePublishedAt,
    });
  // The call-in period runs in working days from when the notice was published, not when recorded.
  const publishedAt = happenedAt(c, d.resolvedAt);
  // The state holds each nature and dispensation reason as logged, sealed under the member's key
  // (PERSONAL_DATA): the notice repeats that sealed text, so it opens and is erased with the
  // declaration, and needs no sealing rule of its own.
  const interests = entries(d.interests).map((i) => ({
    personId: i.personId,
    orgId: i.orgId,
    nature: i.nature,
    ...(i.dispensedBy ? { dispensation: { grantedBy: i.dispensedBy, reason: i.dispensationReason ?? '' } } : {}),
  }));
  return [
    {
      type: 'DecisionNoticePublished',
      data: {
        ...ref(d),
        decision,
        decidedAt: d.resolvedAt,
        title: d.title,
        statement: d.outcome.statement,
        reasons: [...d.outcome.reasons],
        alternativesRejected: [...d.outcome.alternativesRejected],
        interests,
        ...(d.keyDecision ? { keyDecision: d.keyDecision } : {}),
        ...callInTerms(d, partnership.terms, publishedAt),
        publishedAt,
        publishedBy: personRef(c.actor),
      },
    },
  ];
}

// ---- call-in (council procedure) ----------------------------------------------------------------

/** A scrutiny member asks for a call-in within the period; enough of them call the decision in. */
function callIn(c: CallInDecision, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership, organisation } = load(c, state, ctx);
  // The role as granted in the ledger, not the token's (DESIGN §7), as for the clerk.
  if (!holdsRole(organisation, c.actor.personId, 'scrutiny'))
    throw forbidden(ErrorCode.NotScrutinyMember, 'only a member granted the scrutiny role calls a decision in', {
      personId: c.actor.personId,
      orgId: c.actor.orgId,
    });
  const reason = requireReason(c.reason, 'a call-in');
  if (d.status !== 'approved' || d.callInUntil === undefined)
    throw rule(
      ErrorCode.NotSubjectToCallIn,
      `decision ${d.decisionId} is not an approved decision whose notice opened a call-in period`,
      { status: d.status },
    );
  // A request made inside the period stands, however late it is recorded.
  const at = happenedAt(c, d.noticePublishedAt);
  if (londonDate(at) > d.callInUntil)
    throw rule(ErrorCode.CallInPeriodEnded, `the call-in period ended on ${d.callInUntil}`, {
      callInUntil: d.callInUntil,
    });
  // Late entry has its window (callInPeriodDueAt); once the scheduler has recorded the end, a
  // request dated inside the period would follow that end in the log.
  if (d.callInEndedAt !== undefined)
    throw rule(ErrorCode.CallInPeriodEnded, `the call-in period ended at ${d.callInEndedAt}`, {
      callInUntil: d.callInUntil,
      endedAt: d.callInEndedAt,
    });
  if (d.implementedAt !== undefined)
    throw rule(ErrorCode.DecisionAlreadyImplemented, `decision ${d.decisionId} was implemented at ${d.implementedAt}`, {
      implementedAt: d.implementedAt,
    });
  if (d.calledInAt !== undefined)
    throw rule(ErrorCode.DecisionCalledInPending, `decision ${d.decisionId} was called in at ${d.calledInAt}`, {
      calledInAt: d.calledInAt,
    });
  if (own(d.callInRequests, c.actor.personId))
    throw rule(ErrorCode.CallInAlreadyRequested, `${c.actor.personId} has already asked for this call-in`, {
      personId: c.actor.personId,
    });
  const requested: DecisionEvent = {
    type: 'CallInRequested',
    data: { ...ref(d), personId: c.actor.personId, orgId: c.actor.orgId, reason, requestedAt: at },
  };
  const requests = entries(evolveDecision(d, requested).callInRequests);
  if (requests.length < (partnership.terms?.keyDecisions?.callInMembers ?? 1)) return [requested];
  return [
    requested,
    {
      type: 'DecisionCalledIn',
      data: {
        ...ref(d),
        by: requests.map((r) => ({ personId: r.personId, orgId: r.orgId })),
        reasons: requests.map((r) => r.reason),
        calledInAt: at,
      },
    },
  ];
}

/**
 * The closing-time scheduler ends a call-in period that ran out with no call-in, once, from the
 * London day after its last date. Nothing to end for a decision called in, exempt from call-in
 * (no period), or no longer approved (superseded or rescinded during the period).
 */
function closeCallInPeriod(c: CloseCallInPeriod, d: DecisionState): Events {
  if (!isSchedulerActor(c.actor))
    throw forbidden(ErrorCode.NotScheduler, 'only Accord’s scheduler ends a call-in period', {
      personId: c.actor.personId,
    });
  if (d.status === 'none')
    throw notFound(ErrorCode.DecisionNotFound, `decision ${c.decisionId} not found`, { decisionId: c.decisionId });
  if (d.status !== 'approved' || d.callInUntil === undefined)
    throw rule(ErrorCode.NotSubjectToCallIn, `decision ${d.decisionId} has no call-in period running`, {
      status: d.status,
    });
  if (d.calledInAt !== undefined)
    throw rule(ErrorCode.DecisionCalledInPending, `decision ${d.decisionId} was called in at ${d.calledInAt}`, {
      calledInAt: d.calledInAt,
    });
  if (d.callInEndedAt !== undefined)
    throw rule(ErrorCode.CallInPeriodAlreadyEnded, `the call-in period ended at ${d.callInEndedAt}`, {
      endedAt: d.callInEndedAt,
    });
  if (londonDate(c.now) <= d.callInUntil)
    throw rule(ErrorCode.CallInPeriodNotOver, `it may be called in until the end of ${d.callInUntil}`, {
      callInUntil: d.callInUntil,
    });
  return [
    {
      type: 'CallInPeriodEnded',
      data: { ...ref(d), callInUntil: d.callInUntil, endedAt: callInPeriodEndsAt(d.callInUntil) },
    },
  ];
}

/** The scrutiny chair records the committee's outcome on a called-in decision, once. */
function recordScrutinyOutcome(c: RecordScrutinyOutcome, state: DecisionState, ctx: DecisionContext): Events {
  const outcome = requireOneOf('outcome', c.outcome, SCRUTINY_OUTCOMES);
  const recommendations =
    c.recommendations === undefined ? undefined : requireText('recommendations', c.recommendations);
  const { decision: d, partnership } = load(c, state, ctx);
  const chair = partnership.terms?.keyDecisions?.scrutinyChairPersonId;
  if (chair === undefined)
    throw rule(ErrorCode.ScrutinyChairNotNamed, 'the terms of reference name no scrutiny chair', {});
  if (chair !== c.actor.personId)
    throw forbidden(ErrorCode.NotScrutinyChair, 'only the scrutiny chair records the scrutiny outcome', {
      scrutinyChairPersonId: chair,
    });
  if (d.calledInAt === undefined)
    throw rule(ErrorCode.DecisionNotCalledIn, `decision ${d.decisionId} has not been called in`, {});
  if (d.scrutinyOutcome !== undefined)
    throw rule(ErrorCode.ScrutinyOutcomeAlreadyRecorded, `scrutiny already decided: ${d.scrutinyOutcome}`, {
      outcome: d.scrutinyOutcome,
    });
  if (outcome !== 'no-further-action' && recommendations === undefined)
    throw rule(ErrorCode.ReasonRequired, 'a referral needs the committee’s recommendations', {
      field: 'recommendations',
    });
  happenedAt(c, d.calledInAt);
  return [
    {
      type: 'ScrutinyOutcomeRecorded',
      data: {
        ...ref(d),
        outcome,
        ...(recommendations === undefined ? {} : { recommendations }),
        recordedAt: c.now,
        recordedBy: personRef(c.actor),
      },
    },
  ];
}

/** A board member records the board's confirmation of a decision referred back, once, with reasons. */
function reconsider(c: ReconsiderDecision, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership } = load(c, state, ctx);
  requireBoardMember(c.actor, partnership);
  const reason = requireReason(c.reason, 'a reconsideration');
  if (d.status !== 'approved' || d.scrutinyOutcome !== 'referred-back')
    throw rule(ErrorCode.DecisionNotReferredBack, `decision ${d.decisionId} was not referred back to the board`, {
      status: d.status,
      ...(d.scrutinyOutcome ? { scrutinyOutcome: d.scrutinyOutcome } : {}),
    });
  if (d.reconsideredAt !== undefined)
    throw rule(ErrorCode.DecisionAlreadyReconsidered, `the board reconsidered it at ${d.reconsideredAt}`, {
      reconsideredAt: d.reconsideredAt,
    });
  const at = happenedAt(c, latest([d.calledInAt, d.scrutinyOutcomeAt]));
  return [
    {
      type: 'DecisionReconsidered',
      data: { ...ref(d), outcome: 'confirmed', reason, reconsideredAt: at, reconsideredBy: personRef(c.actor) },
    },
  ];
}

/**
 * An approved decision is put into effect, once. Under council procedure only after its notice,
 * once the call-in period has run, and never while a call-in waits or after scrutiny referred it.
 */
function recordImplementation(c: RecordImplementation, state: DecisionState, ctx: DecisionContext): Events {
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  if (d.status !== 'approved')
    throw rule(ErrorCode.DecisionNotApproved, `decision ${d.decisionId} is ${d.status}`, { status: d.status });
  if (d.implementedAt !== undefined)
    throw rule(ErrorCode.DecisionAlreadyImplemented, `decision ${d.decisionId} was implemented at ${d.implementedAt}`, {
      implementedAt: d.implementedAt,
    });
  // Put into effect after its approval, its notice and any reconsideration; the call-in period is judged on that day.
  const at = happenedAt(c, latest([d.resolvedAt, d.noticePublishedAt, d.reconsideredAt]));
  if (partnership.terms?.keyDecisions !== undefined && d.noticePublishedAt === undefined)
    throw rule(ErrorCode.DecisionNoticeNotPublished, 'publish the decision notice before implementing it', {});
  if (d.calledInAt !== undefined && d.scrutinyOutcome !== 'no-further-action' && d.reconsideredAt === undefined)
    throw rule(
      ErrorCode.DecisionCalledInPending,
      `decision ${d.decisionId} was called in; scrutiny ${d.scrutinyOutcome ? `decided ${d.scrutinyOutcome}` : 'has not decided'}`,
      { calledInAt: d.calledInAt, ...(d.scrutinyOutcome ? { scrutinyOutcome: d.scrutinyOutcome } : {}) },
    );
  if (d.calledInAt === undefined && d.callInUntil !== undefined && londonDate(at) <= d.callInUntil)
    throw rule(ErrorCode.DecisionInCallInPeriod, `it may be called in until the end of ${d.callInUntil}`, {
      callInUntil: d.callInUntil,
    });
  return [{ type: 'DecisionImplemented', data: { ...ref(d), implementedAt: at, recordedBy: personRef(c.actor) } }];
}

function requireTextList(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every(isNonBlankString))
    throw badInput(ErrorCode.InvalidField, `${field} must be a list of non-blank strings`, { field });
  return [...value];
}

// ---- votes recorded at a meeting -----------------------------------------------------------

/**
 * The votes the clerk recorded on this decision's item at a meeting count as the members' own,
 * as of when they were taken (`occurredAt`): the decision was open then, and the resolution they
 * bring about is dated then. A substitute's vote counts for the board member they sat for; the
 * chair's casting vote, where one was given, comes with them. The meeting's own rules (quorate,
 * present, no interest declared there, casting vote allowed) were checked when recorded; the
 * decision's (interests declared on it) apply in the tally as to any vote. A count that would
 * restate what the decision already holds from that meeting is nothing to do (`[]`), whatever
 * the decision's status since: the ledger may send it again after a crash (DESIGN §1 "Meetings").
 */
function countMeetingVotes(c: CountMeetingVotes, state: DecisionState, ctx: DecisionContext): Events {
  const meetingId = requireId('meetingId', c.meetingId);
  const itemId = requireId('itemId', c.itemId);
  const { decision, partnership } = load(c, state, ctx);
  const meeting = ctx.meetings === undefined ? undefined : own(ctx.meetings, meetingId);
  if (!meeting || meeting.status === 'none' || meeting.partnershipId !== decision.partnershipId)
    throw notFound(ErrorCode.MeetingNotFound, `meeting ${meetingId} not found`, { meetingId });
  const item = meeting.agenda.find((i) => i.itemId === itemId && i.decisionId === decision.decisionId);
  if (!item)
    throw notFound(ErrorCode.AgendaItemNotFound, `meeting ${meetingId} has no item ${itemId} on ${c.decisionId}`, {
      itemId,
    });
  const { votes, castingVote } = minutedVotes(meeting, itemId);
  if (alreadyCounted(decision, meetingId, votes, castingVote)) return [];
  if (decision.status !== 'open')
    throw rule(ErrorCode.DecisionNotOpen, `decision ${decision.decisionId} is ${decision.status}`, {
      status: decision.status,
    });
  const at = happenedAt(c, decision.openedAt);
  requireOpenForActs(decision, partnership, at);
  if (votes.length === 0)
    throw rule(ErrorCode.NoVoteToCount, `no votes are recorded on item ${itemId} of meeting ${meetingId}`, { itemId });
  const counted: DecisionEvent = {
    type: 'MeetingVotesCounted',
    data: {
      ...ref(decision),
      meetingId,
      itemId,
      votes,
      ...(castingVote === undefined ? {} : { castingVote }),
      occurredAt: at,
      countedBy: personRef(c.actor),
    },
  };
  return thenResolve(decision, partnership, [counted], at);
}

/** The item's votes as the meeting's record stands (corrections followed), each for the board member it counts for. */
function minutedVotes(meeting: MeetingState, itemId: string): { votes: MeetingVote[]; castingVote?: CastingVote } {
  const votes = Object.entries(own(meeting.votes, itemId) ?? {}).map(([voter, stance]) => {
    const attendance = own(meeting.attendance, voter);
    const personId = attendance?.substituteFor ?? voter;
    return {
      personId,
      orgId: attendance?.party ?? '',
      stance,
      ...(personId === voter ? {} : { votedBy: voter }),
    };
  });
  const casting = own(meeting.castingVotes, itemId);
  if (casting === undefined || casting.stance === 'abstain') return { votes };
  const orgId = own(meeting.attendance, casting.personId)?.party ?? '';
  return { votes, castingVote: { personId: casting.personId, orgId, stance: casting.stance } };
}

function alreadyCounted(
  decision: DecisionState,
  meetingId: string,
  votes: readonly MeetingVote[],
  castingVote: CastingVote | undefined,
): boolean {
  const held = decision.castingVote;
  const sameCasting =
    castingVote === undefined
      ? held?.meetingId !== meetingId
      : held?.meetingId === meetingId && held.personId === castingVote.personId && held.stance === castingVote.stance;
  return (
    votes.length > 0 &&
    sameCasting &&
    votes.every((v) => {
      const current = own(decision.votes, v.personId);
      return current?.meetingId === meetingId && current.stance === v.stance;
    })
  );
}

// ---- exempt information (Schedule 12A) -------------------------------------------------------

/**
 * The drafter or a board member withholds a part of the decision, at any stage: an outcome's
 * exempt part comes after the resolution. The salt is committed to here, never checked for
 * randomness: the application draws it.
 */
function recordExemptItem(c: RecordExemptItem, state: DecisionState, ctx: DecisionContext): Events {
  const itemId = requireId('itemId', c.itemId);
  const part = requireOneOf('part', c.part, EXEMPT_PARTS);
  if (!(SCHEDULE_12A_PARAGRAPHS as readonly unknown[]).includes(c.paragraph))
    throw badInput(ErrorCode.InvalidField, 'paragraph must be a Schedule 12A paragraph, 1 to 7', {
      field: 'paragraph',
    });
  const paragraph = c.paragraph as (typeof SCHEDULE_12A_PARAGRAPHS)[number];
  const publicInterestReason = requireText('publicInterestReason', c.publicInterestReason);
  const value = requireText('value', c.value);
  const salt = requireSalt(c.salt);
  const { decision: d, partnership } = load(c, state, ctx);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  if (own(d.exemptItems, itemId))
    throw rule(ErrorCode.ExemptItemAlreadyExists, `exempt item ${itemId} already exists`, { itemId });
  return [
    {
      type: 'ExemptItemRecorded',
      data: {
        ...ref(d),
        itemId,
        part,
        paragraph,
        publicInterestReason,
        commitment: exemptCommitment(salt, value),
        value,
        salt,
        recordedBy: personRef(c.actor),
      },
    },
  ];
}

/** The drafter or a board member ends an exemption with the value and salt its commitment was made from. */
function declassifyExemptItem(c: DeclassifyExemptItem, state: DecisionState, ctx: DecisionContext): Events {
  const itemId = requireId('itemId', c.itemId);
  const { decision: d, partnership } = load(c, state, ctx);
  const item = own(d.exemptItems, itemId);
  if (!item) throw notFound(ErrorCode.ExemptItemNotFound, `exempt item ${itemId} not found`, { itemId });
  // The value and salt are the ones the log sealed (the API opens them), so they are checked
  // once the item is known to exist.
  const value = requireText('value', c.value);
  const salt = requireSalt(c.salt);
  requireDrafterOrBoardMember(c.actor, d, partnership);
  const reason = requireReason(c.reason, 'a declassification');
  if (item.declassifiedAt !== undefined)
    throw rule(ErrorCode.ExemptItemDeclassified, `exempt item ${itemId} was declassified at ${item.declassifiedAt}`, {
      itemId,
      declassifiedAt: item.declassifiedAt,
    });
  if (!opensCommitment(item.commitment, salt, value))
    throw rule(
      ErrorCode.ExemptValueMismatch,
      `the value and salt given are not those exempt item ${itemId} committed to`,
      {
        itemId,
        commitment: item.commitment,
      },
    );
  return [
    {
      type: 'ExemptItemDeclassified',
      data: {
        ...ref(d),
        itemId,
        commitment: item.commitment,
        value,
        salt,
        reason,
        declassifiedAt: c.now,
        declassifiedBy: personRef(c.actor),
      },
    },
  ];
}

function requireSalt(salt: unknown): string {
  if (salt === undefined) throw badInput(ErrorCode.FieldRequired, 'salt is required', { field: 'salt' });
  if (!isExemptSalt(salt))
    throw badInput(ErrorCode.InvalidField, 'salt must be 32 bytes in base64url without padding', { field: 'salt' });
  return salt;
}
