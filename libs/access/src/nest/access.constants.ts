import type { Principal } from '../principal';

/** Injection token of the {@link PrincipalVerifier} (normally a `TokenVerifier`) the `AuthGuard` uses. */
export const TOKEN_VERIFIER = Symbol('accord:access:token-verifier');

/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = 'accord:access:public';
/** Metadata key set by `@Roles(...)`. */
export const ROLES_KEY = 'accord:access:roles';

/** What the guard needs of a verifier; `TokenVerifier` is one, a test may pass a fake. */
export interface PrincipalVerifier {
  verify(authorizationHeader: string | undefined): Promise<Principal>;
}

/**
 * The part of the (Fastify) request the access layer reads and writes. The guard stores the
 * verified caller as `request.principal`.
 */
export interface PrincipalRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}
