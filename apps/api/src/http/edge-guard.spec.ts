import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AuthGuard, Principal, PrincipalVerifier, Public } from '@accord/access';
import { UnauthenticatedError } from '@accord/platform';
import { AppConfig } from '@accord/server';
import { EdgeGuard } from './edge-guard';
import { RateLimitedError, WriteRateLimit } from './write-rate-limit';

class Routes {
  write(): void {}
  @Public()
  open(): void {}
}

const ada: Principal = { personId: 'ada', orgId: 'camden-council', roles: ['member'] };

function guard(verify: PrincipalVerifier['verify'], writesPerMinute = 20): EdgeGuard {
  const limit = new WriteRateLimit({ rateLimitWritesPerMinute: writesPerMinute } as AppConfig);
  return new EdgeGuard(new AuthGuard(new Reflector(), { verify }), limit);
}

function call(method: string, handler: 'write' | 'open' = 'write') {
  const request = { method, headers: { authorization: 'Bearer t' } } as {
    method: string;
    headers: Record<string, string>;
    principal?: Principal;
  };
  const context = new ExecutionContextHost([request, {}, () => undefined], Routes as never, Routes.prototype[handler]);
  context.setType('http');
  return { request, context };
}

describe('EdgeGuard', () => {
  it('authenticates first, then counts the verified caller’s writes (5 at 20 a minute) and never reads', async () => {
    const edge = guard(async () => ada);
    for (let i = 0; i < 5; i++) await expect(edge.canActivate(call('POST').context)).resolves.toBe(true);
    await expect(edge.canActivate(call('POST').context)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(edge.canActivate(call('GET').context)).resolves.toBe(true);
    const { request, context } = call('GET');
    await edge.canActivate(context);
    expect(request.principal).toEqual(ada);
  });

  it('refuses an unauthenticated write as unauthenticated, not as rate-limited', async () => {
    const edge = guard(async () => {
      throw new UnauthenticatedError('token-invalid-signature', 'no');
    }, 1);
    await expect(edge.canActivate(call('POST').context)).rejects.toMatchObject({ code: 'token-invalid-signature' });
  });

  it('lets @Public routes through without a caller to count', async () => {
    const edge = guard(async () => {
      throw new Error('not called');
    }, 1);
    for (let i = 0; i < 10; i++) await expect(edge.canActivate(call('POST', 'open').context)).resolves.toBe(true);
  });
});
