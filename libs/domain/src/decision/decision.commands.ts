import type { CommandBase } from '../shared/command';
import type { RecordsThePast } from '../shared/occurred-at';
import type { ExemptPart } from '../shared/exempt';
import type { DecisionCategory, VoteStance } from '../shared/vocabulary';
import type { ScrutinyOutcome } from './decision.events';

interface DecisionCommandBase<T extends string> extends CommandBase<T> {
  readonly decisionId: string;
}

// The commands that record an act of the decision's history take `occurredAt` (RecordsThePast):
// time-dependent rules (closing time, authority, interests) are checked at it, not at `now`.

export interface DraftDecision extends DecisionCommandBase<'DraftDecision'>, RecordsThePast {
  readonly partnershipId: string;
  readonly title: string;
  readonly motion: string;
  readonly category: DecisionCategory;
  readonly valuePence?: number;
}

/** Only the fields to change; `valuePence: null` clears the value. */
export interface AmendDecision extends DecisionCommandBase<'AmendDecision'> {
  readonly title?: string;
  readonly motion?: string;
  readonly category?: DecisionCategory;
  readonly valuePence?: number | null;
}

export interface OpenDecision extends DecisionCommandBase<'OpenDecision'>, RecordsThePast {
  readonly closesAt: string;
}

/** The actor declares their own interest. */
export interface DeclareInterest extends DecisionCommandBase<'DeclareInterest'>, RecordsThePast {
  readonly nature: string;
}

export interface GrantDispensation extends DecisionCommandBase<'GrantDispensation'>, RecordsThePast {
  /** The member with the declared interest. */
  readonly personId: string;
  readonly reason: string;
}

export interface CastVote extends DecisionCommandBase<'CastVote'>, RecordsThePast {
  readonly stance: VoteStance;
  readonly reason: string;
}

export interface ChangeVote extends DecisionCommandBase<'ChangeVote'>, RecordsThePast {
  readonly stance: VoteStance;
  readonly reason: string;
}

/** The actor signs off for their own organisation. */
export type SignOff = DecisionCommandBase<'SignOff'> & RecordsThePast;

/** Withdraws the actor's organisation's sign-off. */
export interface WithdrawSignOff extends DecisionCommandBase<'WithdrawSignOff'>, RecordsThePast {
  readonly reason: string;
}

/** The actor, with authority, refuses on behalf of their organisation: under all-parties-sign-off this rejects. */
export interface RefuseSignOff extends DecisionCommandBase<'RefuseSignOff'>, RecordsThePast {
  readonly reason: string;
}

export interface WithdrawDecision extends DecisionCommandBase<'WithdrawDecision'>, RecordsThePast {
  readonly reason: string;
}

export interface RecordOutcome extends DecisionCommandBase<'RecordOutcome'>, RecordsThePast {
  readonly statement: string;
  readonly reasons: readonly string[];
  readonly alternativesRejected: readonly string[];
}

export interface RescindDecision extends DecisionCommandBase<'RescindDecision'>, RecordsThePast {
  readonly reason: string;
  /** The approved decision of the same partnership that rescinds this one. */
  readonly authorisedByDecisionId: string;
}

export interface SupersedeDecision extends DecisionCommandBase<'SupersedeDecision'>, RecordsThePast {
  /** The decision taking this one's place. */
  readonly by: string;
  readonly reason: string;
}

export interface CorrectRecord extends DecisionCommandBase<'CorrectRecord'> {
  readonly correctsEventId: string;
  readonly corrections: Readonly<Record<string, unknown>>;
  readonly reason: string;
}

/** Puts a draft decision on the forward plan (reg 9). */
export interface PublishForwardPlanEntry extends DecisionCommandBase<'PublishForwardPlanEntry'>, RecordsThePast {
  readonly decisionMaker: string;
  /** London date (YYYY-MM-DD), not already past. */
  readonly expectedDate: string;
  readonly documents?: readonly string[];
}

