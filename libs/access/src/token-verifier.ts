/**
 * Verifies Accord bearer tokens (DESIGN §7) and turns them into a {@link Principal}.
 *
 * Two sources of keys: an OIDC issuer's JWKS (production), or the embedded default's local
 * Ed25519 public key. Every way a token can be wrong becomes an `UnauthenticatedError` (401) with a
 * stable code; an unreachable JWKS becomes an `UnavailableError` (503), since that is not the
 * caller's fault.
 *
 * Roles: `roles` must be an array of strings; strings that are not Accord roles are DROPPED, not
 * rejected. An identity provider commonly shares one roles claim among several applications, an
 * unknown role grants nothing here, and rejecting would lock people out whenever the provider gains
 * a role. Non-string entries are rejected (`token-invalid-claims`). A token without `roles` carries
 * no role: providers leave the claim out when a person has none (Keycloak's role mapper, Entra ID's
 * app roles), and such a person is then refused by `@Roles` (403), not taken for a bad token.
 *
 * Key rotation: a token whose `kid` is not in the cached key set makes the verifier fetch the set
 * again at once, within a {@link RefetchBudget} (jose alone waits out a 30 s cooldown after each
 * fetch, refusing the new key's tokens meanwhile).
 */
import { UnauthenticatedError, UnavailableError } from '@accord/platform';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  type KeyObject,
  type RemoteJWKSetOptions,
} from 'jose';
import { createPrincipal, normaliseRoles, type Principal } from './principal';
import { RefetchBudget } from './refetch-budget';

/** Algorithms accepted from an OIDC issuer's JWKS. Never `none`, never an HMAC. */
export const JWKS_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number];
/** The only algorithm accepted with a local key. */
export const LOCAL_ALGORITHMS = ['EdDSA'] as const;

export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** Fetches of the key set that unknown key ids may cause at once, and how often one more is allowed. */
export const UNKNOWN_KID_REFETCHES = { capacity: 3, refillMs: 30_000 } as const;
/** Longer bearer tokens are refused unread (`token-malformed`). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** Stable codes of the errors {@link TokenVerifier.verify} throws. */
export const TokenErrorCode = {
  /** No Authorization header, an empty one, or `Bearer` with no token. 401. */
  missing: 'token-missing',
  /** Not `Bearer <token>`, not a compact JWS, undecodable header or payload, too long. 401. */
  malformed: 'token-malformed',
  /** `alg` is `none`, an HMAC, or anything not allowed for this verifier. 401. */
  unsupportedAlgorithm: 'token-unsupported-algorithm',
  /** The signature does not verify, or no key of the issuer's set matches it. 401. */
  invalidSignature: 'token-invalid-signature',
  /** `exp` is past (beyond the clock tolerance). 401. */
  expired: 'token-expired',
  /** `nbf` is in the future (beyond the clock tolerance). 401. */
  notYetValid: 'token-not-yet-valid',
  /** Wrong `iss` or `aud`; missing `exp`; `iat` in the future; `sub` or `org` missing or ill-typed; `roles` ill-typed. 401. */
  invalidClaims: 'token-invalid-claims',
  /** The issuer's JWKS could not be fetched or parsed. 503 (`UnavailableError`). */
  jwksUnavailable: 'jwks-unavailable',
} as const;
export type TokenErrorCode = (typeof TokenErrorCode)[keyof typeof TokenErrorCode];

interface CommonVerifierConfig {
  /** Expected `iss` (one of, if a list). */
  issuer: string | readonly string[];
  /** Expected `aud` (the token must name at least one of these). */
  audience: string | readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds; default 30. */
  clockToleranceSeconds?: number;
  /** "Now", for tests; default the system clock. */
  clock?: () => Date;
}

export interface JwksVerifierConfig extends CommonVerifierConfig {
  mode: 'jwks';
  /** The OIDC issuer's `jwks_uri` (http or https). */
  jwksUrl: string | URL;
  /** A subset of {@link JWKS_ALGORITHMS}; default all of them. */
  algorithms?: readonly JwksAlgorithm[];
  /** Passed to jose's `createRemoteJWKSet` (timeoutDuration, cooldownDuration, cacheMaxAge, headers). */
  jwksOptions?: Pick<RemoteJWKSetOptions, 'timeoutDuration' | 'cooldownDuration' | 'cacheMaxAge' | 'headers'>;
}

export interface LocalVerifierConfig extends CommonVerifierConfig {
  mode: 'local';
  /** The Ed25519 public key, e.g. `LocalSigningKey.publicKey`. */
  publicKey: CryptoKey | KeyObject;
}

export type TokenVerifierConfig = JwksVerifierConfig | LocalVerifierConfig;

