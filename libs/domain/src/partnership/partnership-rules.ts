import { findAuthority } from '../organisation/delegated-authority';
import type { AuthorityRecord, OrganisationState } from '../organisation/organisation.state';
import { isMember } from '../organisation/organisation.state';
import type { Actor } from '../shared/actor';
import { ErrorCode, forbidden, notFound, rule } from '../shared/errors';
import { type IdRecord, own } from '../shared/records';
import type { AuthorityRef } from './partnership.events';
import type { PartnershipState, PartnershipStatus } from './partnership.state';

export function requirePartnershipExists(state: PartnershipState | undefined, partnershipId: string): PartnershipState {
  if (!state || state.status === 'none') {
    throw notFound(ErrorCode.PartnershipNotFound, `partnership ${partnershipId} not found`, { partnershipId });
  }
  return state;
}

/**
 * Only members of a party act in a partnership, and only for their own organisation
 * (DESIGN §1): the actor's organisation (from the token) must be a party, and the ledger must
 * show the actor as a current member of it. Returns that organisation's state.
 */
export function requirePartyMember(
  actor: Actor,
  partnership: PartnershipState,
  organisations: IdRecord<OrganisationState>,
): OrganisationState {
  if (!partnership.parties.includes(actor.orgId)) {
    throw forbidden(
      ErrorCode.NotAParty,
      `organisation ${actor.orgId} is not a party to partnership ${partnership.partnershipId}`,
      {
        partnershipId: partnership.partnershipId,
        orgId: actor.orgId,
      },
    );
  }
  const organisation = own(organisations, actor.orgId);
  if (!organisation || !isMember(organisation, actor.personId)) {
    throw forbidden(ErrorCode.NotAMember, `${actor.personId} is not a member of ${actor.orgId}`, {
      personId: actor.personId,
      orgId: actor.orgId,
    });
  }
  return organisation;
}

/**
 * Committing an organisation to (or pulling it from) a partnership is a governance act: the
 * member needs delegated authority covering `governance` valid now. Authority comes from the
 * ledger, never from a token role (DESIGN §7).
 */
export function requireGovernanceAuthority(
  actor: Actor,
  organisation: OrganisationState,
  now: string,
): AuthorityRecord {
  const found = findAuthority(organisation, actor.personId, 'governance', 0, now);
  if (!found.ok) {
    throw forbidden(
      ErrorCode.GovernanceAuthorityRequired,
      `${actor.personId} needs delegated authority for governance to do this: ${found.message}`,
      {
        personId: actor.personId,
        orgId: actor.orgId,
      },
    );
  }
  return found.authority;
}

export function requireStatus(
  state: PartnershipState,
  allowed: readonly PartnershipStatus[],
  code: ErrorCode = ErrorCode.PartnershipNotActive,
): void {
  if (!allowed.includes(state.status)) {
    const effective = state.status === 'dissolved' ? ErrorCode.PartnershipDissolved : code;
    throw rule(effective, `partnership ${state.partnershipId} is ${state.status}`, {
      partnershipId: state.partnershipId,
      status: state.status,
    });
  }
}

export function requireBoardMember(actor: Actor, state: PartnershipState): void {
  const seat = own(state.board, actor.personId);
  if (!seat || seat.party !== actor.orgId) {
    throw forbidden(
      ErrorCode.NotABoardMember,
      `${actor.personId} is not on the board of partnership ${state.partnershipId}`,
      { personId: actor.personId },
    );
  }
}

export function isBoardMember(actor: Actor, state: PartnershipState): boolean {
  const seat = own(state.board, actor.personId);
  return seat !== undefined && seat.party === actor.orgId;
}

export function authorityRef(a: AuthorityRecord): AuthorityRef {
  return {
    authorityId: a.authorityId,
    instrument: a.instrument,
    categories: [...a.categories],
    valueLimitPence: a.valueLimitPence,
    validFrom: a.validFrom,
    ...(a.validTo === undefined ? {} : { validTo: a.validTo }),
  };
}
