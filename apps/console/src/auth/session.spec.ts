import { isExpired, sessionFromToken } from './session';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'EdDSA' })}.${b64url(claims)}.c2ln`;

describe('sessionFromToken', () => {
  it('reads person, organisation, roles and expiry from the claims', () => {
    const session = sessionFromToken(
      ` ${jwt({ sub: 'd.hargreaves', org: 'lambeth-council', roles: ['member', 7], exp: 2_000_000_000 })}\n`,
      'token',
    );
    expect(session).toMatchObject({
      personId: 'd.hargreaves',
      orgId: 'lambeth-council',
      roles: ['member'],
      expiresAt: 2_000_000_000,
      via: 'token',
    });
    expect(isExpired(session, 1_999_999_999_000)).toBe(false);
    expect(isExpired(session, 2_000_000_000_000)).toBe(true);
  });

  it('says what is wrong with something that is not an Accord token', () => {
    expect(() => sessionFromToken('not a token', 'token')).toThrow(/three base64url parts/);
    expect(() => sessionFromToken('a.%%%.c', 'token')).toThrow(/cannot be read/);
    expect(() => sessionFromToken(jwt({ sub: 'x' }), 'token')).toThrow(/organisation \(org\)/);
  });
});
