import {
  ADA,
  actor,
  authorityDelegated,
  BEN,
  CAL,
  COUNCIL,
  councilHistory,
  memberAdded,
  registered,
  T,
} from '../shared/fixtures';
import { specFor } from '../shared/testing';
import type { OrganisationCommand, RegisterOrganisation } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';

const spec = specFor<ReturnType<typeof organisationAggregate.evolve>, OrganisationCommand, OrganisationEvent, unknown>(
  organisationAggregate,
);

const orgAdmin = actor(CAL, 'member', 'org-admin');
const platformAdmin = { personId: 'root', orgId: 'platform', roles: ['admin'] };
const by = { personId: CAL.personId, orgId: COUNCIL };
const base = { actor: orgAdmin, now: T.now, organisationId: COUNCIL };

describe('organisation: register', () => {
  const registration: RegisterOrganisation = {
    type: 'RegisterOrganisation',
    actor: platformAdmin,
    now: T.now,
    organisationId: COUNCIL,
    name: 'Northborough Council',
    kind: 'local-authority',
  };

  it('a platform admin registers an organisation', () => {
    spec
      .given()
      .when(registration)
      .then({
        type: 'OrganisationRegistered',
        data: {
          organisationId: COUNCIL,
          name: 'Northborough Council',
          kind: 'local-authority',
          registeredBy: { personId: 'root', orgId: 'platform' },
        },
      });
  });

  it.each([
    ['an org-admin of that very organisation', base],
    ['a plain member', { ...base, actor: actor(BEN) }],
  ])('%s may not register it: only the platform brings an organisation into the ledger', (_label, who) => {
    spec
      .given()
      .when({ ...registration, ...who })
      .thenRejects('not-platform-admin', 'forbidden');
  });

  it('an organisation is registered only once', () => {
    spec
      .given(registered(COUNCIL))
      .when({ ...registration, name: 'Again' })
      .thenRejects('organisation-already-registered', 'rule-violated');
  });

  it.each<[string, Partial<RegisterOrganisation>, string]>([
    ['the kind must be local-authority, housing-association or other', { kind: 'charity' as never }, 'invalid-field'],
    [
      'no one registers the organisation of Accord’s own actors (scheduler, webhooks, retention rule)',
      { organisationId: 'accord', name: 'Accord', kind: 'other' },
      'invalid-field',
    ],
    ['a name is required', { name: '  ' }, 'field-required'],
    ['now must be an ISO instant (the domain never reads the clock)', { now: '2026-05-01' }, 'invalid-field'],
  ])('%s', (_label, change, code) => {
    spec
      .given()
      .when({ ...registration, ...change })
      .thenRejects(code, 'bad-input');
  });
});

