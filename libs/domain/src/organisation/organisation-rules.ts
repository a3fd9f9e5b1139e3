import { type Actor, hasRole } from '../shared/actor';
import { ErrorCode, forbidden, notFound } from '../shared/errors';
import type { OrganisationState } from './organisation.state';

/**
 * Who manages an organisation's register of members and authorities: a platform `admin`, or an
 * `org-admin` of that same organisation. Nobody administers another organisation.
 */
export function canAdministerOrganisation(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'org-admin') && actor.orgId === organisationId);
}

export function requireOrganisationAdmin(actor: Actor, organisationId: string): void {
  if (!canAdministerOrganisation(actor, organisationId)) {
    throw forbidden(ErrorCode.NotOrganisationAdmin, `only an admin or an org-admin of ${organisationId} may do this`, {
      organisationId,
    });
  }
}

export function requireRegistered(state: OrganisationState, organisationId: string): void {
  if (!state.registered)
    throw notFound(ErrorCode.OrganisationNotFound, `organisation ${organisationId} is not registered`, {
      organisationId,
    });
}
