import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/**
 * A minimal OpenID provider for the console's configured-mode tests: discovery, an authorize
 * endpoint that signs the configured person in at once, a token endpoint that checks the PKCE
 * verifier (RFC 7636, S256) and the client, and a JWKS. It issues the access tokens the API
 * verifies, with Accord's `org` and `roles` claims.
 */
export interface FakeIssuer {
  issuer: string;
  jwksUrl: string;
  /** Token requests it refused, with why (a wrong verifier, an unknown code…). */
  refusals: string[];
  /** Authorization requests it saw. */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

export async function startFakeIssuer(options: {
  clientId: string;
  audience: string;
  person: { personId: string; orgId: string; roles: string[] };
}): Promise<FakeIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'EdDSA', use: 'sig' };
  const pending = new Map<string, { challenge: string; redirectUri: string }>();
  const refusals: string[] = [];
  const authorizations: URLSearchParams[] = [];
  let issuer = '';

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') return json(204, {});
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      authorizations.push(url.searchParams);
      const q = url.searchParams;
      if (
        q.get('client_id') !== options.clientId ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      )
        return json(400, { error: 'invalid_request' });
      const code = randomUUID();
      pending.set(code, { challenge: q.get('code_challenge') as string, redirectUri: q.get('redirect_uri') as string });
      const back = new URL(q.get('redirect_uri') as string);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const grant = pending.get(form.get('code') ?? '');
      pending.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const why = !grant
        ? 'unknown code'
        : createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
          ? 'PKCE verifier does not match the challenge'
          : form.get('redirect_uri') !== grant.redirectUri
            ? 'redirect_uri differs'
            : form.get('client_id') !== options.clientId
              ? 'unknown client'
              : undefined;
      if (why) {
        refusals.push(why);
        return json(400, { error: 'invalid_grant', error_description: why });
      }
      const accessToken = await sign(privateKey, issuer, options);
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    refusals,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sign(
  key: CryptoKey,
  issuer: string,
  options: { audience: string; person: { personId: string; orgId: string; roles: string[] } },
): Promise<string> {
  return new SignJWT({ org: options.person.orgId, roles: options.person.roles })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'fake-1' })
    .setSubject(options.person.personId)
    .setIssuer(issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
