import { isMember } from '../organisation/organisation.state';
import { personRef } from '../shared/actor';
import { badInput, ErrorCode, forbidden, notFound, rule } from '../shared/errors';
import { own } from '../shared/records';
import { happenedAt, requireOccurredAtShape } from '../shared/occurred-at';
import { latest, requireCalendarDate, requireInstant } from '../shared/time';
import {
  requireBoolean,
  requireId,
  requireInteger,
  requireOneOf,
  requirePence,
  requireSha256Hex,
  requireText,
} from '../shared/validation';
import {
  APPROVAL_RULES,
  DECISION_CATEGORIES,
  RAG_STATUSES,
  RISK_SCORE_MAX,
  RISK_SCORE_MIN,
} from '../shared/vocabulary';
import type {
  AgreeTermsOfReference,
  AppointBoardMember,
  AssignMitigation,
  CloseRisk,
  DissolvePartnership,
  JoinPartnership,
  PartnershipCommand,
  ProposePartnership,
  RaiseRisk,
  ReportProgress,
  ResumePartnership,
  ReviseObjective,
  SetObjective,
  StandDownBoardMember,
  SuspendPartnership,
} from './partnership.commands';
import type { PartnershipContext } from './partnership.context';
import type { KeyDecisionRules, PartnershipEvent } from './partnership.events';
import {
  authorityRef,
  isBoardMember,
  requireBoardMember,
  requireGovernanceAuthority,
  requirePartnershipExists,
  requirePartyMember,
  requireStatus,
} from './partnership-rules';
import type { PartnershipState } from './partnership.state';

type Events = PartnershipEvent[];

/**
 * decide(command, state, context) → events. Pure: no clock, no I/O; throws an AppError when the
 * command may not happen. Check order: input shape (400), existence (404), who may act (403),
 * then the partnership's rules (422).
 */
export function decidePartnership(
  command: PartnershipCommand,
  state: PartnershipState,
  context: PartnershipContext,
): Events {
  requireInstant('now', command.now);
  requireId('partnershipId', command.partnershipId);
  requireOccurredAtShape(command);
  switch (command.type) {
    case 'ProposePartnership':
      return propose(command, state, context);
    case 'JoinPartnership':
      return join(command, state, context);
    case 'AgreeTermsOfReference':
      return agreeTerms(command, state, context);
    case 'AppointBoardMember':
      return appoint(command, state, context);
    case 'StandDownBoardMember':
      return standDown(command, state, context);
    case 'SetObjective':
      return setObjective(command, state, context);
    case 'ReviseObjective':
      return reviseObjective(command, state, context);
    case 'ReportProgress':
      return reportProgress(command, state, context);
    case 'RaiseRisk':
      return raiseRisk(command, state, context);
    case 'AssignMitigation':
      return assignMitigation(command, state, context);
    case 'CloseRisk':
      return closeRisk(command, state, context);
    case 'SuspendPartnership':
      return suspend(command, state, context);
    case 'ResumePartnership':
      return resume(command, state, context);
    case 'DissolvePartnership':
      return dissolve(command, state, context);
  }
}

