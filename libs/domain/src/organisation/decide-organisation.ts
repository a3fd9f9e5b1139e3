import { type Actor, GRANTABLE_ROLES, hasRole, personRef } from '../shared/actor';
import { ErrorCode, forbidden, notFound, rule, badInput } from '../shared/errors';
import { happenedAt, requireOccurredAtShape } from '../shared/occurred-at';
import { entries, own } from '../shared/records';
import { isBefore, requireInstant } from '../shared/time';
import { requireId, requireOneOf, requirePence, requireText } from '../shared/validation';
import { ERASURE_GROUNDS, ERASURE_REASONS, RETENTION_RULE_ACTOR } from '../shared/personal-data';
import { DECISION_CATEGORIES, type DecisionCategory, ORGANISATION_KINDS } from '../shared/vocabulary';
import type {
  AddMember,
  DelegateAuthority,
  GrantRole,
  OrganisationCommand,
  RegisterOrganisation,
  RemoveMember,
  RevokeAuthority,
  RevokeRole,
  ErasePersonalData,
} from './organisation.commands';
import type { AuthorityRevoked, OrganisationEvent, RoleRevoked } from './organisation.events';
import { decideWebhookEndpoint } from './decide-webhook-endpoint';
import { requireOrganisationAdmin, requireRegistered } from './organisation-rules';
import { registerWitness, retireWitness } from './witness-registration';
import type { OrganisationState } from './organisation.state';

/**
 * decide(command, state) → events. Pure: no clock, no I/O; throws an AppError when the command
 * may not happen. Check order: input shape (400), permission (403), existence (404), rules (422).
 */
