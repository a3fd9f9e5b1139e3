import { actor, ADA, BEN, CAL, COUNCIL, councilHistory, T } from '../shared/fixtures';
import { specFor } from '../shared/testing';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { organisationAggregate } from './organisation.aggregate';
import type { OrganisationState } from './organisation.state';
import { isWitnessVkeyShaped } from './witness-registration';

const spec = specFor<OrganisationState, OrganisationCommand, OrganisationEvent, unknown>(organisationAggregate);

const orgAdmin = actor(CAL, 'member', 'org-admin');
const by = { personId: CAL.personId, orgId: COUNCIL };
// camden's cosignature/v1 vkey in libs/audit/test-vectors/witness.json.
const NAME = 'witness.camden.example/accord';
const KEY = 'BCmsuuFBvMrwsi4alNNNC8c2HlJtC/4SyJeUvJMilm3X';
const VKEY = `${NAME}+03caa182+${KEY}`;
const URL_ = 'https://witness.camden.example/';

const register = (over: Partial<Record<'name' | 'vkey' | 'url', string>> = {}, who = orgAdmin) => ({
  type: 'RegisterWitness' as const,
  actor: who,
  now: T.now,
  organisationId: COUNCIL,
  name: NAME,
  vkey: VKEY,
  url: URL_,
  ...over,
});
const registered: OrganisationEvent = {
  type: 'WitnessRegistered',
  data: { organisationId: COUNCIL, name: NAME, vkey: VKEY, url: URL_, registeredBy: by },
};
const retire = (who = orgAdmin) => ({
  type: 'RetireWitness' as const,
  actor: who,
  now: T.now,
  organisationId: COUNCIL,
  reason: 'Key rotated',
});

describe("organisation: the party's witness of the log", () => {
  it('an org-admin registers their organisation’s witness, and the ledger then names it', () => {
    const state = spec.given(councilHistory).when(register()).then(registered);
    expect(state.witness).toEqual({ name: NAME, vkey: VKEY, url: URL_ });
  });

  it("only the party's own org-admin names its witness: not the platform admin, not another party, not a member", () => {
    for (const who of [
      actor(ADA),
      { personId: 'root', orgId: 'platform', roles: ['admin' as const] },
      { personId: CAL.personId, orgId: COUNCIL, roles: ['admin' as const, 'member' as const] },
      { personId: 'x', orgId: 'elsewhere', roles: ['org-admin' as const] },
    ])
      spec.given(councilHistory).when(register({}, who)).thenRejects('not-witness-org-admin', 'forbidden');
    spec
      .given(councilHistory, registered)
      .when(retire(actor(BEN)))
      .thenRejects('not-witness-org-admin', 'forbidden');
  });

  it('one witness at a time: another is registered only after the first is retired', () => {
    spec.given(councilHistory, registered).when(register()).thenRejects('witness-already-registered', 'rule-violated');
    const state = spec
      .given(councilHistory, registered)
      .when(retire())
      .then({
        type: 'WitnessRetired',
        data: { organisationId: COUNCIL, name: NAME, vkey: VKEY, reason: 'Key rotated', retiredBy: by },
      });
    expect(state.witness).toBeUndefined();
    spec
      .given(councilHistory, registered, {
        type: 'WitnessRetired',
        data: { ...registered.data, reason: 'r', retiredBy: by },
      } as never)
      .when(register())
      .then(registered);
  });

  it('retiring needs a witness, and a reason', () => {
    spec.given(councilHistory).when(retire()).thenRejects('witness-not-registered', 'rule-violated');
    spec
      .given(councilHistory, registered)
      .when({ ...retire(), reason: ' ' })
      .thenRejects('field-required', 'bad-input');
  });

  it('the organisation must be registered', () => {
    spec.given().when(register()).thenRejects('organisation-not-found', 'not-found');
  });

  it.each([
    ['a vkey of another type (0x01, a log key)', { vkey: `${NAME}+03caa182+A${KEY.slice(1)}` }],
    ['a vkey with a short key', { vkey: `${NAME}+03caa182+${KEY.slice(0, 40)}` }],
    ['a vkey with an uppercase key ID', { vkey: `${NAME}+03CAA182+${KEY}` }],
    ['a vkey naming another witness', { name: 'witness.other.example' }],
    ['a URL that is not http(s)', { url: 'ftp://witness.camden.example' }],
    ['a URL with credentials', { url: 'https://u:p@witness.camden.example' }],
    ['a URL with a query', { url: 'https://witness.camden.example/?x=1' }],
    ['no URL at all', { url: 'witness.camden.example' }],
  ])('refuses %s (400 invalid-field)', (_what, over) => {
    spec.given(councilHistory).when(register(over)).thenRejects('invalid-field', 'bad-input');
  });

  it('reads the shape of real cosignature/v1 vkeys', () => {
    expect(isWitnessVkeyShaped(VKEY)).toEqual({ name: NAME });
    expect(isWitnessVkeyShaped(`a b+03caa182+${KEY}`)).toBeUndefined();
  });
});