describe('organisation: members', () => {
  it('an org-admin adds a member', () => {
    spec
      .given(registered(COUNCIL))
      .when({ type: 'AddMember', ...base, personId: 'zoe', jobTitle: 'Head of Housing' })
      .then({
        type: 'MemberAdded',
        data: { organisationId: COUNCIL, personId: 'zoe', jobTitle: 'Head of Housing', addedBy: by },
      });
  });

  it('a member may be added with the name people know them by', () => {
    spec
      .given(registered(COUNCIL))
      .when({ type: 'AddMember', ...base, personId: 'zoe', displayName: 'Zoe Okafor' })
      .then({
        type: 'MemberAdded',
        data: { organisationId: COUNCIL, personId: 'zoe', displayName: 'Zoe Okafor', addedBy: by },
      });
    spec
      .given(registered(COUNCIL))
      .when({ type: 'AddMember', ...base, personId: 'zoe', displayName: '   ' })
      .thenRejects('field-required', 'bad-input');
  });

  it('members are added only to a registered organisation', () => {
    spec
      .given()
      .when({ type: 'AddMember', ...base, personId: 'zoe' })
      .thenRejects('organisation-not-found', 'not-found');
  });

  it('a member is added only once', () => {
    spec
      .given(registered(COUNCIL), memberAdded(ADA))
      .when({ type: 'AddMember', ...base, personId: ADA.personId })
      .thenRejects('member-already-added', 'rule-violated');
  });

  it('an id like "constructor" is a person like any other (no prototype look-ups)', () => {
    spec
      .given(registered(COUNCIL))
      .when({ type: 'AddMember', ...base, personId: 'constructor' })
      .then({ type: 'MemberAdded', data: { organisationId: COUNCIL, personId: 'constructor', addedBy: by } });
  });

  it('an org-admin of another organisation may not add members', () => {
    spec
      .given(registered(COUNCIL))
      .when({
        type: 'AddMember',
        ...base,
        actor: { personId: 'x', orgId: 'another', roles: ['org-admin'] },
        personId: 'zoe',
      })
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it('removing a member first revokes each of their live authorities, then removes them', () => {
    spec
      .given(
        registered(COUNCIL),
        memberAdded(ADA),
        authorityDelegated('ada-1', ADA, ['funding'], 1000),
        authorityDelegated('ada-old', ADA, ['funding'], 1000, { validTo: '2026-04-30T00:00:00Z' }), // expired before now
        authorityDelegated('ada-2', ADA, ['governance'], 0),
        {
          type: 'AuthorityRevoked',
          data: {
            organisationId: COUNCIL,
            authorityId: 'ada-2',
            personId: 'ada',
            reason: 'r',
            revokedAt: T.validFrom,
            revokedBy: by,
          },
        },
      )
      .when({ type: 'RemoveMember', ...base, personId: ADA.personId, reason: 'left the council' })
      .then(
        {
          type: 'AuthorityRevoked',
          data: {
            organisationId: COUNCIL,
            authorityId: 'ada-1',
            personId: 'ada',
            reason: 'member removed from the organisation',
            revokedAt: T.now,
            revokedBy: by,
          },
        },
        {
          type: 'MemberRemoved',
          data: { organisationId: COUNCIL, personId: 'ada', reason: 'left the council', removedBy: by },
        },
      );
  });

  it('only a member can be removed', () => {
    spec
      .given(registered(COUNCIL))
      .when({ type: 'RemoveMember', ...base, personId: 'nobody' })
      .thenRejects('member-not-found', 'not-found');
  });
});

describe('organisation: delegated authority', () => {
  const delegate = {
    type: 'DelegateAuthority' as const,
    ...base,
    authorityId: 'ada-9',
    personId: ADA.personId,
    categories: ['funding', 'land-disposal'] as const,
    valueLimitPence: 50_000_000,
    instrument: 'Scheme of delegation 2026 §4',
    validFrom: T.validFrom,
  };

  it('an org-admin records a delegation to a member', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, categories: ['funding', 'land-disposal'], validTo: T.validTo })
      .then({
        type: 'AuthorityDelegated',
        data: {
          organisationId: COUNCIL,
          authorityId: 'ada-9',
          personId: 'ada',
          categories: ['funding', 'land-disposal'],
          valueLimitPence: 50_000_000,
          instrument: 'Scheme of delegation 2026 §4',
          validFrom: T.validFrom,
          validTo: T.validTo,
          delegatedBy: by,
        },
      });
  });

  it('nobody records authority for themselves', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, personId: CAL.personId })
      .thenRejects('self-delegation-forbidden', 'forbidden');
  });

  it('a plain member may not delegate authority', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, actor: actor(ADA), personId: BEN.personId })
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it('authority is delegated only to a member', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, personId: 'stranger' })
      .thenRejects('authority-holder-not-a-member', 'rule-violated');
  });

  it('an authority id is used once', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, authorityId: 'ada-1' })
      .thenRejects('authority-already-exists', 'rule-violated');
  });

  it('validTo must be after validFrom', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, validTo: T.validFrom })
      .thenRejects('authority-validity-invalid', 'rule-violated');
  });

  it('an authority that would already have expired is refused', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, validFrom: '2026-01-01T00:00:00Z', validTo: '2026-04-30T00:00:00Z' })
      .thenRejects('authority-validity-invalid', 'rule-violated');
  });

  it('at least one category', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, categories: [] })
      .thenRejects('field-required', 'bad-input');
  });

  it('only known categories', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, categories: ['parking' as never] })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('the value limit is whole pence, not negative', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, valueLimitPence: 10.5 })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(councilHistory)
      .when({ ...delegate, valueLimitPence: -1 })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('validity bounds are full instants', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, validFrom: '2026-04-01' })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(councilHistory)
      .when({ ...delegate, validFrom: '2026-02-30T00:00:00Z' })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('an instrument is required', () => {
    spec
      .given(councilHistory)
      .when({ ...delegate, instrument: '' })
      .thenRejects('field-required', 'bad-input');
  });

  it('an org-admin revokes an authority, from now on', () => {
    spec
      .given(councilHistory)
      .when({ type: 'RevokeAuthority', ...base, authorityId: 'ada-1', reason: 'scheme of delegation replaced' })
      .then({
        type: 'AuthorityRevoked',
        data: {
          organisationId: COUNCIL,
          authorityId: 'ada-1',
          personId: 'ada',
          reason: 'scheme of delegation replaced',
          revokedAt: T.now,
          revokedBy: by,
        },
      });
  });

  it('revoking needs a reason', () => {
    spec
      .given(councilHistory)
      .when({ type: 'RevokeAuthority', ...base, authorityId: 'ada-1', reason: '' })
      .thenRejects('field-required', 'bad-input');
  });

  it('only an existing authority is revoked', () => {
    spec
      .given(councilHistory)
      .when({ type: 'RevokeAuthority', ...base, authorityId: 'nope', reason: 'r' })
      .thenRejects('authority-not-found', 'not-found');
  });

  it('an authority is revoked once', () => {
    spec
      .given(councilHistory, {
        type: 'AuthorityRevoked',
        data: {
          organisationId: COUNCIL,
          authorityId: 'ada-1',
          personId: 'ada',
          reason: 'r',
          revokedAt: T.validFrom,
          revokedBy: by,
        },
      })
      .when({ type: 'RevokeAuthority', ...base, authorityId: 'ada-1', reason: 'again' })
      .thenRejects('authority-already-revoked', 'rule-violated');
  });
});
