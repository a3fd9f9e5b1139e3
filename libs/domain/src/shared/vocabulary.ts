/** Decision categories (DESIGN §1). Delegated authority is granted per category. */
export const DECISION_CATEGORIES = [
  'land-disposal',
  'funding',
  'nominations',
  'development',
  'objectives',
  'risk',
  'governance',
  'other',
] as const;
export type DecisionCategory = (typeof DECISION_CATEGORIES)[number];

/** How a partnership approves a decision (DESIGN §1). The default is all-parties-sign-off. */
export const APPROVAL_RULES = ['all-parties-sign-off', 'board-majority'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];
export const DEFAULT_APPROVAL_RULE: ApprovalRule = 'all-parties-sign-off';

export const ORGANISATION_KINDS = ['local-authority', 'housing-association', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const VOTE_STANCES = ['agree', 'disagree', 'abstain'] as const;
export type VoteStance = (typeof VOTE_STANCES)[number];

/** Red/amber/green, as progress reports to UK public-sector boards use. */
export const RAG_STATUSES = ['green', 'amber', 'red'] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

/** Risk scores on the usual 5×5 matrix: likelihood and impact 1 (lowest) to 5 (highest). */
export const RISK_SCORE_MIN = 1;
export const RISK_SCORE_MAX = 5;