/** Thrown by the JWKS key resolver when the key set itself cannot be had. */
class KeySetUnavailable extends Error {
  constructor(cause: unknown) {
    super('the issuer key set is unavailable', { cause });
  }
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

const VERIFIED_CACHE_SIZE = 10_000;

export class TokenVerifier {
  private readonly key: CryptoKey | KeyObject | KeyResolver;
  private readonly issuers: readonly string[];
  private readonly algorithms: readonly string[];
  private readonly options: JWTVerifyOptions;
  private readonly tolerance: number;
  private readonly clock: () => Date;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  /** Throws a plain `Error` for a configuration that cannot work (a startup problem, not a caller's). */
  constructor(config: TokenVerifierConfig) {
    if (config?.mode !== 'jwks' && config?.mode !== 'local') {
      throw new Error(`unknown token verifier mode: ${String((config as { mode?: unknown } | undefined)?.mode)}`);
    }
    const issuer = nonEmptyList(config.issuer, 'issuer');
    this.issuers = issuer;
    const audience = nonEmptyList(config.audience, 'audience');
    this.tolerance = config.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    if (!Number.isFinite(this.tolerance) || this.tolerance < 0)
      throw new Error('clockToleranceSeconds must be a non-negative number');
    this.clock = config.clock ?? (() => new Date());

    if (config.mode === 'jwks') {
      const url = new URL(config.jwksUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new Error(`jwksUrl must be http(s): ${url.href}`);
      const algorithms = config.algorithms ?? JWKS_ALGORITHMS;
      const unknown = algorithms.filter((alg) => !(JWKS_ALGORITHMS as readonly string[]).includes(alg));
      if (algorithms.length === 0 || unknown.length > 0)
        throw new Error(`algorithms must be a non-empty subset of ${JWKS_ALGORITHMS.join(', ')}`);
      this.algorithms = [...algorithms];
      const remote = createRemoteJWKSet(url, { ...config.jwksOptions });
      const budget = new RefetchBudget(UNKNOWN_KID_REFETCHES.capacity, UNKNOWN_KID_REFETCHES.refillMs);
      const resolve: KeyResolver = async (header, token) => {
        // While cooling down, jose answers an unknown kid from the cached set without fetching it.
        const coolingDown = remote.coolingDown;
        try {
          return await remote(header, token);
        } catch (error) {
          if (!(error instanceof errors.JWKSNoMatchingKey) || !coolingDown) throw error;
          // A fetch under way (another request's) is awaited for free; a new one spends the budget.
          if (!remote.reloading && !budget.take()) throw error;
        }
        await remote.reload();
        return remote(header, token);
      };
      this.key = async (header, token) => {
        try {
          return await resolve(header, token);
        } catch (error) {
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
            throw error;
          throw new KeySetUnavailable(error);
        }
      };
    } else {
      if (config.publicKey === undefined || config.publicKey === null)
        throw new Error('publicKey is required in local mode');
      this.algorithms = [...LOCAL_ALGORITHMS];
      this.key = config.publicKey;
    }

    this.options = {
      issuer: [...issuer],
      audience: [...audience],
      algorithms: [...this.algorithms] as JWTVerifyOptions['algorithms'],
      clockTolerance: this.tolerance,
      requiredClaims: ['exp'],
    };
  }

  /** Verifies the value of an `Authorization` header (`Bearer <token>`). */
  async verify(authorizationHeader: string | undefined): Promise<Principal> {
    return this.verifyToken(extractBearerToken(authorizationHeader));
  }

  /**
   * Verifies a bare compact JWS. A token that verified once is remembered until it expires:
   * every request carries one, and an Ed25519 check costs more than the rest of a small command.
   * The exact token string is the key, so a single changed character verifies afresh.
   */
  async verifyToken(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs + this.tolerance * 1000 > this.clock().getTime()) return known.principal;
    return this.verifyUncached(token);
  }

