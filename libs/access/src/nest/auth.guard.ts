import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '@accord/platform';
import { satisfiesRoles, type Principal, type Role } from '../principal';
import {
  IS_PUBLIC_KEY,
  ROLES_KEY,
  TOKEN_VERIFIER,
  type PrincipalRequest,
  type PrincipalVerifier,
} from './access.constants';

/**
 * The global guard (register as `APP_GUARD`; `AccessModule.forRoot` does). Every route needs a
 * valid bearer token unless marked `@Public()`; the verified caller is stored as
 * `request.principal`; `@Roles(...)` then needs any one of the roles (platform `admin` passes all).
 *
 * Throws `UnauthenticatedError` (401, codes from the verifier) and
 * `ForbiddenError('role-required')` (403, details `{ requiredRoles }`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: PrincipalVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = await this.authenticate(context);
    if (principal) this.requireRoles(context, principal);
    return true;
  }

  /**
   * Verifies the bearer token and stores the caller as `request.principal`; undefined for a
   * `@Public()` route. An edge that learns more of the caller (the ledger's word on their roles)
   * replaces the principal before {@link requireRoles}.
   */
  async authenticate(context: ExecutionContext): Promise<Principal | undefined> {
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targetsOf(context)) === true)
      return undefined;
    if (context.getType() !== 'http') {
      // Fail closed: nothing but HTTP carries a bearer token here.
      throw new UnauthenticatedError('token-missing', `cannot authenticate a ${context.getType()} call`);
    }

    const request = context.switchToHttp().getRequest<PrincipalRequest>();
    const header = request.headers?.['authorization'];
    if (Array.isArray(header)) throw new UnauthenticatedError('token-malformed', 'more than one Authorization header');
    const principal = await this.verifier.verify(header);
    request.principal = principal;
    return principal;
  }

  /** `@Roles(...)`: the principal needs any one of them. */
  requireRoles(context: ExecutionContext, principal: Principal): void {
    const required = this.requiredRoles(context);
    if (required !== undefined && !satisfiesRoles(principal, required)) {
      throw new ForbiddenError('role-required', `this route needs one of the roles: ${required.join(', ')}`, {
        requiredRoles: [...required],
      });
    }
  }

  /** Whether {@link requireRoles} lets this principal through. */
  allowsRoles(context: ExecutionContext, principal: Principal): boolean {
    const required = this.requiredRoles(context);
    return required === undefined || satisfiesRoles(principal, required);
  }

  private requiredRoles(context: ExecutionContext): readonly Role[] | undefined {
    return this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targetsOf(context));
  }
}

function targetsOf(context: ExecutionContext) {
  return [context.getHandler(), context.getClass()];
}