export function decideOrganisation(command: OrganisationCommand, state: OrganisationState): OrganisationEvent[] {
  requireInstant('now', command.now);
  requireOccurredAtShape(command);
  switch (command.type) {
    case 'RegisterOrganisation':
      return register(command, state);
    case 'AddMember':
      return addMember(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
    case 'DelegateAuthority':
      return delegateAuthority(command, state);
    case 'RevokeAuthority':
      return revokeAuthority(command, state);
    case 'GrantRole':
      return grantRole(command, state);
    case 'RevokeRole':
      return revokeRole(command, state);
    case 'ErasePersonalData':
      return erasePersonalData(command, state);
    case 'RegisterWebhookEndpoint':
    case 'RotateWebhookKey':
    case 'PauseWebhookEndpoint':
    case 'ResumeWebhookEndpoint':
    case 'DeleteWebhookEndpoint':
      return decideWebhookEndpoint(command, state);
    case 'RegisterWitness':
      return registerWitness(command, state);
    case 'RetireWitness':
      return retireWitness(command, state);
  }
}

function register(c: RegisterOrganisation, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  if (organisationId === RETENTION_RULE_ACTOR.orgId)
    throw badInput(ErrorCode.InvalidField, `organisationId ${organisationId} is reserved for Accord's own actors`, {
      field: 'organisationId',
    });
  const name = requireText('name', c.name);
  const kind = requireOneOf('kind', c.kind, ORGANISATION_KINDS);
  // Only the platform brings an organisation into the ledger; it then adds and grants its first
  // org-admin, so no organisation's administrator is a token's word alone (DESIGN §7).
  if (!hasRole(c.actor, 'admin'))
    throw forbidden(ErrorCode.NotPlatformAdmin, 'only a platform admin registers an organisation', { organisationId });
  if (state.registered) {
    throw rule(ErrorCode.OrganisationAlreadyRegistered, `organisation ${organisationId} is already registered`, {
      organisationId,
    });
  }
  happenedAt(c);
  return [{ type: 'OrganisationRegistered', data: { organisationId, name, kind, registeredBy: personRef(c.actor) } }];
}

function addMember(c: AddMember, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const personId = requireId('personId', c.personId);
  const displayName = c.displayName === undefined ? undefined : requireText('displayName', c.displayName);
  const jobTitle = c.jobTitle === undefined ? undefined : requireText('jobTitle', c.jobTitle);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  happenedAt(c, state.registeredAt);
  if (own(state.members, personId)) {
    throw rule(ErrorCode.MemberAlreadyAdded, `${personId} is already a member of ${organisationId}`, {
      organisationId,
      personId,
    });
  }
  return [
    {
      type: 'MemberAdded',
      data: {
        organisationId,
        personId,
        ...(displayName === undefined ? {} : { displayName }),
        ...(jobTitle === undefined ? {} : { jobTitle }),
        addedBy: personRef(c.actor),
      },
    },
  ];
}

/**
 * Removing a member first revokes every authority of theirs that has not lapsed or been revoked,
 * one explicit AuthorityRevoked each, so the ledger says in so many words that it ended (and a
 * person re-added later does not silently regain it).
 */
function removeMember(c: RemoveMember, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const personId = requireId('personId', c.personId);
  const reason = c.reason === undefined ? undefined : requireText('reason', c.reason);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  if (!own(state.members, personId)) {
    throw notFound(ErrorCode.MemberNotFound, `${personId} is not a member of ${organisationId}`, {
      organisationId,
      personId,
    });
  }
  const revocations: AuthorityRevoked[] = entries(state.authorities)
    .filter(
      (a) =>
        a.personId === personId && a.revokedAt === undefined && (a.validTo === undefined || isBefore(c.now, a.validTo)),
    )
    .map((a) => ({
      type: 'AuthorityRevoked',
      data: {
        organisationId,
        authorityId: a.authorityId,
        personId,
        reason: 'member removed from the organisation',
        revokedAt: c.now,
        revokedBy: personRef(c.actor),
      },
    }));
  const roleRevocations: RoleRevoked[] = (own(state.roles, personId) ?? []).map((role) => ({
    type: 'RoleRevoked',
    data: {
      organisationId,
      personId,
      role,
      reason: 'member removed from the organisation',
      revokedBy: personRef(c.actor),
    },
  }));
  return [
    ...revocations,
    ...roleRevocations,
    {
      type: 'MemberRemoved',
      data: { organisationId, personId, ...(reason === undefined ? {} : { reason }), removedBy: personRef(c.actor) },
    },
  ];
}

function delegateAuthority(c: DelegateAuthority, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const authorityId = requireId('authorityId', c.authorityId);
  const personId = requireId('personId', c.personId);
  const categories = requireCategories(c.categories);
  const valueLimitPence = requirePence('valueLimitPence', c.valueLimitPence);
  const instrument = requireText('instrument', c.instrument);
  const validFrom = requireInstant('validFrom', c.validFrom);
  const validTo = c.validTo === undefined ? undefined : requireInstant('validTo', c.validTo);
  requireOrganisationAdmin(c.actor, organisationId);
  // Separation of duties: whoever keeps the register does not record authority for themselves.
  if (personId === c.actor.personId) {
    throw forbidden(ErrorCode.SelfDelegationForbidden, 'nobody may record a delegation of authority to themselves', {
      personId,
    });
  }
  requireRegistered(state, organisationId);
  if (own(state.authorities, authorityId)) {
    throw rule(ErrorCode.AuthorityAlreadyExists, `authority ${authorityId} already exists`, {
      organisationId,
      authorityId,
    });
  }
  if (!own(state.members, personId)) {
    throw rule(ErrorCode.AuthorityHolderNotAMember, `${personId} is not a member of ${organisationId}`, {
      organisationId,
      personId,
    });
  }
  if (validTo !== undefined && !isBefore(validFrom, validTo)) {
    throw rule(ErrorCode.AuthorityValidityInvalid, 'validTo must be after validFrom', { validFrom, validTo });
  }
  const at = happenedAt(c, state.registeredAt);
  if (validTo !== undefined && !isBefore(at, validTo)) {
    throw rule(ErrorCode.AuthorityValidityInvalid, 'the authority would already have expired', { validTo, now: at });
  }
  return [
    {
      type: 'AuthorityDelegated',
      data: {
        organisationId,
        authorityId,
        personId,
        categories,
        valueLimitPence,
        instrument,
        validFrom,
        ...(validTo === undefined ? {} : { validTo }),
        delegatedBy: personRef(c.actor),
      },
    },
  ];
}

function requireCategories(value: unknown): DecisionCategory[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badInput(ErrorCode.FieldRequired, 'categories must list at least one decision category', {
      field: 'categories',
    });
  }
  const categories = value.map((v) => requireOneOf('categories', v, DECISION_CATEGORIES));
  if (new Set(categories).size !== categories.length) {
    throw badInput(ErrorCode.InvalidField, 'categories must not repeat', { field: 'categories' });
  }
  return categories;
}