function propose(c: ProposePartnership, state: PartnershipState, ctx: PartnershipContext): Events {
  const title = requireText('title', c.title);
  const purpose = requireText('purpose', c.purpose);
  if (!Array.isArray(c.parties))
    throw rule(ErrorCode.PartnershipNeedsTwoParties, 'parties must list the organisations', { field: 'parties' });
  const parties = c.parties.map((p) => requireId('parties', p));
  if (new Set(parties).size !== parties.length)
    throw rule(ErrorCode.DuplicateParty, 'a party is listed more than once', { parties });
  if (parties.length < 2)
    throw rule(ErrorCode.PartnershipNeedsTwoParties, 'a partnership needs two or more parties', { parties });
  // The proposer acts for their own organisation, which must be one of the parties.
  if (!parties.includes(c.actor.orgId)) {
    throw forbidden(ErrorCode.NotAParty, `the proposer's organisation ${c.actor.orgId} must be one of the parties`, {
      orgId: c.actor.orgId,
    });
  }
  if (!isMember(own(ctx.organisations, c.actor.orgId), c.actor.personId)) {
    throw forbidden(ErrorCode.NotAMember, `${c.actor.personId} is not a member of ${c.actor.orgId}`, {
      personId: c.actor.personId,
    });
  }
  if (state.status !== 'none')
    throw rule(ErrorCode.PartnershipAlreadyExists, `partnership ${c.partnershipId} already exists`);
  const unregistered = parties.filter((p) => !own(ctx.organisations, p)?.registered);
  if (unregistered.length > 0)
    throw rule(ErrorCode.PartyNotRegistered, `not registered: ${unregistered.join(', ')}`, { parties: unregistered });
  happenedAt(c, latest(parties.map((p) => own(ctx.organisations, p)?.registeredAt)));
  return [
    {
      type: 'PartnershipProposed',
      data: { partnershipId: c.partnershipId, title, purpose, parties, proposedBy: personRef(c.actor) },
    },
  ];
}

/** The actor's own organisation joins; the last party to join activates the partnership. */
function join(c: JoinPartnership, s: PartnershipState, ctx: PartnershipContext): Events {
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const at = happenedAt(c, state.proposedAt);
  const authority = requireGovernanceAuthority(c.actor, organisation, at);
  requireStatus(state, ['proposed'], ErrorCode.PartnershipNotProposed);
  if (state.joined.includes(c.actor.orgId))
    throw rule(ErrorCode.PartyAlreadyJoined, `${c.actor.orgId} has already joined`, { party: c.actor.orgId });
  const events: Events = [
    {
      type: 'PartyJoined',
      data: {
        partnershipId: state.partnershipId,
        party: c.actor.orgId,
        joinedBy: personRef(c.actor),
        authority: authorityRef(authority),
        ...(state.terms === undefined ? {} : { termsVersion: state.terms.version }),
        joinedAt: at,
      },
    },
  ];
  const joined = [...state.joined, c.actor.orgId];
  if (state.parties.every((p) => joined.includes(p))) {
    events.push({
      type: 'PartnershipActivated',
      data: { partnershipId: state.partnershipId, parties: [...state.parties], activatedAt: at },
    });
  }
  return events;
}

/**
 * Terms of reference bind every party, so: before any party has joined, a party's authorised
 * member records them and each party accepts them by joining (PartyJoined names the version);
 * once parties have started joining they are fixed until activation; after activation a new
 * version needs an approved governance decision of this partnership adopting it.
 */
/** Bounds that keep a call-in period and its quorum within what any constitution sets. */
const CALL_IN_MAX_WORKING_DAYS = 20;
const CALL_IN_MAX_MEMBERS = 20;

function keyDecisionRules(given: KeyDecisionRules): KeyDecisionRules {
  if (
    typeof given !== 'object' ||
    given === null ||
    (given.thresholdPence === undefined && given.categories === undefined)
  )
    throw badInput(ErrorCode.InvalidField, 'keyDecisions needs thresholdPence, categories or both', {
      field: 'keyDecisions',
    });
  const categories = given.categories;
  if (categories !== undefined && (!Array.isArray(categories) || categories.length === 0))
    throw badInput(ErrorCode.InvalidField, 'keyDecisions.categories must list at least one category', {
      field: 'keyDecisions.categories',
    });
  return {
    ...(given.thresholdPence === undefined
      ? {}
      : { thresholdPence: requirePence('keyDecisions.thresholdPence', given.thresholdPence) }),
    ...(categories === undefined
      ? {}
      : {
          categories: [
            ...new Set(categories.map((c) => requireOneOf('keyDecisions.categories', c, DECISION_CATEGORIES))),
          ],
        }),
    ...(given.scrutinyChairPersonId === undefined
      ? {}
      : { scrutinyChairPersonId: requireId('keyDecisions.scrutinyChairPersonId', given.scrutinyChairPersonId) }),
    ...(given.callInClearWorkingDays === undefined
      ? {}
      : {
          callInClearWorkingDays: requireInteger(
            'keyDecisions.callInClearWorkingDays',
            given.callInClearWorkingDays,
            0,
            CALL_IN_MAX_WORKING_DAYS,
          ),
        }),
    ...(given.callInMembers === undefined
      ? {}
      : { callInMembers: requireInteger('keyDecisions.callInMembers', given.callInMembers, 1, CALL_IN_MAX_MEMBERS) }),
  };
}

