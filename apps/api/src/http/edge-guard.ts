import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IS_PUBLIC_KEY, Principal, PrincipalRequest } from '@accord/access';
import { AppError } from '@accord/platform';
import { CALLER_CHECKED_AT_COMMIT_KEY, CurrentMembers } from './current-members';
import { COUNTED_PER_ADDRESS_KEY, RateLimits } from './rate-limits';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API's one global guard, in this order whatever the module order: on a public route counted
 * per address, that address's public reads; the remote address's failed authentications (over the limit, a route that needs a token refuses before reading it),
 * authentication (AuthGuard), per verified caller the read or write limit, the caller as the
 * ledger has them now (CurrentMembers: removed members refused, roles narrowed to the ledger's
 * grants), and only then the route's roles. A guard, not an interceptor: it runs before the body is validated,
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
    const targets = [context.getHandler(), context.getClass()];
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets);
    if (open && this.reflector.getAllAndOverride<boolean | undefined>(COUNTED_PER_ADDRESS_KEY, targets))
      this.limits.publicReads.take(address);
    if (!open) this.limits.authFailures.check(address);
    let claims: Principal | undefined;
    try {
      claims = await this.auth.authenticate(context);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'unauthenticated') this.limits.authFailures.take(address);
      throw err;
    }
    if (!claims) return true;
    if (READS.has(request.method)) this.limits.reads.take(claims.personId);
    else this.limits.writes.take(claims.personId);
    // A write by a plain member is the domain's to check against the ledger; roles beyond it are
    // the edge's to narrow, for writes as for reads.
    const caller = await this.callerAsLedgerSays(context, request.method, claims);
    request.principal = caller;
    this.auth.requireRoles(context, caller);
    return true;
  }

  /**
   * A write by a plain member is the domain's to check against the ledger. So is one whose route
   * the ledger checks at commit (CallerCheckedAtCommit), once the state held here lets it through;
   * every refusal rests on the ledger's current state.
   */
  private async callerAsLedgerSays(context: ExecutionContext, method: string, claims: Principal): Promise<Principal> {
    if (READS.has(method)) return this.members.resolve(claims);
    if (claims.roles.every((role) => role === 'member')) return claims;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(CALLER_CHECKED_AT_COMMIT_KEY, targets)) {
      const held = this.members.held(claims);
      if (held && this.auth.allowsRoles(context, held)) return held;
    }
    return this.members.resolve(claims);
  }
}
