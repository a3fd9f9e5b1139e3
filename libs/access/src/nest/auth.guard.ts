import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '@accord/platform';
import { satisfiesRoles, type Role } from '../principal';
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
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;
    if (context.getType() !== 'http') {
      // Fail closed: nothing but HTTP carries a bearer token here.
      throw new UnauthenticatedError('token-missing', `cannot authenticate a ${context.getType()} call`);
    }

    const request = context.switchToHttp().getRequest<PrincipalRequest>();
    const header = request.headers?.['authorization'];
    if (Array.isArray(header)) throw new UnauthenticatedError('token-malformed', 'more than one Authorization header');
    const principal = await this.verifier.verify(header);
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets);
    if (required !== undefined && !satisfiesRoles(principal, required)) {
      throw new ForbiddenError('role-required', `this route needs one of the roles: ${required.join(', ')}`, {
        requiredRoles: [...required],
      });
    }
    return true;
  }
}