/** Ten years: longer is no retention rule at all. */
const MAX_RETENTION_DAYS = 3650;

function agreeTerms(c: AgreeTermsOfReference, s: PartnershipState, ctx: PartnershipContext): Events {
  const version = requireInteger('version', c.version, 1);
  const approvalRule = requireOneOf('approvalRule', c.approvalRule, APPROVAL_RULES);
  const quorum = requireInteger('quorum', c.quorum, 1);
  const textSha256 = requireSha256Hex('textSha256', c.textSha256);
  const meetingRules = {
    ...(c.noticeClearWorkingDays === undefined
      ? {}
      : { noticeClearWorkingDays: requireInteger('noticeClearWorkingDays', c.noticeClearWorkingDays, 0, 60) }),
    ...(c.substitutesAllowed === undefined
      ? {}
      : { substitutesAllowed: requireBoolean('substitutesAllowed', c.substitutesAllowed) }),
    ...(c.chairCastingVote === undefined
      ? {}
      : { chairCastingVote: requireBoolean('chairCastingVote', c.chairCastingVote) }),
    ...(c.keyDecisions === undefined ? {} : { keyDecisions: keyDecisionRules(c.keyDecisions) }),
    ...(c.interestsRetentionDays === undefined
      ? {}
      : {
          interestsRetentionDays: requireInteger(
            'interestsRetentionDays',
            c.interestsRetentionDays,
            0,
            MAX_RETENTION_DAYS,
          ),
        }),
  };
  const authorisedBy =
    c.authorisedByDecisionId === undefined ? undefined : requireId('authorisedByDecisionId', c.authorisedByDecisionId);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const authority = requireGovernanceAuthority(c.actor, organisation, happenedAt(c, state.proposedAt));
  requireStatus(state, ['proposed', 'active']);
  if (state.terms && version <= state.terms.version) {
    throw rule(ErrorCode.TermsVersionNotNewer, `version ${version} is not newer than ${state.terms.version}`, {
      current: state.terms.version,
      version,
    });
  }
  if (state.status === 'proposed' && state.joined.length > 0) {
    throw rule(
      ErrorCode.TermsAlreadyAcceptedByAParty,
      'parties have begun joining on the current terms; they are fixed until activation',
      { joined: [...state.joined] },
    );
  }
  if (state.status === 'active' && authorisedBy === undefined) {
    throw rule(
      ErrorCode.AuthorisingDecisionRequired,
      'an active partnership changes its terms only by an approved governance decision',
    );
  }
  if (authorisedBy !== undefined) {
    const d = own(ctx.decisions, authorisedBy);
    if (!d || d.partnershipId !== state.partnershipId || d.status !== 'approved' || d.category !== 'governance') {
      throw rule(
        ErrorCode.AuthorisingDecisionInvalid,
        `decision ${authorisedBy} is not an approved governance decision of this partnership`,
        {
          authorisedByDecisionId: authorisedBy,
        },
      );
    }
  }
  return [
    {
      type: 'TermsOfReferenceAgreed',
      data: {
        partnershipId: state.partnershipId,
        version,
        approvalRule,
        quorum,
        textSha256,
        agreedBy: personRef(c.actor),
        authority: authorityRef(authority),
        ...(authorisedBy === undefined ? {} : { authorisedByDecisionId: authorisedBy }),
        ...meetingRules,
      },
    },
  ];
}

