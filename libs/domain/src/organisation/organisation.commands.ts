import type { GrantableRole } from '../shared/actor';
import type { CommandBase } from '../shared/command';
import type { RecordsThePast } from '../shared/occurred-at';
import type { ErasureGround, ErasureReason } from '../shared/personal-data';
import type { DecisionCategory, OrganisationKind } from '../shared/vocabulary';
import type { WebhookScheme } from './webhook-vocabulary';

export interface RegisterOrganisation extends CommandBase<'RegisterOrganisation'>, RecordsThePast {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
}

export interface AddMember extends CommandBase<'AddMember'>, RecordsThePast {
  readonly organisationId: string;
  readonly personId: string;
  /** The person's name as they are known at work ("Patricia Adeyemi"); ids stay the reference. */
  readonly displayName?: string;
  readonly jobTitle?: string;
}

export interface RemoveMember extends CommandBase<'RemoveMember'> {
  readonly organisationId: string;
  readonly personId: string;
  readonly reason?: string;
}

export interface DelegateAuthority extends CommandBase<'DelegateAuthority'>, RecordsThePast {
  readonly organisationId: string;
  readonly authorityId: string;
  readonly personId: string;
  readonly categories: readonly DecisionCategory[];
  readonly valueLimitPence: number;
  readonly instrument: string;
  readonly validFrom: string;
  readonly validTo?: string;
}

export interface RevokeAuthority extends CommandBase<'RevokeAuthority'> {
  readonly organisationId: string;
  readonly authorityId: string;
  readonly reason: string;
}

export interface GrantRole extends CommandBase<'GrantRole'>, RecordsThePast {
  readonly organisationId: string;
  readonly personId: string;
  readonly role: GrantableRole;
}

export interface RevokeRole extends CommandBase<'RevokeRole'> {
  readonly organisationId: string;
  readonly personId: string;
  readonly role: GrantableRole;
  readonly reason: string;
}

/** Erases what the ledger holds as personal data about a member or former member (DESIGN §4). */
export interface ErasePersonalData extends CommandBase<'ErasePersonalData'> {
  readonly organisationId: string;
  readonly personId: string;
  readonly reason: ErasureReason;
  readonly lawfulBasis: ErasureGround;
}

export interface RegisterWebhookEndpoint extends CommandBase<'RegisterWebhookEndpoint'> {
  readonly organisationId: string;
  readonly endpointId: string;
  readonly url: string;
  readonly eventTypes?: readonly string[];
  readonly partnershipIds?: readonly string[];
  readonly scheme: WebhookScheme;
  /** The public key of key version 1 (`whpk_…`), derived by the caller for `v1a`; none for `v1`. */
  readonly publicKey?: string;
  /** 1 (the default): each delivery is one event's envelope; more: a JSON array of up to this many. */
  readonly maxEventsPerDelivery?: number;
}

export interface RotateWebhookKey extends CommandBase<'RotateWebhookKey'> {
  readonly organisationId: string;
  readonly endpointId: string;
  /**
   * The key version the caller derived `publicKey` for: the current one plus one. Checked, so a
   * rotation that raced another one never records a public key under the wrong version.
   */
  readonly keyVersion: number;
  /** The public key of that key version, for `v1a`. */
  readonly publicKey?: string;
  /** How long the previous key keeps signing beside the new one. */
  readonly overlapSeconds?: number;
}

export interface PauseWebhookEndpoint extends CommandBase<'PauseWebhookEndpoint'> {
  readonly organisationId: string;
  readonly endpointId: string;
}

export interface ResumeWebhookEndpoint extends CommandBase<'ResumeWebhookEndpoint'> {
  readonly organisationId: string;
  readonly endpointId: string;
}

export interface DeleteWebhookEndpoint extends CommandBase<'DeleteWebhookEndpoint'> {
  readonly organisationId: string;
  readonly endpointId: string;
}

export type WebhookEndpointCommand =
  RegisterWebhookEndpoint | RotateWebhookKey | PauseWebhookEndpoint | ResumeWebhookEndpoint | DeleteWebhookEndpoint;

/** The organisation's witness of the log (DESIGN §4 "Witnesses"): its cosignature/v1 vkey and submission URL. */
export interface RegisterWitness extends CommandBase<'RegisterWitness'> {
  readonly organisationId: string;
  /** The witness's name, as its vkey names it. */
  readonly name: string;
  readonly vkey: string;
  /** The witness's submission prefix: add-checkpoint is `<url>/add-checkpoint`. */
  readonly url: string;
}

export interface RetireWitness extends CommandBase<'RetireWitness'> {
  readonly organisationId: string;
  readonly reason: string;
}

export type OrganisationCommand =
  | RegisterOrganisation
  | AddMember
  | RemoveMember
  | DelegateAuthority
  | RevokeAuthority
  | GrantRole
  | RevokeRole
  | ErasePersonalData
  | WebhookEndpointCommand
  | RegisterWitness
  | RetireWitness;
export type OrganisationCommandType = OrganisationCommand['type'];