  private async verifyUncached(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token === '') throw fail(TokenErrorCode.missing, 'no bearer token');
    if (token.length > MAX_TOKEN_LENGTH)
      throw fail(TokenErrorCode.malformed, `bearer token longer than ${MAX_TOKEN_LENGTH} characters`);
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      throw fail(TokenErrorCode.malformed, 'bearer token is not a compact JWS (three base64url parts)');
    }
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw fail(TokenErrorCode.malformed, 'bearer token header is not base64url-encoded JSON');
    }
    if (typeof alg !== 'string' || !this.algorithms.includes(alg)) {
      throw fail(
        TokenErrorCode.unsupportedAlgorithm,
        `token algorithm ${JSON.stringify(alg ?? null)} is not accepted; expected ${this.algorithms.join(' or ')}`,
      );
    }
    // Another issuer's token (another realm, another tenant) is refused before any key lookup: its
    // kid is none of ours, and looking it up would spend a fetch of our issuer's key set.
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw fail(TokenErrorCode.malformed, 'bearer token payload is not base64url-encoded JSON');
    }
    if (typeof issuer !== 'string' || !this.issuers.includes(issuer)) {
      throw fail(TokenErrorCode.invalidClaims, 'unexpected "iss" claim value', {
        claim: 'iss',
        reason: issuer === undefined ? 'missing' : 'check_failed',
      });
    }

    let payload: JWTPayload;
    try {
      payload = await this.verifyJws(token);
    } catch (error) {
      throw mapVerifyError(error);
    }
    const principal = this.toPrincipal(payload);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, expiresAtMs: (payload.exp as number) * 1000 });
    return principal;
  }

  private async verifyJws(token: string): Promise<JWTPayload> {
    const options = { ...this.options, currentDate: this.clock() };
    try {
      const key = this.key;
      const result =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return result.payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      // The issuer's set has several keys that fit (e.g. no kids): the token is good if one verifies it.
      let last: unknown = error;
      for await (const candidate of error as AsyncIterable<CryptoKey>) {
        try {
          return (await jwtVerify(token, candidate, options)).payload;
        } catch (candidateError) {
          last = candidateError;
          if (!(candidateError instanceof errors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw last instanceof errors.JWKSMultipleMatchingKeys ? new errors.JWSSignatureVerificationFailed() : last;
    }
  }

  private toPrincipal(payload: JWTPayload): Principal {
    const now = Math.floor(this.clock().getTime() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + this.tolerance) {
      throw fail(TokenErrorCode.invalidClaims, 'token "iat" is in the future', {
        claim: 'iat',
        reason: 'check_failed',
      });
    }
    const { sub, org, roles } = payload as JWTPayload & { org?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || sub === '') throw missingClaim('sub', sub);
    if (typeof org !== 'string' || org === '') throw missingClaim('org', org);
    if (org === ACCORD_OWN_ORG)
      throw fail(TokenErrorCode.invalidClaims, `token "org" ${ACCORD_OWN_ORG} is reserved for Accord's own actors`, {
        claim: 'org',
        reason: 'check_failed',
      });
    if (roles !== undefined && (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string'))) {
      throw fail(TokenErrorCode.invalidClaims, 'token "roles" must be an array of strings', {
        claim: 'roles',
        reason: 'invalid',
      });
    }
    return createPrincipal({ personId: sub, orgId: org, roles: normaliseRoles(roles ?? []) });
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive, RFC 6750
 * §2.1). No header, an empty one, or `Bearer` alone → `token-missing`; another scheme or extra
 * parts → `token-malformed`.
 */
export function extractBearerToken(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader === null)
    throw fail(TokenErrorCode.missing, 'no Authorization header');
  if (typeof authorizationHeader !== 'string')
    throw fail(TokenErrorCode.malformed, 'Authorization header must be a single value');
  const parts = authorizationHeader.trim().split(/[ \t]+/);
  if (parts[0] === '') throw fail(TokenErrorCode.missing, 'empty Authorization header');
  if (parts[0]!.toLowerCase() !== 'bearer')
    throw fail(TokenErrorCode.malformed, 'Authorization header must use the Bearer scheme');
  if (parts.length === 1) throw fail(TokenErrorCode.missing, 'no token after "Bearer"');
  if (parts.length > 2) throw fail(TokenErrorCode.malformed, 'Authorization header must be "Bearer <token>"');
  return parts[1]!;
}

function fail(code: TokenErrorCode, message: string, details?: Record<string, unknown>): UnauthenticatedError {
  return new UnauthenticatedError(code, message, details);
}

/**
 * The organisation of Accord's own actors (the closing-time scheduler, the webhook deliverer, the
 * retention rule): the domain lets them act where no person may, so no token speaks for them.
 */
const ACCORD_OWN_ORG = 'accord';

function missingClaim(claim: string, value: unknown): UnauthenticatedError {
  return fail(TokenErrorCode.invalidClaims, `token "${claim}" must be a non-empty string`, {
    claim,
    reason: value === undefined ? 'missing' : 'invalid',
  });
}

function mapVerifyError(error: unknown): Error {
  if (error instanceof KeySetUnavailable) {
    return new UnavailableError(
      TokenErrorCode.jwksUnavailable,
      'the identity provider key set is unavailable; try again',
    );
  }
  if (error instanceof errors.JWTExpired) return fail(TokenErrorCode.expired, 'token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' && error.reason === 'check_failed')
      return fail(TokenErrorCode.notYetValid, 'token is not yet valid');
    return fail(TokenErrorCode.invalidClaims, error.message, { claim: error.claim, reason: error.reason });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return fail(TokenErrorCode.invalidSignature, 'token signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey) {
    return fail(TokenErrorCode.invalidSignature, "no key in the issuer's key set matches the token");
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return fail(TokenErrorCode.unsupportedAlgorithm, 'token algorithm is not accepted');
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return fail(TokenErrorCode.malformed, `token is malformed: ${error.message}`);
  }
  if (error instanceof errors.JOSEError) return fail(TokenErrorCode.malformed, `token rejected: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

function nonEmptyList(value: string | readonly string[], name: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item === '')) {
    throw new Error(`${name} must be a non-empty string or list of them`);
  }
  return list;
}
