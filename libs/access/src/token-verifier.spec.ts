import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnauthenticatedError, UnavailableError } from '@accord/platform';
import {
  base64url,
  CompactSign,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { mintToken } from './token-minter';
import { TokenVerifier, type TokenVerifierConfig } from './token-verifier';

const ISSUER = 'https://accord.test';
const AUDIENCE = 'accord-api';
const HOUR = 3600;

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };

async function expectAuthError(
  promise: Promise<unknown>,
  code: string,
  details?: Record<string, unknown>,
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect(error).toMatchObject({ kind: 'unauthenticated', code, ...(details ? { details } : {}) });
}

function encodeJson(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** Signs an arbitrary claims set, for tokens the minter would refuse to make. */
async function signRaw(claims: JWTPayload, key: CryptoKey, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', ...header }).sign(key);
}

function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'person-1',
    org: 'org-1',
    roles: ['member'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + HOUR,
    ...overrides,
  };
}

describe('TokenVerifier (local key)', () => {
  let signer: KeyPair;
  let stranger: KeyPair;
  let verifier: TokenVerifier;

  const mint = (overrides: Partial<Parameters<typeof mintToken>[0]> = {}, key: KeyPair = signer) =>
    mintToken(
      {
        personId: 'person-1',
        orgId: 'org-1',
        roles: ['member', 'auditor'],
        expiresIn: '1h',
        issuer: ISSUER,
        audience: AUDIENCE,
        ...overrides,
      },
      { privateKey: key.privateKey, kid: 'local' },
    );

  beforeAll(async () => {
    signer = await generateKeyPair('EdDSA', { extractable: true });
    stranger = await generateKeyPair('EdDSA');
    verifier = new TokenVerifier({ mode: 'local', publicKey: signer.publicKey, issuer: ISSUER, audience: AUDIENCE });
  });

  it('accepts a valid token and returns the principal', async () => {
    const principal = await verifier.verify(`Bearer ${await mint()}`);
    expect(principal).toEqual({ personId: 'person-1', orgId: 'org-1', roles: ['member', 'auditor'] });
    expect(Object.isFrozen(principal)).toBe(true);
  });

  it('takes the Bearer scheme case-insensitively and tolerates surrounding blanks', async () => {
    const token = await mint();
    await expect(verifier.verify(`bearer ${token}`)).resolves.toMatchObject({ personId: 'person-1' });
    await expect(verifier.verify(`  BEARER   ${token}  `)).resolves.toMatchObject({ personId: 'person-1' });
    await expect(verifier.verifyToken(token)).resolves.toMatchObject({ orgId: 'org-1' });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a blank header', '   '],
    ['"Bearer" alone', 'Bearer'],
    ['"Bearer " alone', 'Bearer   '],
  ])('token-missing for %s', async (_what, header) => {
    await expectAuthError(verifier.verify(header), 'token-missing');
  });

  it.each([
    ['garbage', 'Bearer garbage'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['non-base64url characters', 'Bearer a+b.c/d.e='],
    ['a header that is not JSON', `Bearer ${base64url.encode('nope')}.${encodeJson(claims())}.sig`],
    ['four parts', 'Bearer a.b.c.d'],
    ['an oversized token', `Bearer ${'a'.repeat(20000)}.b.c`],
  ])('token-malformed for %s', async (_what, header) => {
    await expectAuthError(verifier.verify(header), 'token-malformed');
  });

  it('token-malformed for a correctly signed payload that is not a JSON claims set', async () => {
    const jws = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(signer.privateKey);
    await expectAuthError(verifier.verify(`Bearer ${jws}`), 'token-malformed');
  });

  it('token-expired past exp (beyond the 30 s tolerance)', async () => {
    const token = await mint({ issuedAt: new Date(Date.now() - 2 * HOUR * 1000) });
    await expectAuthError(verifier.verify(`Bearer ${token}`), 'token-expired');
  });

  it('applies the clock tolerance to exp: 29 s late passes, 31 s late does not', async () => {
    const issuedAt = new Date('2030-06-01T12:00:00Z');
    const token = await mint({ issuedAt, expiresIn: 60 });
    const at = (seconds: number) =>
      new TokenVerifier({
        mode: 'local',
        publicKey: signer.publicKey,
        issuer: ISSUER,
        audience: AUDIENCE,
        clock: () => new Date(issuedAt.getTime() + seconds * 1000),
      });
    await expect(at(60 + 29).verify(`Bearer ${token}`)).resolves.toMatchObject({ personId: 'person-1' });
    await expectAuthError(at(60 + 31).verify(`Bearer ${token}`), 'token-expired');
  });

  it('remembers a verified token only until it expires', async () => {
    const issuedAt = new Date('2030-06-01T12:00:00Z');
    const token = await mint({ issuedAt, expiresIn: 60 });
    let now = issuedAt.getTime() + 1000;
    const cached = new TokenVerifier({
      mode: 'local',
      publicKey: signer.publicKey,
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: () => new Date(now),
    });
    await expect(cached.verify(`Bearer ${token}`)).resolves.toMatchObject({ personId: 'person-1' });
    now += 60_000;
    await expect(cached.verify(`Bearer ${token}`)).resolves.toMatchObject({ personId: 'person-1' });
    now += 31_000;
    await expectAuthError(cached.verify(`Bearer ${token}`), 'token-expired');
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    await expectAuthError(cached.verify(`Bearer ${tampered}`), 'token-invalid-signature');
  });

  it('token-invalid-signature for a token signed by another key', async () => {
    await expectAuthError(verifier.verify(`Bearer ${await mint({}, stranger)}`), 'token-invalid-signature');
  });

  it('token-invalid-signature for a token whose payload was changed', async () => {
    const [header, , signature] = (await mint({ roles: ['member'] })).split('.');
    const forged = encodeJson(claims({ roles: ['admin'] }));
    await expectAuthError(verifier.verify(`Bearer ${header}.${forged}.${signature}`), 'token-invalid-signature');
  });

  it('token-invalid-claims for a wrong issuer or audience', async () => {
    await expectAuthError(
      verifier.verify(`Bearer ${await mint({ issuer: 'https://evil.test' })}`),
      'token-invalid-claims',
      { claim: 'iss' },
    );
    await expectAuthError(
      verifier.verify(`Bearer ${await mint({ audience: 'someone-else' })}`),
      'token-invalid-claims',
      { claim: 'aud' },
    );
    await expect(
      verifier.verify(`Bearer ${await mint({ audience: ['someone-else', AUDIENCE] })}`),
    ).resolves.toBeDefined();
  });

  it('accepts any of several configured issuers and audiences', async () => {
    const lenient = new TokenVerifier({
      mode: 'local',
      publicKey: signer.publicKey,
      issuer: [ISSUER, 'https://other.test'],
      audience: ['x', AUDIENCE],
    });
    await expect(lenient.verify(`Bearer ${await mint({ issuer: 'https://other.test' })}`)).resolves.toBeDefined();
  });

  it('refuses alg none', async () => {
    const unsigned = `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(claims())}.`;
    await expectAuthError(verifier.verify(`Bearer ${unsigned}`), 'token-unsupported-algorithm');
    const noAlg = `${encodeJson({ typ: 'JWT' })}.${encodeJson(claims())}.`;
    await expectAuthError(verifier.verify(`Bearer ${noAlg}`), 'token-unsupported-algorithm');
  });

  it('refuses HS256, whether keyed with a secret or with the public key bytes (key confusion)', async () => {
    const withSecret = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes!!!!!'));
    await expectAuthError(verifier.verify(`Bearer ${withSecret}`), 'token-unsupported-algorithm');
    const publicBytes = base64url.decode((await exportJWK(signer.publicKey)).x!);
    const confused = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(publicBytes);
    await expectAuthError(verifier.verify(`Bearer ${confused}`), 'token-unsupported-algorithm');
  });

  it('refuses ES256 in local mode', async () => {
    const ec = await generateKeyPair('ES256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey);
    await expectAuthError(verifier.verify(`Bearer ${token}`), 'token-unsupported-algorithm');
  });

  it('token-not-yet-valid for nbf in the future; within tolerance passes', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectAuthError(
      verifier.verify(`Bearer ${await signRaw(claims({ nbf: now + 120 }), signer.privateKey)}`),
      'token-not-yet-valid',
    );
    await expect(
      verifier.verify(`Bearer ${await signRaw(claims({ nbf: now + 10 }), signer.privateKey)}`),
    ).resolves.toBeDefined();
  });

  it.each([
    ['no exp', { exp: undefined }, 'exp'],
    ['a string exp', { exp: 'tomorrow' }, 'exp'],
    ['iat in the future', { iat: Math.floor(Date.now() / 1000) + 600 }, 'iat'],
    ['no iss', { iss: undefined }, 'iss'],
    ['no aud', { aud: undefined }, 'aud'],
    ['no sub', { sub: undefined }, 'sub'],
    ['an empty sub', { sub: '' }, 'sub'],
    ['no org', { org: undefined }, 'org'],
    ['a numeric org', { org: 7 }, 'org'],
    ['the org of Accord’s own actors', { sub: 'accord:retention', org: 'accord', roles: undefined }, 'org'],
    ['roles as a string', { roles: 'admin' }, 'roles'],
    ['a non-string role', { roles: ['member', 1] }, 'roles'],
  ])('token-invalid-claims for %s', async (_what, overrides, claim) => {
    const token = await signRaw(claims(overrides), signer.privateKey);
    await expectAuthError(verifier.verify(`Bearer ${token}`), 'token-invalid-claims', { claim });
  });

  it('takes a token without roles for one with none: providers leave an empty roles claim out', async () => {
    const token = await signRaw(claims({ roles: undefined }), signer.privateKey);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      personId: 'person-1',
      orgId: 'org-1',
      roles: [],
    });
  });

  it('drops unknown roles (documented choice) and keeps an empty role list', async () => {
    const token = await signRaw(claims({ roles: ['superuser', 'member', 'member', 'Admin'] }), signer.privateKey);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      personId: 'person-1',
      orgId: 'org-1',
      roles: ['member'],
    });
    const none = await signRaw(claims({ roles: [] }), signer.privateKey);
    await expect(verifier.verify(`Bearer ${none}`)).resolves.toMatchObject({ roles: [] });
  });

  it('refuses configurations that cannot work', () => {
    const ok = { mode: 'local', publicKey: signer.publicKey, issuer: ISSUER, audience: AUDIENCE } as const;
    expect(() => new TokenVerifier({ ...ok, issuer: '' })).toThrow(/issuer/);
    expect(() => new TokenVerifier({ ...ok, audience: [] })).toThrow(/audience/);
    expect(() => new TokenVerifier({ ...ok, clockToleranceSeconds: -1 })).toThrow(/clockTolerance/);
    expect(
      () => new TokenVerifier({ mode: 'jwks', jwksUrl: 'ftp://x/jwks', issuer: ISSUER, audience: AUDIENCE }),
    ).toThrow(/http/);
    expect(
      () =>
        new TokenVerifier({
          mode: 'jwks',
          jwksUrl: 'https://x/jwks',
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256' as never],
        }),
    ).toThrow(/algorithms/);
    expect(() => new TokenVerifier({ mode: 'other' } as unknown as TokenVerifierConfig)).toThrow(/mode/);
  });
});