/** A party appoints its own representatives: the appointee is a member of the actor's organisation. */
function appoint(c: AppointBoardMember, s: PartnershipState, ctx: PartnershipContext): Events {
  const personId = requireId('personId', c.personId);
  const boardRole = c.boardRole === undefined ? undefined : requireText('boardRole', c.boardRole);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  requireGovernanceAuthority(c.actor, organisation, happenedAt(c, state.proposedAt));
  requireStatus(state, ['proposed', 'active', 'suspended']);
  if (!isMember(organisation, personId)) {
    throw rule(ErrorCode.AppointeeNotAMember, `${personId} is not a member of ${c.actor.orgId}`, {
      personId,
      orgId: c.actor.orgId,
    });
  }
  if (own(state.board, personId))
    throw rule(ErrorCode.BoardMemberAlreadyAppointed, `${personId} is already on the board`, { personId });
  return [
    {
      type: 'BoardMemberAppointed',
      data: {
        partnershipId: state.partnershipId,
        personId,
        party: c.actor.orgId,
        ...(boardRole === undefined ? {} : { boardRole }),
        appointedBy: personRef(c.actor),
      },
    },
  ];
}

/** A board member stands down themselves, or their own organisation's authorised member stands them down. */
function standDown(c: StandDownBoardMember, s: PartnershipState, ctx: PartnershipContext): Events {
  const personId = requireId('personId', c.personId);
  const reason = c.reason === undefined ? undefined : requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const seat = own(state.board, personId);
  if (!seat) throw notFound(ErrorCode.BoardMemberNotFound, `${personId} is not on the board`, { personId });
  if (seat.party !== c.actor.orgId) {
    throw forbidden(
      ErrorCode.NotOwnOrganisation,
      `${personId} represents ${seat.party}; only that organisation stands them down`,
      { party: seat.party },
    );
  }
  if (personId !== c.actor.personId) requireGovernanceAuthority(c.actor, organisation, c.now);
  requireStatus(state, ['proposed', 'active', 'suspended']);
  return [
    {
      type: 'BoardMemberStoodDown',
      data: {
        partnershipId: state.partnershipId,
        personId,
        party: seat.party,
        ...(reason === undefined ? {} : { reason }),
        stoodDownBy: personRef(c.actor),
      },
    },
  ];
}

/** The board sets and revises objectives. */
function setObjective(c: SetObjective, s: PartnershipState, ctx: PartnershipContext): Events {
  const objectiveId = requireId('objectiveId', c.objectiveId);
  const title = requireText('title', c.title);
  const description = requireText('description', c.description);
  const targetDate = c.targetDate === undefined ? undefined : requireCalendarDate('targetDate', c.targetDate);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  requireBoardMember(c.actor, state);
  requireStatus(state, ['active', 'suspended']);
  if (own(state.objectives, objectiveId))
    throw rule(ErrorCode.ObjectiveAlreadyExists, `objective ${objectiveId} already exists`, { objectiveId });
  happenedAt(c, state.proposedAt);
  return [
    {
      type: 'ObjectiveSet',
      data: {
        partnershipId: state.partnershipId,
        objectiveId,
        title,
        description,
        ...(targetDate === undefined ? {} : { targetDate }),
        setBy: personRef(c.actor),
      },
    },
  ];
}

