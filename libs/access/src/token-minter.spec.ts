import { BadInputError } from '@accord/platform';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify, type CryptoKey } from 'jose';
import { mintToken, parseTokenLifetime } from './token-minter';

describe('mintToken', () => {
  let key: { privateKey: CryptoKey; kid: string };
  let publicKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA');
    key = { privateKey: pair.privateKey, kid: 'kid-1' };
    publicKey = pair.publicKey;
  });

  const base = {
    personId: 'person-1',
    orgId: 'org-1',
    roles: ['member', 'auditor'] as const,
    expiresIn: '8h',
    issuer: 'https://accord.local',
    audience: 'accord-api',
  };

  it('produces an EdDSA compact JWS with kid and the documented claims', async () => {
    const issuedAt = new Date('2030-01-01T00:00:00Z');
    const token = await mintToken({ ...base, roles: [...base.roles], issuedAt }, key);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'kid-1' });
    const iat = issuedAt.getTime() / 1000;
    expect(decodeJwt(token)).toEqual({
      sub: 'person-1',
      org: 'org-1',
      roles: ['member', 'auditor'],
      iss: 'https://accord.local',
      aud: 'accord-api',
      iat,
      exp: iat + 8 * 3600,
    });
    await expect(jwtVerify(token, publicKey, { currentDate: issuedAt })).resolves.toBeDefined();
  });

  it('takes seconds as a number and several audiences', async () => {
    const token = await mintToken({ ...base, roles: ['admin'], expiresIn: 60, audience: ['a', 'b'] }, key);
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(claims.aud).toEqual(['a', 'b']);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(5);
  });

  it.each([
    ['personId', ''],
    ['orgId', ''],
    ['issuer', ''],
    ['audience', ''],
    ['audience', []],
    ['audience', ['ok', '']],
  ])('refuses %s = %p', async (field, value) => {
    await expect(mintToken({ ...base, roles: [], [field]: value }, key)).rejects.toMatchObject({
      kind: 'bad-input',
      code: 'token-input-invalid',
    });
  });

  it('refuses an unknown role and a key without kid', async () => {
    await expect(mintToken({ ...base, roles: ['root' as never] }, key)).rejects.toThrow(BadInputError);
    await expect(mintToken({ ...base, roles: [] }, { ...key, kid: '' })).rejects.toMatchObject({
      code: 'token-input-invalid',
    });
  });
});

describe('parseTokenLifetime', () => {
  it.each([
    [60, 60],
    ['90s', 90],
    ['15m', 900],
    ['8h', 28800],
    ['7d', 604800],
    ['2 weeks', 1209600],
    ['1 hour', 3600],
    ['300', 300],
  ])('%p → %p seconds', (input, seconds) => {
    expect(parseTokenLifetime(input)).toBe(seconds);
  });

  it.each([0, -5, 1.5, NaN, '', 'soon', '8x', '-1h', '1.5h'])('refuses %p', (input) => {
    expect(() => parseTokenLifetime(input)).toThrow(expect.objectContaining({ code: 'token-lifetime-invalid' }));
  });
});
