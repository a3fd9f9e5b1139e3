import type { OrganisationState } from '../organisation/organisation.state';
import type { IdRecord } from '../shared/records';
import type { PartnershipCommand } from './partnership.commands';
import type { PartnershipState } from './partnership.state';

/**
 * What a partnership decision needs to know about another aggregate's decision: enough to tell
 * whether it is an approved governance decision of this partnership. A DecisionState fits.
 */
export interface AuthorisingDecision {
  readonly decisionId: string;
  readonly partnershipId: string;
  readonly status: string;
  readonly category?: string;
}

/** Other aggregates' state that partnership commands consult; the application layer loads it. */
export interface PartnershipContext {
  /** Organisation states by id: the actor's, and for ProposePartnership every proposed party's. */
  readonly organisations: IdRecord<OrganisationState>;
  /** Decision states by id: AgreeTermsOfReference.authorisedByDecisionId once active. */
  readonly decisions?: IdRecord<AuthorisingDecision>;
}

/** Which other aggregates to load before calling decidePartnership. */
export function partnershipContextNeeds(
  command: PartnershipCommand,
  _state?: PartnershipState,
): { organisationIds: string[]; decisionIds: string[] } {
  const organisationIds =
    command.type === 'ProposePartnership' ? [command.actor.orgId, ...command.parties] : [command.actor.orgId];
  const decisionIds =
    command.type === 'AgreeTermsOfReference' && command.authorisedByDecisionId !== undefined
      ? [command.authorisedByDecisionId]
      : [];
  return { organisationIds: [...new Set(organisationIds)], decisionIds };
}