function reviseObjective(c: ReviseObjective, s: PartnershipState, ctx: PartnershipContext): Events {
  const objectiveId = requireId('objectiveId', c.objectiveId);
  const title = c.title === undefined ? undefined : requireText('title', c.title);
  const description = c.description === undefined ? undefined : requireText('description', c.description);
  const targetDate = c.targetDate === undefined ? undefined : requireCalendarDate('targetDate', c.targetDate);
  const reason = requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  const objective = own(state.objectives, objectiveId);
  if (!objective) throw notFound(ErrorCode.ObjectiveNotFound, `objective ${objectiveId} not found`, { objectiveId });
  requireBoardMember(c.actor, state);
  requireStatus(state, ['active', 'suspended']);
  const changes = {
    ...(title !== undefined && title !== objective.title ? { title } : {}),
    ...(description !== undefined && description !== objective.description ? { description } : {}),
    ...(targetDate !== undefined && targetDate !== objective.targetDate ? { targetDate } : {}),
  };
  if (Object.keys(changes).length === 0)
    throw rule(ErrorCode.RevisionEmpty, 'the revision changes nothing', { objectiveId });
  happenedAt(c, objective.setAt ?? state.proposedAt);
  return [
    {
      type: 'ObjectiveRevised',
      data: { partnershipId: state.partnershipId, objectiveId, ...changes, reason, revisedBy: personRef(c.actor) },
    },
  ];
}

/** Any member of a party reports progress (officers do the work the board oversees). */
function reportProgress(c: ReportProgress, s: PartnershipState, ctx: PartnershipContext): Events {
  const objectiveId = requireId('objectiveId', c.objectiveId);
  const percentComplete = requireInteger('percentComplete', c.percentComplete, 0, 100);
  const rag = requireOneOf('rag', c.rag, RAG_STATUSES);
  const summary = requireText('summary', c.summary);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  const objective = own(state.objectives, objectiveId);
  if (!objective) throw notFound(ErrorCode.ObjectiveNotFound, `objective ${objectiveId} not found`, { objectiveId });
  requireStatus(state, ['active', 'suspended']);
  happenedAt(c, objective.setAt ?? state.proposedAt);
  return [
    {
      type: 'ProgressReported',
      data: {
        partnershipId: state.partnershipId,
        objectiveId,
        percentComplete,
        rag,
        summary,
        reportedBy: personRef(c.actor),
      },
    },
  ];
}

function requireParty(state: PartnershipState, party: string): void {
  if (!state.parties.includes(party))
    throw rule(ErrorCode.PartyNotInPartnership, `${party} is not a party to this partnership`, { party });
}

/** Any member of a party raises a risk; its owner must be a party. */
function raiseRisk(c: RaiseRisk, s: PartnershipState, ctx: PartnershipContext): Events {
  const riskId = requireId('riskId', c.riskId);
  const title = requireText('title', c.title);
  const description = requireText('description', c.description);
  const ownerParty = requireId('ownerParty', c.ownerParty);
  const likelihood = requireInteger('likelihood', c.likelihood, RISK_SCORE_MIN, RISK_SCORE_MAX);
  const impact = requireInteger('impact', c.impact, RISK_SCORE_MIN, RISK_SCORE_MAX);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  requireStatus(state, ['active', 'suspended']);
  if (own(state.risks, riskId)) throw rule(ErrorCode.RiskAlreadyExists, `risk ${riskId} already exists`, { riskId });
  requireParty(state, ownerParty);
  happenedAt(c, state.proposedAt);
  return [
    {
      type: 'RiskRaised',
      data: {
        partnershipId: state.partnershipId,
        riskId,
        title,
        description,
        ownerParty,
        likelihood,
        impact,
        raisedBy: personRef(c.actor),
      },
    },
  ];
}

/** The risk's owner party (any of its members) or a board member manages an open risk, not before it was raised. */
function requireOpenRiskManager(c: AssignMitigation | CloseRisk, state: PartnershipState, riskId: string) {
  const risk = own(state.risks, riskId);
  if (!risk) throw notFound(ErrorCode.RiskNotFound, `risk ${riskId} not found`, { riskId });
  if (risk.ownerParty !== c.actor.orgId && !isBoardMember(c.actor, state)) {
    throw forbidden(
      ErrorCode.NotRiskOwnerOrBoardMember,
      `only ${risk.ownerParty} (the risk owner) or a board member may do this`,
      { riskId },
    );
  }
  requireStatus(state, ['active', 'suspended']);
  if (risk.closed) throw rule(ErrorCode.RiskClosed, `risk ${riskId} is closed`, { riskId });
  happenedAt(c, risk.raisedAt ?? state.proposedAt);
  return risk;
}