/** General exception (reg 10): the notice to the scrutiny chair was given at scrutinyChairNotifiedAt. */
export interface RecordGeneralException extends DecisionCommandBase<'RecordGeneralException'>, RecordsThePast {
  readonly reason: string;
  readonly scrutinyChairNotifiedAt?: string;
}

/** Special urgency (reg 11): the scrutiny chair, in person, agrees. */
export interface AgreeSpecialUrgency extends DecisionCommandBase<'AgreeSpecialUrgency'>, RecordsThePast {
  readonly reason: string;
}

/** Publishes the notice of an approved or rejected decision, from its recorded outcome. */
export type PublishDecisionNotice = DecisionCommandBase<'PublishDecisionNotice'> & RecordsThePast;

/** A scrutiny member asks, with reasons, that an approved decision be called in. */
export interface CallInDecision extends DecisionCommandBase<'CallInDecision'>, RecordsThePast {
  readonly reason: string;
}

/** Ends a call-in period that ran out with no call-in: the closing-time scheduler's alone (SCHEDULER_ACTOR). */
export type CloseCallInPeriod = DecisionCommandBase<'CloseCallInPeriod'>;

/** The scrutiny committee's outcome on a called-in decision, recorded by its chair. */
export interface RecordScrutinyOutcome extends DecisionCommandBase<'RecordScrutinyOutcome'>, RecordsThePast {
  readonly outcome: ScrutinyOutcome;
  readonly recommendations?: string;
}

/** The board confirms, with reasons, a decision scrutiny referred back to it. */
export interface ReconsiderDecision extends DecisionCommandBase<'ReconsiderDecision'>, RecordsThePast {
  readonly reason: string;
}

/** Records that an approved decision has been put into effect. */
export type RecordImplementation = DecisionCommandBase<'RecordImplementation'> & RecordsThePast;

/**
 * Counts the votes a clerk recorded on the decision's item at a meeting (`VoteRecorded` in the
 * meeting's stream) as the members' own votes. Sent by the ledger right after RecordVotes; safe
 * to repeat (the count restates the item's votes as the meeting record now has them).
 */
export interface CountMeetingVotes extends DecisionCommandBase<'CountMeetingVotes'>, RecordsThePast {
  readonly meetingId: string;
  readonly itemId: string;
}

/**
 * Withholds a part of the decision under Schedule 12A. `salt` is 32 random bytes (base64url) the
 * application draws; the domain only commits to it.
 */
export interface RecordExemptItem extends DecisionCommandBase<'RecordExemptItem'> {
  readonly itemId: string;
  readonly part: ExemptPart;
  readonly paragraph: number;
  readonly publicInterestReason: string;
  readonly value: string;
  readonly salt: string;
}

/** Ends an exemption, publishing the value and salt that must open the item's commitment. */
export interface DeclassifyExemptItem extends DecisionCommandBase<'DeclassifyExemptItem'> {
  readonly itemId: string;
  readonly value: string;
  readonly salt: string;
  readonly reason: string;
}

export type DecisionCommand =
  | DraftDecision
  | AmendDecision
  | OpenDecision
  | DeclareInterest
  | GrantDispensation
  | CastVote
  | ChangeVote
  | SignOff
  | WithdrawSignOff
  | RefuseSignOff
  | WithdrawDecision
  | RecordOutcome
  | RescindDecision
  | SupersedeDecision
  | CorrectRecord
  | PublishForwardPlanEntry
  | RecordGeneralException
  | AgreeSpecialUrgency
  | PublishDecisionNotice
  | CountMeetingVotes
  | CallInDecision
  | CloseCallInPeriod
  | RecordScrutinyOutcome
  | RecordImplementation
  | ReconsiderDecision
  | RecordExemptItem
  | DeclassifyExemptItem;
export type DecisionCommandType = DecisionCommand['type'];
