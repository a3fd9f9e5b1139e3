import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IS_PUBLIC_KEY, PrincipalRequest } from '@accord/access';
import { AppError } from '@accord/platform';
import { CurrentMembers } from './current-members';
import { RateLimits } from './rate-limits';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API's one global guard, in this order whatever the module order: the remote address's
 * failed authentications (over the limit, a route that needs a token refuses before reading it),
 * authentication and roles (AuthGuard), then per verified caller the read or write limit, and for
 * a read, that the caller is still a member of their organisation as the ledger says (writes ask
 * the ledger in the domain). A guard, not an interceptor: it runs before the body is validated,
 * without the per-request RxJS and async-resource bookkeeping Nest adds around interceptors.
 */
@Injectable()
export class EdgeGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly limits: RateLimits,
    private readonly members: CurrentMembers,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PrincipalRequest & { method: string; ip?: string }>();
    const address = request.ip ?? 'unknown';
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!open) this.limits.authFailures.check(address);
    try {
      if (!(await this.auth.canActivate(context))) return false;
    } catch (err) {
      if (err instanceof AppError && err.kind === 'unauthenticated') this.limits.authFailures.take(address);
      throw err;
    }
    const caller = request.principal;
    if (context.getType() !== 'http' || !caller) return true;
    if (READS.has(request.method)) {
      this.limits.reads.take(caller.personId);
      await this.members.check(caller);
    } else this.limits.writes.take(caller.personId);
    return true;
  }
}