function revokeAuthority(c: RevokeAuthority, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const authorityId = requireId('authorityId', c.authorityId);
  const reason = requireText('reason', c.reason);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  const authority = own(state.authorities, authorityId);
  if (!authority)
    throw notFound(ErrorCode.AuthorityNotFound, `authority ${authorityId} not found`, { organisationId, authorityId });
  if (authority.revokedAt !== undefined) {
    throw rule(ErrorCode.AuthorityAlreadyRevoked, `authority ${authorityId} was revoked at ${authority.revokedAt}`, {
      authorityId,
      revokedAt: authority.revokedAt,
    });
  }
  return [
    {
      type: 'AuthorityRevoked',
      data: {
        organisationId,
        authorityId,
        personId: authority.personId,
        reason,
        revokedAt: c.now,
        revokedBy: personRef(c.actor),
      },
    },
  ];
}

/**
 * An org-admin (or the platform admin) grants a member of their organisation a role beyond
 * `member`; nobody grants a role to themselves, so a role is never self-chosen.
 */
function grantRole(c: GrantRole, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const personId = requireId('personId', c.personId);
  const role = requireOneOf('role', c.role, GRANTABLE_ROLES);
  requireOrganisationAdmin(c.actor, organisationId);
  if (personId === c.actor.personId)
    throw forbidden(ErrorCode.SelfGrantForbidden, 'nobody grants a role to themselves', { personId, role });
  requireRegistered(state, organisationId);
  if (!own(state.members, personId)) {
    throw rule(ErrorCode.RoleHolderNotAMember, `${personId} is not a member of ${organisationId}`, {
      organisationId,
      personId,
    });
  }
  happenedAt(c, state.registeredAt);
  if ((own(state.roles, personId) ?? []).includes(role))
    throw rule(ErrorCode.RoleAlreadyGranted, `${personId} already holds ${role}`, { personId, role });
  return [{ type: 'RoleGranted', data: { organisationId, personId, role, grantedBy: personRef(c.actor) } }];
}

function revokeRole(c: RevokeRole, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const personId = requireId('personId', c.personId);
  const role = requireOneOf('role', c.role, GRANTABLE_ROLES);
  const reason = requireText('reason', c.reason);
  requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  if (!(own(state.roles, personId) ?? []).includes(role))
    throw rule(ErrorCode.RoleNotGranted, `${personId} does not hold ${role}`, { personId, role });
  return [{ type: 'RoleRevoked', data: { organisationId, personId, role, reason, revokedBy: personRef(c.actor) } }];
}

/**
 * Allowed again later: what a person discloses after an erasure is new data under a new key, and
 * may need erasing in its turn. The application destroys the key before this event is appended.
 */
function isRetentionRuleActor(actor: Actor): boolean {
  return (
    actor.personId === RETENTION_RULE_ACTOR.personId &&
    actor.orgId === RETENTION_RULE_ACTOR.orgId &&
    actor.roles.length === 0
  );
}

function erasePersonalData(c: ErasePersonalData, state: OrganisationState): OrganisationEvent[] {
  const organisationId = requireId('organisationId', c.organisationId);
  const personId = requireId('personId', c.personId);
  const reason = requireOneOf('reason', c.reason, ERASURE_REASONS);
  const lawfulBasis = requireOneOf('lawfulBasis', c.lawfulBasis, ERASURE_GROUNDS);
  if (!(reason === 'retention-rule' && isRetentionRuleActor(c.actor)))
    requireOrganisationAdmin(c.actor, organisationId);
  requireRegistered(state, organisationId);
  if (own(state.everMembers, personId) === undefined)
    throw rule(ErrorCode.ErasureSubjectNotAMember, `${personId} was never a member of ${organisationId}`, { personId });
  return [
    {
      type: 'PersonalDataErased',
      data: { organisationId, personId, reason, lawfulBasis, erasedBy: personRef(c.actor) },
    },
  ];
}
