import { ADA, actor, BEN, CAL, COUNCIL, councilHistory, T } from '../shared/fixtures';
import { RETENTION_RULE_ACTOR } from '../shared/personal-data';
import { specFor } from '../shared/testing';
import type { OrganisationState } from './organisation.state';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';

const spec = specFor<OrganisationState, OrganisationCommand, OrganisationEvent, unknown>(organisationAggregate);

const orgAdmin = actor(CAL, 'member', 'org-admin');
const erase = (personId: string, who = orgAdmin, fields: Record<string, unknown> = {}) =>
  ({
    type: 'ErasePersonalData' as const,
    actor: who,
    now: T.now,
    organisationId: COUNCIL,
    personId,
    reason: 'person-request' as const,
    lawfulBasis: 'consent-withdrawn' as const,
    ...fields,
  }) as OrganisationCommand;
const erased = (personId: string): OrganisationEvent => ({
  type: 'PersonalDataErased',
  data: {
    organisationId: COUNCIL,
    personId,
    reason: 'person-request',
    lawfulBasis: 'consent-withdrawn',
    erasedBy: { personId: CAL.personId, orgId: COUNCIL },
  },
});
const removed: OrganisationEvent = {
  type: 'MemberRemoved',
  data: { organisationId: COUNCIL, personId: BEN.personId, removedBy: { personId: CAL.personId, orgId: COUNCIL } },
} as OrganisationEvent;

describe('organisation: erasing a person’s personal data', () => {
  it('an org-admin erases a member’s personal data, with who asked and the Article 17 ground', () => {
    spec.given(councilHistory).when(erase(BEN.personId)).then(erased(BEN.personId));
  });

  it('also a former member’s, and again later (what they disclosed since is new data)', () => {
    spec.given(councilHistory, removed).when(erase(BEN.personId)).then(erased(BEN.personId));
    spec.given(councilHistory, erased(BEN.personId)).when(erase(BEN.personId)).then(erased(BEN.personId));
  });

  it('only an org-admin of the organisation (or the platform admin)', () => {
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, actor(ADA)))
      .thenRejects('not-organisation-admin', 'forbidden');
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, actor({ personId: 'x', orgId: 'elsewhere' }, 'org-admin')))
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it('the retention rule erases without an org-admin, and only under that reason', () => {
    const byRule = erase(BEN.personId, RETENTION_RULE_ACTOR, {
      reason: 'retention-rule',
      lawfulBasis: 'no-longer-necessary',
    });
    spec
      .given(councilHistory)
      .when(byRule)
      .then({
        type: 'PersonalDataErased',
        data: {
          organisationId: COUNCIL,
          personId: BEN.personId,
          reason: 'retention-rule',
          lawfulBasis: 'no-longer-necessary',
          erasedBy: { personId: RETENTION_RULE_ACTOR.personId, orgId: RETENTION_RULE_ACTOR.orgId },
        },
      } as OrganisationEvent);
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, RETENTION_RULE_ACTOR))
      .thenRejects('not-organisation-admin', 'forbidden');
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, { ...RETENTION_RULE_ACTOR, roles: ['member'] }, { reason: 'retention-rule' }))
      .thenRejects('not-organisation-admin', 'forbidden');
  });

  it('only of someone who is or was a member of that organisation', () => {
    spec.given(councilHistory).when(erase('stranger')).thenRejects('erasure-subject-not-a-member', 'rule-violated');
  });

  it('with a reason and a ground from the lists, never free text', () => {
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, orgAdmin, { reason: 'she asked nicely' }))
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(councilHistory)
      .when(erase(BEN.personId, orgAdmin, { lawfulBasis: undefined }))
      .thenRejects('invalid-field', 'bad-input');
  });
});
