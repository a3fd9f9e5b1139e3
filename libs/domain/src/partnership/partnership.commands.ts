import type { CommandBase } from '../shared/command';
import type { RecordsThePast } from '../shared/occurred-at';
import type { ApprovalRule, RagStatus } from '../shared/vocabulary';
import type { KeyDecisionRules } from './partnership.events';

interface PartnershipCommandBase<T extends string> extends CommandBase<T> {
  readonly partnershipId: string;
}

export interface ProposePartnership extends PartnershipCommandBase<'ProposePartnership'>, RecordsThePast {
  readonly title: string;
  readonly purpose: string;
  readonly parties: readonly string[];
}

/** The actor's own organisation joins (the actor must hold governance authority). */
export type JoinPartnership = PartnershipCommandBase<'JoinPartnership'> & RecordsThePast;

export interface AgreeTermsOfReference extends PartnershipCommandBase<'AgreeTermsOfReference'>, RecordsThePast {
  readonly version: number;
  readonly approvalRule: ApprovalRule;
  readonly quorum: number;
  readonly textSha256: string;
  /** Required once the partnership is active: the approved governance decision adopting these terms. */
  readonly authorisedByDecisionId?: string;
  readonly noticeClearWorkingDays?: number;
  readonly substitutesAllowed?: boolean;
  readonly chairCastingVote?: boolean;
  readonly keyDecisions?: KeyDecisionRules;
  readonly interestsRetentionDays?: number;
}

/** Appoints a member of the actor's own organisation to the board. */
export interface AppointBoardMember extends PartnershipCommandBase<'AppointBoardMember'>, RecordsThePast {
  readonly personId: string;
  readonly boardRole?: string;
}

export interface StandDownBoardMember extends PartnershipCommandBase<'StandDownBoardMember'> {
  readonly personId: string;
  readonly reason?: string;
}

export interface SetObjective extends PartnershipCommandBase<'SetObjective'>, RecordsThePast {
  readonly objectiveId: string;
  readonly title: string;
  readonly description: string;
  readonly targetDate?: string;
}

export interface ReviseObjective extends PartnershipCommandBase<'ReviseObjective'>, RecordsThePast {
  readonly objectiveId: string;
  readonly title?: string;
  readonly description?: string;
  readonly targetDate?: string;
  readonly reason: string;
}

export interface ReportProgress extends PartnershipCommandBase<'ReportProgress'>, RecordsThePast {
  readonly objectiveId: string;
  readonly percentComplete: number;
  readonly rag: RagStatus;
  readonly summary: string;
}

export interface RaiseRisk extends PartnershipCommandBase<'RaiseRisk'>, RecordsThePast {
  readonly riskId: string;
  readonly title: string;
  readonly description: string;
  readonly ownerParty: string;
  readonly likelihood: number;
  readonly impact: number;
}

export interface AssignMitigation extends PartnershipCommandBase<'AssignMitigation'>, RecordsThePast {
  readonly riskId: string;
  readonly party: string;
  readonly action: string;
  readonly dueDate?: string;
}

export interface CloseRisk extends PartnershipCommandBase<'CloseRisk'>, RecordsThePast {
  readonly riskId: string;
  readonly reason: string;
}

export interface SuspendPartnership extends PartnershipCommandBase<'SuspendPartnership'> {
  readonly reason: string;
}

export interface ResumePartnership extends PartnershipCommandBase<'ResumePartnership'> {
  readonly reason?: string;
}

export interface DissolvePartnership extends PartnershipCommandBase<'DissolvePartnership'> {
  readonly reason: string;
}

export type PartnershipCommand =
  | ProposePartnership
  | JoinPartnership
  | AgreeTermsOfReference
  | AppointBoardMember
  | StandDownBoardMember
  | SetObjective
  | ReviseObjective
  | ReportProgress
  | RaiseRisk
  | AssignMitigation
  | CloseRisk
  | SuspendPartnership
  | ResumePartnership
  | DissolvePartnership;
export type PartnershipCommandType = PartnershipCommand['type'];
