import type { GrantableRole } from '../shared/actor';
import type { StoredEvent } from '../shared/event';
import { type IdRecord, withEntry, withoutEntry, own } from '../shared/records';
import type { DecisionCategory, OrganisationKind } from '../shared/vocabulary';
import type { OrganisationEvent } from './organisation.events';
import { evolveWebhookEndpoints, type WebhookEndpointRecord } from './webhook-endpoint.state';

export interface MemberRecord {
  readonly personId: string;
  readonly displayName?: string;
  readonly jobTitle?: string;
}

export interface AuthorityRecord {
  readonly authorityId: string;
  readonly personId: string;
  readonly categories: readonly DecisionCategory[];
  readonly valueLimitPence: number;
  readonly instrument: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** Set once revoked; the authority counts only before this instant. */
  readonly revokedAt?: string;
}

export interface WitnessRecord {
  readonly name: string;
  readonly vkey: string;
  readonly url: string;
}

export interface OrganisationState {
  readonly registered: boolean;
  readonly organisationId: string;
  readonly name: string;
  readonly kind?: OrganisationKind;
  /** When it was registered, as recorded: nothing of its history is dated before. */
  readonly registeredAt?: string;
  /** Current members only (removed members leave the state; their events stay in history). */
  readonly members: IdRecord<MemberRecord>;
  /** Every authority ever delegated, revoked ones included (with `revokedAt`). */
  readonly authorities: IdRecord<AuthorityRecord>;
  /** Roles granted in the ledger to current members, by personId. */
  readonly roles: IdRecord<readonly GrantableRole[]>;
  /** Everyone ever added, former members included: whose personal data this organisation may erase. */
  readonly everMembers: IdRecord<true>;
  /** Every webhook endpoint ever registered, deleted ones included (their ids are not reused). */
  readonly webhookEndpoints: IdRecord<WebhookEndpointRecord>;
  /** The organisation's current witness of the log, if it registered one. */
  readonly witness?: WitnessRecord;
}

export const initialOrganisationState: OrganisationState = {
  registered: false,
  organisationId: '',
  name: '',
  members: {},
  authorities: {},
  roles: {},
  everMembers: {},
  webhookEndpoints: {},
};

/** Pure and total: unknown event types are ignored so old code can read newer streams. */
export function evolveOrganisation(state: OrganisationState, event: StoredEvent<OrganisationEvent>): OrganisationState {
  switch (event.type) {
    case 'OrganisationRegistered':
      return {
        ...state,
        registered: true,
        organisationId: event.data.organisationId,
        name: event.data.name,
        kind: event.data.kind,
        ...(event.occurredAt === undefined ? {} : { registeredAt: event.occurredAt }),
      };
    case 'MemberAdded': {
      const { personId, displayName, jobTitle } = event.data;
      const member: MemberRecord = {
        personId,
        ...(displayName === undefined ? {} : { displayName }),
        ...(jobTitle === undefined ? {} : { jobTitle }),
      };
      return {
        ...state,
        members: withEntry(state.members, personId, member),
        everMembers: withEntry(state.everMembers, personId, true),
      };
    }
    case 'MemberRemoved':
      return {
        ...state,
        members: withoutEntry(state.members, event.data.personId),
        roles: withoutEntry(state.roles, event.data.personId),
      };
    case 'RoleGranted': {
      const { personId, role } = event.data;
      const held = own(state.roles, personId) ?? [];
      return held.includes(role) ? state : { ...state, roles: withEntry(state.roles, personId, [...held, role]) };
    }
    case 'RoleRevoked': {
      const { personId, role } = event.data;
      const held = (own(state.roles, personId) ?? []).filter((r) => r !== role);
      return {
        ...state,
        roles: held.length > 0 ? withEntry(state.roles, personId, held) : withoutEntry(state.roles, personId),
      };
    }
    case 'AuthorityDelegated': {
      const d = event.data;
      const authority: AuthorityRecord = {
        authorityId: d.authorityId,
        personId: d.personId,
        categories: [...d.categories],
        valueLimitPence: d.valueLimitPence,
        instrument: d.instrument,
        validFrom: d.validFrom,
        ...(d.validTo === undefined ? {} : { validTo: d.validTo }),
      };
      return { ...state, authorities: withEntry(state.authorities, d.authorityId, authority) };
    }
    case 'AuthorityRevoked': {
      const existing = own(state.authorities, event.data.authorityId);
      if (!existing) return state;
      return {
        ...state,
        authorities: withEntry(state.authorities, existing.authorityId, {
          ...existing,
          revokedAt: event.data.revokedAt,
        }),
      };
    }
    case 'WebhookEndpointRegistered':
    case 'WebhookKeyRotated':
    case 'WebhookEndpointPaused':
    case 'WebhookEndpointResumed':
    case 'WebhookEndpointDisabled':
    case 'WebhookEndpointDeleted':
      return { ...state, webhookEndpoints: evolveWebhookEndpoints(state.webhookEndpoints, event) };
    case 'WitnessRegistered': {
      const { name, vkey, url } = event.data;
      return { ...state, witness: { name, vkey, url } };
    }
    case 'WitnessRetired': {
      const { witness: _retired, ...rest } = state;
      return rest;
    }
    default:
      return state;
  }
}

export function isMember(state: OrganisationState | undefined, personId: string): boolean {
  return state !== undefined && state.registered && own(state.members, personId) !== undefined;
}

/**
 * The ledger shows `personId` removed from the organisation and not added again: their old tokens
 * are refused at once, from the folded state rather than a read model that may lag the removal.
 */
export function wasRemoved(state: OrganisationState | undefined, personId: string): boolean {
  return own(state?.everMembers, personId) === true && own(state?.members, personId) === undefined;
}

/** The ledger shows `personId` as a current member of the organisation holding `role`. */
export function holdsRole(state: OrganisationState | undefined, personId: string, role: GrantableRole): boolean {
  return isMember(state, personId) && (own(state?.roles, personId) ?? []).includes(role);
}
