import { ADA, actor, BEN, CAL, COUNCIL, memberAdded, registered } from '../shared/fixtures';
import { DECEMBER, foundedOn } from '../shared/past.test-fixtures';
import { specFor } from '../shared/testing';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';

/**
 * An organisation's founding entered months later (DESIGN §5 "Two clocks"): registration, members,
 * roles and authority say when they happened, never in the future, never before the registration.
 */
const JANUARY = { registered: '2026-01-05T09:00:00Z', before: '2026-01-04T17:00:00Z', added: '2026-01-06T10:00:00Z' };

const spec = specFor<ReturnType<typeof organisationAggregate.evolve>, OrganisationCommand, OrganisationEvent, unknown>(
  organisationAggregate,
);
const platformAdmin = { personId: 'root', orgId: 'platform', roles: ['admin'] };
const orgAdmin = actor(CAL, 'member', 'org-admin');
const [registeredInJanuary] = foundedOn([registered(COUNCIL)], JANUARY.registered);
const base = { actor: orgAdmin, now: DECEMBER, organisationId: COUNCIL };
const registration = {
  type: 'RegisterOrganisation' as const,
  actor: platformAdmin,
  now: DECEMBER,
  organisationId: COUNCIL,
  name: COUNCIL,
  kind: 'local-authority' as const,
};
const delegation = {
  type: 'DelegateAuthority' as const,
  ...base,
  authorityId: 'ada-1',
  personId: ADA.personId,
  categories: ['governance' as const],
  valueLimitPence: 100,
  instrument: 'Scheme of delegation 2026 §ada-1',
  validFrom: JANUARY.registered,
};

describe('organisation: founding acts recorded at their real past dates', () => {
  it('is registered on the day it was, months before it is entered', () => {
    spec
      .given()
      .when({ ...registration, occurredAt: JANUARY.registered })
      .then(registered(COUNCIL));
  });

  it('is never registered in the future', () => {
    spec
      .given()
      .when({ ...registration, occurredAt: '2026-12-08T09:00:00Z' })
      .thenRejects('occurred-at-in-future', 'rule-violated');
  });

  it('adds a member after the registration, and never before it', () => {
    const add = { type: 'AddMember' as const, ...base, personId: BEN.personId };
    spec
      .given(registeredInJanuary)
      .when({ ...add, occurredAt: JANUARY.added })
      .then({ type: 'MemberAdded', data: { organisationId: COUNCIL, personId: BEN.personId, addedBy: CAL } });
    spec
      .given(registeredInJanuary)
      .when({ ...add, occurredAt: JANUARY.before })
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('grants a role and delegates authority no earlier than the registration', () => {
    spec
      .given(registeredInJanuary, memberAdded(ADA))
      .when({ type: 'GrantRole', ...base, personId: ADA.personId, role: 'governance', occurredAt: JANUARY.before })
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(registeredInJanuary, memberAdded(ADA))
      .when({ ...delegation, occurredAt: JANUARY.before })
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('an authority that had not yet expired when it was delegated is recorded, though it has since', () => {
    spec
      .given(registeredInJanuary, memberAdded(ADA))
      .when({ ...delegation, validTo: '2026-06-30T23:59:59Z', occurredAt: JANUARY.added })
      .then({
        type: 'AuthorityDelegated',
        data: {
          organisationId: COUNCIL,
          authorityId: 'ada-1',
          personId: ADA.personId,
          categories: ['governance'],
          valueLimitPence: 100,
          instrument: 'Scheme of delegation 2026 §ada-1',
          validFrom: JANUARY.registered,
          validTo: '2026-06-30T23:59:59Z',
          delegatedBy: CAL,
        },
      });
  });

  it('an occurredAt that is not an instant is bad input', () => {
    spec
      .given(registeredInJanuary)
      .when({ type: 'AddMember', ...base, personId: BEN.personId, occurredAt: '6 January' })
      .thenRejects('invalid-field', 'bad-input');
  });
});
