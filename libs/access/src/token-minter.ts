/**
 * Mints Accord bearer tokens (DESIGN §7) with the embedded default's Ed25519 key. Used by
 * `accord token ...` and by tests; production tokens come from the OIDC issuer instead.
 */
import { BadInputError } from '@accord/platform';
import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { isRole, normaliseRoles, type Role } from './principal';

export interface MintTokenInput {
  personId: string;
  orgId: string;
  roles: readonly Role[];
  /** Lifetime: whole seconds, or a duration such as `'90s'`, `'15m'`, `'8h'`, `'7d'`, `'2 weeks'`. */
  expiresIn: string | number;
  issuer: string;
  audience: string | readonly string[];
  /** Defaults to now; tests set it to mint already-expired tokens. */
  issuedAt?: Date;
}

export interface TokenSigningKey {
  privateKey: CryptoKey | KeyObject;
  /** Put in the protected header, so a JWKS-based verifier can pick the key. */
  kid: string;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

/** Turns `expiresIn` into a positive whole number of seconds; throws `BadInputError('token-lifetime-invalid')`. */
export function parseTokenLifetime(expiresIn: string | number): number {
  let seconds: number | undefined;
  if (typeof expiresIn === 'number') {
    seconds = expiresIn;
  } else if (typeof expiresIn === 'string') {
    const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(expiresIn);
    const unit = match ? UNIT_SECONDS[(match[2] || 's').toLowerCase()] : undefined;
    if (match && unit !== undefined) seconds = Number(match[1]) * unit;
  }
  if (seconds === undefined || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new BadInputError(
      'token-lifetime-invalid',
      `expiresIn must be a positive whole number of seconds or a duration like '8h'; got ${JSON.stringify(expiresIn)}`,
    );
  }
  return seconds;
}

/**
 * A compact JWS, alg `EdDSA`, header `{ alg, typ: 'JWT', kid }`, claims
 * `sub` (personId), `org`, `roles`, `iat`, `exp`, `iss`, `aud`.
 * Throws `BadInputError('token-input-invalid')` for empty ids, issuer or audience, or an unknown role.
 */
export async function mintToken(input: MintTokenInput, key: TokenSigningKey): Promise<string> {
  const invalid = (message: string) => new BadInputError('token-input-invalid', message);
  if (typeof input.personId !== 'string' || input.personId === '') throw invalid('personId must be a non-empty string');
  if (typeof input.orgId !== 'string' || input.orgId === '') throw invalid('orgId must be a non-empty string');
  if (typeof input.issuer !== 'string' || input.issuer === '') throw invalid('issuer must be a non-empty string');
  const audience = typeof input.audience === 'string' ? [input.audience] : [...input.audience];
  if (audience.length === 0 || audience.some((aud) => typeof aud !== 'string' || aud === '')) {
    throw invalid('audience must be a non-empty string or list of them');
  }
  const unknown = input.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw invalid(`unknown role(s): ${unknown.join(', ')}`);
  if (typeof key.kid !== 'string' || key.kid === '') throw invalid('the signing key needs a kid');

  const lifetime = parseTokenLifetime(input.expiresIn);
  const iat = Math.floor((input.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT({ org: input.orgId, roles: normaliseRoles(input.roles) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid })
    .setSubject(input.personId)
    .setIssuer(input.issuer)
    .setAudience(audience.length === 1 ? audience[0]! : audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(key.privateKey);
}
