import type { Principal, Standing } from '@accord/access';
import { GRANTABLE_ROLES, holdsRole, isMember, type OrganisationState, wasRemoved } from '@accord/domain';

/** What the organisation's folded state records of a person: the facts the access policy's callerAsLedgerSays reads. */
export function standingIn(organisation: OrganisationState, person: Pick<Principal, 'personId'>): Standing {
  if (!organisation.registered) return { kind: 'outside' };
  if (isMember(organisation, person.personId))
    return {
      kind: 'member',
      granted: GRANTABLE_ROLES.filter((role) => holdsRole(organisation, person.personId, role)),
    };
  return wasRemoved(organisation, person.personId) ? { kind: 'removed' } : { kind: 'unlisted' };
}
