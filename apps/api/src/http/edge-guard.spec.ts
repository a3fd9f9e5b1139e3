import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AuthGuard, Principal, PrincipalVerifier, Public, Roles } from '@accord/access';
import { UnauthenticatedError } from '@accord/platform';
import { AppConfig } from '@accord/server';
import { CallerCheckedAtCommit, CurrentMembers } from './current-members';
import { EdgeGuard } from './edge-guard';
import { CountedPerAddress, RateLimitedError, RateLimits } from './rate-limits';

class Routes {
  write(): void {}
  @Public()
  open(): void {}
  @Public()
  @CountedPerAddress()
  register(): void {}
  @Roles('auditor')
  audit(): void {}
  @Roles('clerk')
  @CallerCheckedAtCommit()
  minute(): void {}
}

const ada: Principal = { personId: 'ada', orgId: 'camden-council', roles: ['member'] };

/** The ledger takes every token's word here unless a test says otherwise: its side is the e2e suites'. */
const members = { resolve: async (claims: Principal) => claims } as unknown as CurrentMembers;

function guard(
  verify: PrincipalVerifier['verify'],
  writesPerMinute = 20,
  readsPerMinute = 0,
  failuresPerMinute = 0,
  ledger = members,
  publicReadsPerMinute = 0,
) {
  const limits = new RateLimits({
    rateLimitWritesPerMinute: writesPerMinute,
    rateLimitReadsPerMinute: readsPerMinute,
    rateLimitAuthFailuresPerMinute: failuresPerMinute,
    rateLimitSignInsPerMinute: 0,
    rateLimitPublicReadsPerMinute: publicReadsPerMinute,
  } as AppConfig);
  return new EdgeGuard(new AuthGuard(new Reflector(), { verify }), limits, ledger, new Reflector());
}

function call(method: string, handler: 'write' | 'open' | 'audit' | 'register' | 'minute' = 'write', ip = '192.0.2.1') {
  const request = { method, ip, headers: { authorization: 'Bearer t' } } as {
    method: string;
    ip: string;
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

  it('counts a public register route’s requests per address (5 at 20 a minute), and no other public route', async () => {
    const edge = guard(
      async () => {
        throw new Error('not called');
      },
      0,
      0,
      0,
      members,
      20,
    );
    for (let i = 0; i < 5; i++) await expect(edge.canActivate(call('GET', 'register').context)).resolves.toBe(true);
    await expect(edge.canActivate(call('GET', 'register').context)).rejects.toMatchObject({
      code: 'rate-limited',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    await expect(edge.canActivate(call('GET', 'register', '192.0.2.2').context)).resolves.toBe(true);
    for (let i = 0; i < 10; i++) await expect(edge.canActivate(call('GET', 'open').context)).resolves.toBe(true);
  });

  it('counts reads per verified caller apart from writes', async () => {
    const edge = guard(async () => ada, 20, 20);
    for (let i = 0; i < 5; i++) await expect(edge.canActivate(call('GET').context)).resolves.toBe(true);
    await expect(edge.canActivate(call('GET').context)).rejects.toMatchObject({ code: 'rate-limited' });
    await expect(edge.canActivate(call('POST').context)).resolves.toBe(true);
  });

  it('refuses an address after 5 failed authentications, before reading its next token', async () => {
    let verified = 0;
    const edge = guard(
      async () => {
        verified++;
        throw new UnauthenticatedError('token-invalid-signature', 'no');
      },
      20,
      0,
      20,
    );
    for (let i = 0; i < 5; i++)
      await expect(edge.canActivate(call('GET').context)).rejects.toMatchObject({ code: 'token-invalid-signature' });
    await expect(edge.canActivate(call('GET').context)).rejects.toMatchObject({ code: 'rate-limited' });
    expect(verified).toBe(5);
  });

  it('checks the route’s roles against the caller as the ledger has them, not as the token says', async () => {
    const asked: Principal[] = [];
    const revoked = {
      resolve: async (claims: Principal) => {
        asked.push(claims);
        return { ...claims, roles: ['member'] };
      },
    } as unknown as CurrentMembers;
    const auditor: Principal = { ...ada, roles: ['member', 'auditor'] };
    const edge = guard(async () => auditor, 20, 20, 0, revoked);
    await expect(edge.canActivate(call('GET', 'audit').context)).rejects.toMatchObject({ code: 'role-required' });
    const { request, context } = call('POST');
    await edge.canActivate(context);
    expect(request.principal?.roles).toEqual(['member']);
    expect(asked).toEqual([auditor, auditor]);
  });

  it('lets a write the ledger checks at commit through on the held state, and refuses only on the current one', async () => {
    const clerk: Principal = { ...ada, roles: ['member', 'clerk'] };
    let held: Principal | null | undefined = clerk;
    let current: Principal = clerk;
    const asked: string[] = [];
    const ledger = {
      held: () => (asked.push('held'), held),
      resolve: async () => (asked.push('current'), current),
    } as unknown as CurrentMembers;
    const edge = guard(async () => clerk, 20, 20, 0, ledger);
    await expect(edge.canActivate(call('POST', 'minute').context)).resolves.toBe(true);
    expect(asked.splice(0)).toEqual(['held']);
    // Held here before another process granted the role: the current state says yes.
    held = { ...clerk, roles: ['member'] };
    await expect(edge.canActivate(call('POST', 'minute').context)).resolves.toBe(true);
    expect(asked.splice(0)).toEqual(['held', 'current']);
    current = { ...clerk, roles: ['member'] };
    await expect(edge.canActivate(call('POST', 'minute').context)).rejects.toMatchObject({ code: 'role-required' });
    held = undefined;
    await expect(edge.canActivate(call('POST', 'minute').context)).rejects.toMatchObject({ code: 'role-required' });
    expect(asked.splice(0)).toEqual(['held', 'current', 'held', 'current']);
    // A read, and a write of a route without the mark, ask the current state.
    current = clerk;
    await edge.canActivate(call('GET', 'minute').context);
    await edge.canActivate(call('POST').context);
    expect(asked).toEqual(['current', 'current']);
  });

  it('leaves a plain member’s write to the domain’s own membership check', async () => {
    const untouched = {
      resolve: async () => {
        throw new Error('not asked');
      },
    } as unknown as CurrentMembers;
    await expect(guard(async () => ada, 20, 20, 0, untouched).canActivate(call('POST').context)).resolves.toBe(true);
  });
});
