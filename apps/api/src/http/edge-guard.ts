import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, PrincipalRequest } from '@accord/access';
import { WriteRateLimit } from './write-rate-limit';

/**
 * The API's one global guard: authentication and roles (AuthGuard), then the per-caller write
 * limit. One guard runs them in this order whatever the module order. A guard, not an
 * interceptor: it runs after authentication and before the body is validated, without the
 * per-request RxJS and async-resource bookkeeping Nest adds around interceptors.
 */
@Injectable()
export class EdgeGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly writes: WriteRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!(await this.auth.canActivate(context))) return false;
    if (context.getType() === 'http')
      this.writes.check(context.switchToHttp().getRequest<PrincipalRequest & { method: string }>());
    return true;
  }
}
