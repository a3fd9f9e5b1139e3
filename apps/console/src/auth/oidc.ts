import { base64UrlEncode, randomToken, sha256 } from '../verify/bytes';

/**
 * Sign-in with the configured OIDC issuer: authorization code with PKCE (RFC 7636, S256), the
 * flow for a public client in a browser. The verifier and state stay in sessionStorage between
 * the redirect out and the redirect back; the token the API accepts is the access token.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  audience: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'accord.console.oidc';

export function redirectUri(): string {
  return `${location.origin}/console/`;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok)
    throw new Error(`The sign-in service (${issuer}) did not answer its discovery document (${response.status}).`);
  return (await response.json()) as Discovery;
}

/** Sends the browser to the issuer's login page. */
export async function beginOidcSignIn(settings: OidcSettings): Promise<void> {
  const discovery = await discover(settings.issuer);
  const verifier = randomToken(32);
  const state = randomToken(16);
  const challenge = base64UrlEncode(await sha256(new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, tokenEndpoint: discovery.token_endpoint }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    audience: settings.audience,
  }).toString();
  location.assign(url.toString());
}

/**
 * On the way back from the issuer: exchanges the code for tokens. Returns undefined when this
 * page load is not a sign-in callback.
 */
export async function completeOidcSignIn(settings: OidcSettings): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    tokenEndpoint: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (error) throw new Error(`The sign-in service refused: ${params.get('error_description') ?? error}`);
  if (!pending || params.get('state') !== pending.state)
    throw new Error('This sign-in answer does not match a sign-in started here; start again.');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code as string,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`The sign-in service did not issue a token (${response.status}).`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('The sign-in service answered without an access token.');
  return tokens.access_token;
}