function assignMitigation(c: AssignMitigation, s: PartnershipState, ctx: PartnershipContext): Events {
  const riskId = requireId('riskId', c.riskId);
  const party = requireId('party', c.party);
  const action = requireText('action', c.action);
  const dueDate = c.dueDate === undefined ? undefined : requireCalendarDate('dueDate', c.dueDate);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  requireOpenRiskManager(c, state, riskId);
  requireParty(state, party);
  return [
    {
      type: 'MitigationAssigned',
      data: {
        partnershipId: state.partnershipId,
        riskId,
        party,
        action,
        ...(dueDate === undefined ? {} : { dueDate }),
        assignedBy: personRef(c.actor),
      },
    },
  ];
}

function closeRisk(c: CloseRisk, s: PartnershipState, ctx: PartnershipContext): Events {
  const riskId = requireId('riskId', c.riskId);
  const reason = requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  requirePartyMember(c.actor, state, ctx.organisations);
  requireOpenRiskManager(c, state, riskId);
  return [
    { type: 'RiskClosed', data: { partnershipId: state.partnershipId, riskId, reason, closedBy: personRef(c.actor) } },
  ];
}

/** Any party may suspend (a unilateral right in most partnership agreements), giving a reason. */
function suspend(c: SuspendPartnership, s: PartnershipState, ctx: PartnershipContext): Events {
  const reason = requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const authority = requireGovernanceAuthority(c.actor, organisation, c.now);
  requireStatus(state, ['active']);
  return [
    {
      type: 'PartnershipSuspended',
      data: {
        partnershipId: state.partnershipId,
        reason,
        suspendedBy: personRef(c.actor),
        authority: authorityRef(authority),
      },
    },
  ];
}

/** Only the party that suspended lifts the suspension (another party cannot override it). */
function resume(c: ResumePartnership, s: PartnershipState, ctx: PartnershipContext): Events {
  const reason = c.reason === undefined ? undefined : requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const authority = requireGovernanceAuthority(c.actor, organisation, c.now);
  requireStatus(state, ['suspended'], ErrorCode.PartnershipNotSuspended);
  if (state.suspendedByParty !== undefined && state.suspendedByParty !== c.actor.orgId) {
    throw forbidden(
      ErrorCode.ResumeBySuspendingPartyOnly,
      `only ${state.suspendedByParty}, which suspended the partnership, may resume it`,
      {
        suspendedByParty: state.suspendedByParty,
      },
    );
  }
  return [
    {
      type: 'PartnershipResumed',
      data: {
        partnershipId: state.partnershipId,
        ...(reason === undefined ? {} : { reason }),
        resumedBy: personRef(c.actor),
        authority: authorityRef(authority),
      },
    },
  ];
}

/** Any party may end the partnership (withdrawal of a party ends the joint arrangement). */
function dissolve(c: DissolvePartnership, s: PartnershipState, ctx: PartnershipContext): Events {
  const reason = requireText('reason', c.reason);
  const state = requirePartnershipExists(s, c.partnershipId);
  const organisation = requirePartyMember(c.actor, state, ctx.organisations);
  const authority = requireGovernanceAuthority(c.actor, organisation, c.now);
  requireStatus(state, ['proposed', 'active', 'suspended']);
  return [
    {
      type: 'PartnershipDissolved',
      data: {
        partnershipId: state.partnershipId,
        reason,
        dissolvedBy: personRef(c.actor),
        authority: authorityRef(authority),
      },
    },
  ];
}