describe('TokenVerifier (JWKS)', () => {
  let server: Server;
  let baseUrl: string;
  const keySets = new Map<string, { keys: JWK[] } | 'error'>();
  /** Key set requests the server answered, by path. */
  const fetches = new Map<string, number>();
  let ed: KeyPair;
  let es: KeyPair;
  let rs: KeyPair;
  let stranger: KeyPair;
  let unkeyed: KeyPair[];

  const verifierFor = (path: string, extra: Partial<TokenVerifierConfig> = {}) =>
    new TokenVerifier({
      mode: 'jwks',
      jwksUrl: `${baseUrl}${path}`,
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksOptions: { timeoutDuration: 2000 },
      ...extra,
    } as TokenVerifierConfig);

  const sign = (key: CryptoKey, alg: string, kid?: string, overrides: Record<string, unknown> = {}) =>
    new SignJWT(claims(overrides)).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);

  beforeAll(async () => {
    ed = await generateKeyPair('EdDSA', { extractable: true });
    es = await generateKeyPair('ES256', { extractable: true });
    rs = await generateKeyPair('RS256', { extractable: true });
    stranger = await generateKeyPair('EdDSA');
    unkeyed = [
      await generateKeyPair('EdDSA', { extractable: true }),
      await generateKeyPair('EdDSA', { extractable: true }),
    ];
    keySets.set('/jwks', {
      keys: [
        { ...(await exportJWK(ed.publicKey)), kid: 'ed', alg: 'EdDSA', use: 'sig' },
        { ...(await exportJWK(es.publicKey)), kid: 'ec', alg: 'ES256', use: 'sig' },
        { ...(await exportJWK(rs.publicKey)), kid: 'rsa', alg: 'RS256', use: 'sig' },
      ],
    });
    keySets.set('/no-kids', { keys: await Promise.all(unkeyed.map(async (k) => exportJWK(k.publicKey))) });
    keySets.set('/broken', 'error');

    server = createServer((req, res) => {
      fetches.set(req.url ?? '', (fetches.get(req.url ?? '') ?? 0) + 1);
      const set = keySets.get(req.url ?? '');
      if (set === undefined || set === 'error') {
        res.writeHead(set === 'error' ? 500 : 404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(set));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('accepts EdDSA, ES256 and RS256 tokens from the issuer key set', async () => {
    const verifier = verifierFor('/jwks');
    for (const [key, alg, kid] of [
      [ed, 'EdDSA', 'ed'],
      [es, 'ES256', 'ec'],
      [rs, 'RS256', 'rsa'],
    ] as const) {
      await expect(verifier.verify(`Bearer ${await sign(key.privateKey, alg, kid)}`)).resolves.toEqual({
        personId: 'person-1',
        orgId: 'org-1',
        roles: ['member'],
      });
    }
  });

  it('also accepts a token minted by mintToken when its key is published', async () => {
    const token = await mintToken(
      { personId: 'p-9', orgId: 'org-9', roles: ['governance'], expiresIn: '5m', issuer: ISSUER, audience: AUDIENCE },
      { privateKey: ed.privateKey, kid: 'ed' },
    );
    await expect(verifierFor('/jwks').verify(`Bearer ${token}`)).resolves.toEqual({
      personId: 'p-9',
      orgId: 'org-9',
      roles: ['governance'],
    });
  });

  it('token-invalid-signature for another key, under a known kid or an unknown one', async () => {
    const verifier = verifierFor('/jwks');
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(stranger.privateKey, 'EdDSA', 'ed')}`),
      'token-invalid-signature',
    );
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(stranger.privateKey, 'EdDSA', 'nobody')}`),
      'token-invalid-signature',
    );
    // A published key used with another algorithm's kid does not match either.
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(es.privateKey, 'ES256', 'ed')}`),
      'token-invalid-signature',
    );
  });

  it('checks issuer, audience and expiry in JWKS mode too', async () => {
    const verifier = verifierFor('/jwks');
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(ed.privateKey, 'EdDSA', 'ed', { iss: 'https://evil.test' })}`),
      'token-invalid-claims',
      { claim: 'iss' },
    );
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(ed.privateKey, 'EdDSA', 'ed', { aud: 'other' })}`),
      'token-invalid-claims',
      { claim: 'aud' },
    );
    const past = Math.floor(Date.now() / 1000) - 2 * HOUR;
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(ed.privateKey, 'EdDSA', 'ed', { iat: past, exp: past + 60 })}`),
      'token-expired',
    );
  });

  it('refuses algorithms outside EdDSA/ES256/RS256, and outside a configured subset', async () => {
    const verifier = verifierFor('/jwks');
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'ed' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes!!!!!'));
    await expectAuthError(verifier.verify(`Bearer ${hs}`), 'token-unsupported-algorithm');
    for (const alg of ['PS256', 'ES384', 'RS512', 'Ed25519']) {
      const token = `${encodeJson({ alg, kid: 'rsa' })}.${encodeJson(claims())}.c2lnbmF0dXJl`;
      await expectAuthError(verifier.verify(`Bearer ${token}`), 'token-unsupported-algorithm');
    }
    const edOnly = verifierFor('/jwks', { algorithms: ['EdDSA'] });
    await expectAuthError(
      edOnly.verify(`Bearer ${await sign(rs.privateKey, 'RS256', 'rsa')}`),
      'token-unsupported-algorithm',
    );
  });

  it('tries each candidate when several keys match (a key set without kids)', async () => {
    const verifier = verifierFor('/no-kids');
    await expect(verifier.verify(`Bearer ${await sign(unkeyed[1]!.privateKey, 'EdDSA')}`)).resolves.toMatchObject({
      personId: 'person-1',
    });
    await expect(verifier.verify(`Bearer ${await sign(unkeyed[0]!.privateKey, 'EdDSA')}`)).resolves.toMatchObject({
      personId: 'person-1',
    });
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(stranger.privateKey, 'EdDSA')}`),
      'token-invalid-signature',
    );
  });

  it('jwks-unavailable (503, not 401) when the key set cannot be fetched', async () => {
    const token = await sign(ed.privateKey, 'EdDSA', 'ed');
    const broken = await verifierFor('/broken')
      .verify(`Bearer ${token}`)
      .catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(UnavailableError);
    expect(broken).toMatchObject({ kind: 'unavailable', code: 'jwks-unavailable' });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = new TokenVerifier({
      mode: 'jwks',
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    await expect(refused.verify(`Bearer ${token}`)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'jwks-unavailable',
    });
  });

  it('picks up a rotated key at once, without waiting out jose’s 30 s cooldown', async () => {
    const jwk = async (key: KeyPair, kid: string): Promise<JWK> => ({
      ...(await exportJWK(key.publicKey)),
      kid,
      alg: 'EdDSA',
      use: 'sig',
    });
    const rotated = await generateKeyPair('EdDSA', { extractable: true });
    keySets.set('/rotating', { keys: [await jwk(ed, 'ed')] });
    const verifier = verifierFor('/rotating');
    await expect(verifier.verify(`Bearer ${await sign(ed.privateKey, 'EdDSA', 'ed')}`)).resolves.toBeDefined();
    // The provider publishes a new key and signs with it straight away (Keycloak does).
    keySets.set('/rotating', { keys: [await jwk(rotated, 'rotated'), await jwk(ed, 'ed')] });
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        verifier.verify(`Bearer ${await sign(rotated.privateKey, 'EdDSA', 'rotated', { sub: `person-${i}` })}`),
      ),
    );
    expect(concurrent.map((p) => p.personId)).toEqual(Array.from({ length: 20 }, (_, i) => `person-${i}`));
    expect(fetches.get('/rotating')).toBe(2);
  });

  it('lets made-up key ids cost the provider only a few fetches', async () => {
    keySets.set('/sprayed', (keySets.get('/jwks') as { keys: JWK[] }) ?? { keys: [] });
    const verifier = verifierFor('/sprayed');
    await expect(verifier.verify(`Bearer ${await sign(ed.privateKey, 'EdDSA', 'ed')}`)).resolves.toBeDefined();
    for (let i = 0; i < 10; i++) {
      await expectAuthError(
        verifier.verify(`Bearer ${await sign(stranger.privateKey, 'EdDSA', `made-up-${i}`)}`),
        'token-invalid-signature',
      );
    }
    expect(fetches.get('/sprayed')).toBe(1 + 3);
  });

  it('refuses another issuer’s token without fetching the key set', async () => {
    keySets.set('/untouched', (keySets.get('/jwks') as { keys: JWK[] }) ?? { keys: [] });
    const verifier = verifierFor('/untouched');
    await expectAuthError(
      verifier.verify(`Bearer ${await sign(stranger.privateKey, 'EdDSA', 'theirs', { iss: 'https://other.test' })}`),
      'token-invalid-claims',
      { claim: 'iss', reason: 'check_failed' },
    );
    expect(fetches.get('/untouched')).toBeUndefined();
  });

  it('still answers malformed and missing before touching the network', async () => {
    const verifier = verifierFor('/broken');
    await expectAuthError(verifier.verify(undefined), 'token-missing');
    await expectAuthError(verifier.verify('Bearer junk'), 'token-malformed');
  });
});
