import { ADA, actor, BEN, CAL, COUNCIL, councilHistory, memberAdded, T } from '../shared/fixtures';
import { specFor } from '../shared/testing';
import { holdsRole, isMember, type OrganisationState, wasRemoved } from './organisation.state';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';

const spec = specFor<OrganisationState, OrganisationCommand, OrganisationEvent, unknown>(organisationAggregate);

const orgAdmin = actor(CAL, 'member', 'org-admin');
const by = { personId: CAL.personId, orgId: COUNCIL };
const grant = (personId: string, who = orgAdmin) => ({
  type: 'GrantRole' as const,
  actor: who,
  now: T.now,
  organisationId: COUNCIL,
  personId,
  role: 'clerk' as const,
});
const granted = (personId: string): OrganisationEvent => ({
  type: 'RoleGranted',
  data: { organisationId: COUNCIL, personId, role: 'clerk', grantedBy: by },
});

describe('organisation: roles granted in the ledger', () => {
  it('an org-admin grants a member the clerk role, and the ledger then shows it', () => {
    const state = spec.given(councilHistory).when(grant(BEN.personId)).then(granted(BEN.personId));
    expect(holdsRole(state, BEN.personId, 'clerk')).toBe(true);
    expect(holdsRole(state, ADA.personId, 'clerk')).toBe(false);
  });

  it('a member never chooses a role for themselves: not even an org-admin', () => {
    spec.given(councilHistory).when(grant(CAL.personId)).thenRejects('self-grant-forbidden', 'forbidden');
  });

  it('only an org-admin of the organisation (or the platform admin) grants roles', () => {
    spec
      .given(councilHistory)
      .when(grant(BEN.personId, actor(ADA)))
      .thenRejects('not-organisation-admin', 'forbidden');
    spec
      .given(councilHistory)
      .when(grant(BEN.personId, { personId: 'x', orgId: 'elsewhere', roles: ['org-admin'] }))
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it('roles go to members only, once each, and only the roles an organisation grants', () => {
    spec.given(councilHistory).when(grant('stranger')).thenRejects('role-holder-not-a-member', 'rule-violated');
    spec
      .given(councilHistory, granted(BEN.personId))
      .when(grant(BEN.personId))
      .thenRejects('role-already-granted', 'rule-violated');
    spec
      .given(councilHistory)
      .when({ ...grant(BEN.personId), role: 'admin' as never })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a revoked role is gone; revoking one not held is refused', () => {
    const revoke = {
      type: 'RevokeRole' as const,
      actor: orgAdmin,
      now: T.now,
      organisationId: COUNCIL,
      personId: BEN.personId,
      role: 'clerk' as const,
      reason: 'Moved to another team',
    };
    const state = spec
      .given(councilHistory, granted(BEN.personId))
      .when(revoke)
      .then({
        type: 'RoleRevoked',
        data: {
          organisationId: COUNCIL,
          personId: BEN.personId,
          role: 'clerk',
          reason: 'Moved to another team',
          revokedBy: by,
        },
      });
    expect(holdsRole(state, BEN.personId, 'clerk')).toBe(false);
    spec.given(councilHistory).when(revoke).thenRejects('role-not-granted', 'rule-violated');
  });

  it('removing a member revokes their roles in so many words, and re-adding them restores none', () => {
    const state = spec
      .given(councilHistory, granted(BEN.personId))
      .when({ type: 'RemoveMember', actor: orgAdmin, now: T.now, organisationId: COUNCIL, personId: BEN.personId })
      .then(
        {
          type: 'RoleRevoked',
          data: {
            organisationId: COUNCIL,
            personId: BEN.personId,
            role: 'clerk',
            reason: 'member removed from the organisation',
            revokedBy: by,
          },
        },
        { type: 'MemberRemoved', data: { organisationId: COUNCIL, personId: BEN.personId, removedBy: by } },
      );
    expect(holdsRole(organisationAggregate.evolve(state, memberAdded(BEN)), BEN.personId, 'clerk')).toBe(false);
  });

  it('the state remembers who was removed (their old tokens are refused) until they are added again', () => {
    const removed = spec
      .given(councilHistory)
      .when({ type: 'RemoveMember', actor: orgAdmin, now: T.now, organisationId: COUNCIL, personId: BEN.personId })
      .then({ type: 'MemberRemoved', data: { organisationId: COUNCIL, personId: BEN.personId, removedBy: by } });
    expect([isMember(removed, BEN.personId), wasRemoved(removed, BEN.personId)]).toEqual([false, true]);
    expect(wasRemoved(removed, 'never-listed')).toBe(false);
    const back = organisationAggregate.evolve(removed, memberAdded(BEN));
    expect([isMember(back, BEN.personId), wasRemoved(back, BEN.personId)]).toEqual([true, false]);
  });
});
