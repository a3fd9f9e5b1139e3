import type { GrantableRole, PersonRef } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import type { ErasureGround, ErasureReason } from '../shared/personal-data';
import type { DecisionCategory, OrganisationKind } from '../shared/vocabulary';
import type { WebhookDisabledReason, WebhookScheme } from './webhook-vocabulary';

/** What the webhook deliverer follows to know every endpoint (DESIGN §6). */
export const WEBHOOK_ENDPOINT_EVENT_TYPES = [
  'WebhookEndpointRegistered',
  'WebhookKeyRotated',
  'WebhookEndpointPaused',
  'WebhookEndpointResumed',
  'WebhookEndpointDisabled',
  'WebhookEndpointDeleted',
] as const;

export const ORGANISATION_EVENT_TYPES = [
  'OrganisationRegistered',
  'MemberAdded',
  'MemberRemoved',
  'AuthorityDelegated',
  'AuthorityRevoked',
  'RoleGranted',
  'RoleRevoked',
  'PersonalDataErased',
  ...WEBHOOK_ENDPOINT_EVENT_TYPES,
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
 * The person's data key was destroyed (DESIGN §4): their personal data reads "[erased]" from now
 * on, everywhere, while every hash stays as it was. Holds no personal data itself; followers that
 * keep copies (the parties' systems, through the feeds) purge theirs on seeing it.
 */
export interface PersonalDataErasedData {
  organisationId: string;
  personId: string;
  reason: ErasureReason;
  lawfulBasis: ErasureGround;
  erasedBy: PersonRef;
}

/**
 * An org-admin registers where their organisation's events go (DESIGN §6 "Webhooks"). The ledger
 * holds no secret: the signing key is derived from the server's key and the endpoint's id and key
 * version, so only the public key (`v1a`) is recorded; an HMAC (`v1`) endpoint records none.
 */
export interface WebhookEndpointRegisteredData {
  organisationId: string;
  endpointId: string;
  url: string;
  /** Event types delivered; empty means every type the organisation may see. */
  eventTypes: string[];
  /** Partnerships delivered; empty means every partnership the organisation may see. */
  partnershipIds: string[];
  scheme: WebhookScheme;
  keyVersion: number;
  /** `whpk_…` for `v1a`; omitted for `v1`. */
  publicKey?: string;
  /** Omitted for 1: each delivery is one envelope; more, each is a JSON array of up to this many. */
  maxEventsPerDelivery?: number;
  registeredBy: PersonRef;
}

/** A new key signs from now on; the previous one signs beside it until `previousKeyUntil`. */
export interface WebhookKeyRotatedData {
  organisationId: string;
  endpointId: string;
  keyVersion: number;
  publicKey?: string;
  previousKeyVersion: number;
  previousKeyUntil: string;
  rotatedBy: PersonRef;
}

export interface WebhookEndpointPausedData {
  organisationId: string;
  endpointId: string;
  pausedBy: PersonRef;
}

export interface WebhookEndpointResumedData {
  organisationId: string;
  endpointId: string;
  resumedBy: PersonRef;
}

/** Accord stops delivering by itself: the receiver answered 410, or every retry failed. */
export interface WebhookEndpointDisabledData {
  organisationId: string;
  endpointId: string;
  reason: WebhookDisabledReason;
  detail: string;
}

export interface WebhookEndpointDeletedData {
  organisationId: string;
  endpointId: string;
  deletedBy: PersonRef;
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
export type PersonalDataErased = DomainEvent<'PersonalDataErased', PersonalDataErasedData>;
export type WitnessRegistered = DomainEvent<'WitnessRegistered', WitnessRegisteredData>;
export type WitnessRetired = DomainEvent<'WitnessRetired', WitnessRetiredData>;

export type WebhookEndpointRegistered = DomainEvent<'WebhookEndpointRegistered', WebhookEndpointRegisteredData>;
export type WebhookKeyRotated = DomainEvent<'WebhookKeyRotated', WebhookKeyRotatedData>;
export type WebhookEndpointPaused = DomainEvent<'WebhookEndpointPaused', WebhookEndpointPausedData>;
export type WebhookEndpointResumed = DomainEvent<'WebhookEndpointResumed', WebhookEndpointResumedData>;
export type WebhookEndpointDisabled = DomainEvent<'WebhookEndpointDisabled', WebhookEndpointDisabledData>;
export type WebhookEndpointDeleted = DomainEvent<'WebhookEndpointDeleted', WebhookEndpointDeletedData>;

export type WebhookEndpointEvent =
  | WebhookEndpointRegistered
  | WebhookKeyRotated
  | WebhookEndpointPaused
  | WebhookEndpointResumed
  | WebhookEndpointDisabled
  | WebhookEndpointDeleted;

export type OrganisationEvent =
  | OrganisationRegistered
  | MemberAdded
  | MemberRemoved
  | AuthorityDelegated
  | AuthorityRevoked
  | RoleGranted
  | RoleRevoked
  | PersonalDataErased
  | WebhookEndpointEvent
  | WitnessRegistered
  | WitnessRetired;
