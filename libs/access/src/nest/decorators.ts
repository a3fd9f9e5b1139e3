import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@accord/platform';
import { isRole, type Principal, type Role } from '../principal';
import { IS_PUBLIC_KEY, ROLES_KEY, type PrincipalRequest } from './access.constants';

/** The route (or every route of the controller) needs no token; the guard does not even read one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The caller needs at least one of these roles; a platform `admin` always passes. On a method it
 * replaces (does not add to) a `@Roles` on the controller. Throws at load time on no or unknown roles.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => {
  if (roles.length === 0) throw new TypeError('@Roles() needs at least one role');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new TypeError(`@Roles(): unknown role(s) ${unknown.join(', ')}`);
  return SetMetadata(ROLES_KEY, Object.freeze([...roles]));
};

/**
 * The principal the guard attached to the request. Throws `UnauthenticatedError('token-missing')`
 * when there is none (a `@Public` route, or the guard is not installed), so a handler can never
 * act with no verified caller.
 */
export function principalFromContext(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<PrincipalRequest>().principal;
  if (principal === undefined)
    throw new UnauthenticatedError('token-missing', 'this route needs an authenticated caller');
  return principal;
}

/** Handler parameter: the verified caller (`Principal`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalFromContext(context),
);
