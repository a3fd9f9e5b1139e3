import { ADA, authorityDelegated, BEN, COUNCIL, memberAdded, orgState, registered } from '../shared/fixtures';
import { findAuthority } from './delegated-authority';

const base = [registered(COUNCIL), memberAdded(ADA), memberAdded(BEN)];
const revoked = (authorityId: string, revokedAt: string) => ({
  type: 'AuthorityRevoked' as const,
  data: { organisationId: COUNCIL, authorityId, personId: 'ada', reason: 'r', revokedAt, revokedBy: ADA },
});

describe('delegated authority at a moment', () => {
  const org = orgState([
    ...base,
    authorityDelegated('wide', ADA, ['funding', 'development'], 1_000_000, {
      validFrom: '2026-04-01T00:00:00Z',
      validTo: '2026-07-01T00:00:00Z',
    }),
    authorityDelegated('narrow', ADA, ['funding'], 10_000, { validFrom: '2026-04-01T00:00:00Z' }),
  ]);

  it('counts from validFrom inclusive', () => {
    expect(findAuthority(org, 'ada', 'funding', 0, '2026-03-31T23:59:59Z')).toMatchObject({
      ok: false,
      code: 'no-valid-authority',
    });
    expect(findAuthority(org, 'ada', 'funding', 0, '2026-04-01T00:00:00Z')).toMatchObject({ ok: true });
  });

  it('stops at validTo exclusive', () => {
    expect(findAuthority(org, 'ada', 'development', 0, '2026-06-30T23:59:59Z')).toMatchObject({
      ok: true,
      authority: { authorityId: 'wide' },
    });
    expect(findAuthority(org, 'ada', 'development', 0, '2026-07-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'authority-category-not-covered',
    });
  });

  it('chooses the narrowest authority that covers the value', () => {
    expect(findAuthority(org, 'ada', 'funding', 5_000, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: true,
      authority: { authorityId: 'narrow' },
    });
    expect(findAuthority(org, 'ada', 'funding', 50_000, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: true,
      authority: { authorityId: 'wide' },
    });
  });

  it('reports a value above every covering limit as authority-value-exceeded', () => {
    expect(findAuthority(org, 'ada', 'funding', 1_000_001, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'authority-value-exceeded',
    });
  });

  it('reports a category outside every authority as authority-category-not-covered', () => {
    expect(findAuthority(org, 'ada', 'land-disposal', 0, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'authority-category-not-covered',
    });
  });

  it('a member without any authority has none', () => {
    expect(findAuthority(org, 'ben', 'funding', 0, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'no-valid-authority',
    });
  });

  it('revocation counts from its own instant: valid before it, not after', () => {
    const r = orgState([...base, authorityDelegated('a', ADA, ['funding'], 100), revoked('a', '2026-05-10T12:00:00Z')]);
    expect(findAuthority(r, 'ada', 'funding', 0, '2026-05-10T11:59:59Z')).toMatchObject({ ok: true });
    expect(findAuthority(r, 'ada', 'funding', 0, '2026-05-10T12:00:00Z')).toMatchObject({
      ok: false,
      code: 'no-valid-authority',
    });
  });

  it('a removed member holds no authority', () => {
    const r = orgState([
      ...base,
      authorityDelegated('a', ADA, ['funding'], 100),
      { type: 'MemberRemoved', data: { organisationId: COUNCIL, personId: 'ada', removedBy: ADA } },
    ]);
    expect(findAuthority(r, 'ada', 'funding', 0, '2026-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'no-valid-authority',
    });
  });
});
