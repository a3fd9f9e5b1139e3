import type { GrantableRole, PersonRef } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import type { DecisionCategory, OrganisationKind } from '../shared/vocabulary';

export const ORGANISATION_EVENT_TYPES = [
  'OrganisationRegistered',
  'MemberAdded',
  'MemberRemoved',
  'AuthorityDelegated',
  'AuthorityRevoked',
  'RoleGranted',
  'RoleRevoked',
  'WitnessRegistered',
  'WitnessRetired',
] as const;
export type OrganisationEventType = (typeof ORGANISATION_EVENT_TYPES)[number];

export interface OrganisationRegisteredData {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  registeredBy: PersonRef;
}

export interface MemberAddedData {
  organisationId: string;
  personId: string;
  displayName?: string;
  jobTitle?: string;
  addedBy: PersonRef;
}

export interface MemberRemovedData {
  organisationId: string;
  personId: string;
  reason?: string;
  removedBy: PersonRef;
}

export interface AuthorityDelegatedData {
  organisationId: string;
  authorityId: string;
  personId: string;
  categories: DecisionCategory[];
  valueLimitPence: number;
  /** Where the authority comes from, e.g. "Scheme of delegation 2026 §4". */
  instrument: string;
  /** ISO instant, inclusive. */
  validFrom: string;
  /** ISO instant, exclusive; omitted when open-ended. */
  validTo?: string;
  delegatedBy: PersonRef;
}

export interface AuthorityRevokedData {
  organisationId: string;
  authorityId: string;
  personId: string;
  reason: string;
  /** ISO instant from which the authority no longer counts. Earlier sign-offs stand. */
  revokedAt: string;
  revokedBy: PersonRef;
}

/** An org-admin grants a member a role beyond `member` (DESIGN §7): roles come from the ledger. */
export interface RoleGrantedData {
  organisationId: string;
  personId: string;
  role: GrantableRole;
  grantedBy: PersonRef;
}

export interface RoleRevokedData {
  organisationId: string;
  personId: string;
  role: GrantableRole;
  reason: string;
  revokedBy: PersonRef;
}

/**
 * The organisation's witness of the log: the log submits each new checkpoint to `url` and
 * counts cosignatures by `vkey`, so the witness set is itself in the log.
 */
export interface WitnessRegisteredData {
  organisationId: string;
  name: string;
  vkey: string;
  url: string;
  registeredBy: PersonRef;
}

export interface WitnessRetiredData {
  organisationId: string;
  name: string;
  vkey: string;
  reason: string;
  retiredBy: PersonRef;
}

export type OrganisationRegistered = DomainEvent<'OrganisationRegistered', OrganisationRegisteredData>;
export type MemberAdded = DomainEvent<'MemberAdded', MemberAddedData>;
export type MemberRemoved = DomainEvent<'MemberRemoved', MemberRemovedData>;
export type AuthorityDelegated = DomainEvent<'AuthorityDelegated', AuthorityDelegatedData>;
export type AuthorityRevoked = DomainEvent<'AuthorityRevoked', AuthorityRevokedData>;
export type RoleGranted = DomainEvent<'RoleGranted', RoleGrantedData>;
export type RoleRevoked = DomainEvent<'RoleRevoked', RoleRevokedData>;
export type WitnessRegistered = DomainEvent<'WitnessRegistered', WitnessRegisteredData>;
export type WitnessRetired = DomainEvent<'WitnessRetired', WitnessRetiredData>;

export type OrganisationEvent =
  | OrganisationRegistered
  | MemberAdded
  | MemberRemoved
  | AuthorityDelegated
  | AuthorityRevoked
  | RoleGranted
  | RoleRevoked
  | WitnessRegistered
  | WitnessRetired;
