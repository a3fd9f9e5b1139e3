import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '@accord/platform';
import type { Principal } from '../principal';
import type { PrincipalRequest, PrincipalVerifier } from './access.constants';
import { AuthGuard } from './auth.guard';
import { principalFromContext, Public, Roles } from './decorators';

class FakeVerifier implements PrincipalVerifier {
  readonly calls: (string | undefined)[] = [];
  constructor(private readonly result: Principal | Error) {}
  async verify(header: string | undefined): Promise<Principal> {
    this.calls.push(header);
    if (this.result instanceof Error) throw this.result;
    return this.result;
  }
}

@Roles('auditor')
class ReportsController {
  @Public()
  health(): void {}
  list(): void {}
  @Roles('governance')
  governance(): void {}
}

class PartnershipsController {
  plain(): void {}
  @Roles('org-admin', 'member')
  write(): void {}
}

@Public()
class DocsController {
  page(): void {}
}

type Controller = { prototype: object; name: string };

function request(authorization?: string | string[]): PrincipalRequest {
  return { headers: authorization === undefined ? {} : { authorization } };
}

function contextFor(
  controller: Controller,
  handler: string,
  req: PrincipalRequest,
  type = 'http',
): ExecutionContextHost {
  const method = (controller.prototype as Record<string, () => void>)[handler];
  const context = new ExecutionContextHost([req, {}, () => undefined], controller as never, method);
  context.setType(type);
  return context;
}

const member: Principal = { personId: 'p-1', orgId: 'org-1', roles: ['member'] };
const auditor: Principal = { personId: 'p-2', orgId: 'org-1', roles: ['auditor'] };
const governance: Principal = { personId: 'p-3', orgId: 'org-1', roles: ['governance'] };
const admin: Principal = { personId: 'p-0', orgId: 'org-0', roles: ['admin'] };
const nobody: Principal = { personId: 'p-4', orgId: 'org-1', roles: [] };

function guardWith(result: Principal | Error): { guard: AuthGuard; verifier: FakeVerifier } {
  const verifier = new FakeVerifier(result);
  return { guard: new AuthGuard(new Reflector(), verifier), verifier };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('AuthGuard', () => {
  it('lets @Public routes through without reading or verifying a token', async () => {
    const { guard, verifier } = guardWith(new UnauthenticatedError('token-invalid-signature', 'x'));
    const req = request('Bearer whatever');
    await expect(guard.canActivate(contextFor(ReportsController, 'health', req))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor(DocsController, 'page', request()))).resolves.toBe(true);
    expect(verifier.calls).toEqual([]);
    expect(req.principal).toBeUndefined();
  });

  it('verifies the Authorization header and attaches the principal to the request', async () => {
    const { guard, verifier } = guardWith(member);
    const req = request('Bearer abc');
    await expect(guard.canActivate(contextFor(PartnershipsController, 'plain', req))).resolves.toBe(true);
    expect(verifier.calls).toEqual(['Bearer abc']);
    expect(req.principal).toBe(member);
  });

  it('passes the verifier error through unchanged (401 with its code) and attaches nothing', async () => {
    const { guard } = guardWith(new UnauthenticatedError('token-expired', 'token has expired'));
    const req = request('Bearer abc');
    const error = await rejection(guard.canActivate(contextFor(PartnershipsController, 'plain', req)));
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(error).toMatchObject({ code: 'token-expired' });
    expect(req.principal).toBeUndefined();
  });

  it('hands a missing header to the verifier as undefined', async () => {
    const { guard, verifier } = guardWith(new UnauthenticatedError('token-missing', 'no Authorization header'));
    await expect(guard.canActivate(contextFor(PartnershipsController, 'plain', request()))).rejects.toMatchObject({
      code: 'token-missing',
    });
    expect(verifier.calls).toEqual([undefined]);
  });

  it('refuses several Authorization headers as token-malformed', async () => {
    const { guard, verifier } = guardWith(member);
    await expect(
      guard.canActivate(contextFor(PartnershipsController, 'plain', request(['Bearer a', 'Bearer b']))),
    ).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'token-malformed',
    });
    expect(verifier.calls).toEqual([]);
  });

  it('@Roles: any one listed role is enough', async () => {
    await expect(
      guardWith(member).guard.canActivate(contextFor(PartnershipsController, 'write', request('Bearer t'))),
    ).resolves.toBe(true);
    await expect(
      guardWith(auditor).guard.canActivate(contextFor(ReportsController, 'list', request('Bearer t'))),
    ).resolves.toBe(true);
  });

  it('@Roles: a caller without any of them gets ForbiddenError role-required, with the principal still attached', async () => {
    const req = request('Bearer t');
    const error = await rejection(guardWith(member).guard.canActivate(contextFor(ReportsController, 'list', req)));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ kind: 'forbidden', code: 'role-required', details: { requiredRoles: ['auditor'] } });
    expect(req.principal).toBe(member);
    await expect(
      guardWith(nobody).guard.canActivate(contextFor(PartnershipsController, 'write', request('Bearer t'))),
    ).rejects.toMatchObject({
      code: 'role-required',
      details: { requiredRoles: ['org-admin', 'member'] },
    });
  });

  it('@Roles on a method replaces the controller-level @Roles', async () => {
    await expect(
      guardWith(governance).guard.canActivate(contextFor(ReportsController, 'governance', request('Bearer t'))),
    ).resolves.toBe(true);
    await expect(
      guardWith(auditor).guard.canActivate(contextFor(ReportsController, 'governance', request('Bearer t'))),
    ).rejects.toMatchObject({
      code: 'role-required',
    });
    await expect(
      guardWith(governance).guard.canActivate(contextFor(ReportsController, 'list', request('Bearer t'))),
    ).rejects.toMatchObject({
      code: 'role-required',
    });
  });

  it('a platform admin passes every role check', async () => {
    for (const [controller, handler] of [
      [ReportsController, 'list'],
      [ReportsController, 'governance'],
      [PartnershipsController, 'write'],
    ] as const) {
      await expect(
        guardWith(admin).guard.canActivate(contextFor(controller, handler, request('Bearer t'))),
      ).resolves.toBe(true);
    }
  });

  it('fails closed for non-HTTP contexts', async () => {
    const { guard, verifier } = guardWith(member);
    await expect(
      guard.canActivate(contextFor(PartnershipsController, 'plain', request('Bearer t'), 'rpc')),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(verifier.calls).toEqual([]);
  });
});

describe('decorators', () => {
  it('@Roles refuses no roles and unknown roles when the class is defined', () => {
    expect(() => Roles()).toThrow(/at least one/);
    expect(() => Roles('root' as never)).toThrow(/unknown role/);
  });

  it('principalFromContext returns the attached principal, or throws token-missing', () => {
    const req = request('Bearer t');
    expect(() => principalFromContext(contextFor(PartnershipsController, 'plain', req))).toThrow(
      expect.objectContaining({ kind: 'unauthenticated', code: 'token-missing' }),
    );
    req.principal = member;
    expect(principalFromContext(contextFor(PartnershipsController, 'plain', req))).toBe(member);
  });
});
