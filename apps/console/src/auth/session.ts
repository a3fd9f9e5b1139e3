import { base64UrlToBytes } from '../verify/bytes';

/**
 * Who is signed in: the bearer token and what it says about its holder. The token lives in
 * sessionStorage (this tab only, gone when it closes), never in a URL or a cookie.
 */
export interface Session {
  token: string;
  personId: string;
  orgId: string;
  roles: string[];
  /** Seconds since the epoch (the token's `exp`), when it has one. */
  expiresAt?: number;
  via: 'local' | 'token' | 'oidc';
}

const KEY = 'accord.console.session';

/** Reads the claims of a JWT without verifying it: the server verifies; the console only shows them. */
export function sessionFromToken(token: string, via: Session['via']): Session {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('This is not a JWT: it should be three base64url parts separated by dots.');
  let claims: { sub?: unknown; org?: unknown; roles?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(new TextDecoder().decode(base64UrlToBytes(parts[1] as string))) as typeof claims;
  } catch {
    throw new Error('The token’s claims cannot be read.');
  }
  if (typeof claims.sub !== 'string' || typeof claims.org !== 'string')
    throw new Error('The token has no person (sub) or organisation (org) claim.');
  return {
    token: token.trim(),
    personId: claims.sub,
    orgId: claims.org,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    via,
  };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt !== undefined && session.expiresAt * 1000 <= now;
}

export function seesAll(session: Session): boolean {
  return session.roles.includes('auditor') || session.roles.includes('admin');
}

export function readsAccountability(session: Session): boolean {
  return seesAll(session) || session.roles.includes('governance');
}

export function loadSession(storage: Storage = sessionStorage): Session | undefined {
  const raw = storage.getItem(KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    storage.removeItem(KEY);
    return undefined;
  }
}

export function saveSession(session: Session | undefined, storage: Storage = sessionStorage): void {
  if (session) storage.setItem(KEY, JSON.stringify(session));
  else storage.removeItem(KEY);
}
