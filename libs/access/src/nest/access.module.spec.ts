import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catch, Controller, Get, Req, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppError } from '@accord/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadOrCreateLocalSigningKey, type LocalSigningKey } from '../local-signing-key';
import type { Principal } from '../principal';
import { mintToken } from '../token-minter';
import { TokenVerifier } from '../token-verifier';
import { AccessModule } from './access.module';
import { TOKEN_VERIFIER, type PrincipalRequest } from './access.constants';
import { CurrentPrincipal, Public, Roles } from './decorators';

const ISSUER = 'accord-local';
const AUDIENCE = 'accord-api';

@Controller('t')
class TestController {
  @Public()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Get('raw')
  raw(@Req() request: FastifyRequest): { principal: Principal | undefined; isFastify: boolean } {
    return { principal: (request as unknown as PrincipalRequest).principal, isFastify: 'routeOptions' in request };
  }

  @Roles('auditor')
  @Get('audit')
  audit(): { ok: true } {
    return { ok: true };
  }
}

/** Stand-in for apps/api's problem filter: just enough to see status and code. */
@Catch(AppError)
class TestProblemFilter implements ExceptionFilter {
  catch(error: AppError, host: ArgumentsHost): void {
    const status = { unauthenticated: 401, forbidden: 403, unavailable: 503 }[error.kind as string] ?? 500;
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send({ code: error.code });
  }
}

describe('AccessModule with Fastify (global AuthGuard)', () => {
  let dir: string;
  let key: LocalSigningKey;
  let app: NestFastifyApplication;

  const token = (roles: Principal['roles']) =>
    mintToken(
      { personId: 'person-7', orgId: 'org-7', roles, expiresIn: '10m', issuer: ISSUER, audience: AUDIENCE },
      key,
    );
  const get = (url: string, authorization?: string) =>
    app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-access-module-'));
    key = await loadOrCreateLocalSigningKey(dir);
    const moduleRef = await Test.createTestingModule({
      imports: [
        AccessModule.forRootAsync({
          useFactory: async () => {
            const loaded = await loadOrCreateLocalSigningKey(dir);
            return { mode: 'local', publicKey: loaded.publicKey, issuer: ISSUER, audience: AUDIENCE };
          },
        }),
      ],
      controllers: [TestController],
      providers: [{ provide: APP_FILTER, useClass: TestProblemFilter }],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exposes a TokenVerifier under TOKEN_VERIFIER', () => {
    expect(app.get(TOKEN_VERIFIER)).toBeInstanceOf(TokenVerifier);
  });

  it('serves @Public routes without a token', async () => {
    const res = await get('/t/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('401 token-missing without a token, 401 token-malformed with garbage', async () => {
    const missing = await get('/t/me');
    expect([missing.statusCode, missing.json()]).toEqual([401, { code: 'token-missing' }]);
    const garbage = await get('/t/me', 'Bearer nonsense');
    expect([garbage.statusCode, garbage.json()]).toEqual([401, { code: 'token-malformed' }]);
  });

  it('gives the handler the verified principal via @CurrentPrincipal', async () => {
    const res = await get('/t/me', `Bearer ${await token(['member'])}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ personId: 'person-7', orgId: 'org-7', roles: ['member'] });
  });

  it('stores the principal as request.principal on the Fastify request', async () => {
    const res = await get('/t/raw', `Bearer ${await token(['member'])}`);
    expect(res.json()).toEqual({
      principal: { personId: 'person-7', orgId: 'org-7', roles: ['member'] },
      isFastify: true,
    });
  });

  it('403 role-required when @Roles is not met; admin and auditor pass', async () => {
    const denied = await get('/t/audit', `Bearer ${await token(['member'])}`);
    expect([denied.statusCode, denied.json()]).toEqual([403, { code: 'role-required' }]);
    expect((await get('/t/audit', `Bearer ${await token(['auditor'])}`)).statusCode).toBe(200);
    expect((await get('/t/audit', `Bearer ${await token(['admin'])}`)).statusCode).toBe(200);
  });

  it('AccessModule.forRoot accepts a ready verifier and can skip the global guard', () => {
    const fake = { verify: async () => ({ personId: 'p', orgId: 'o', roles: [] }) };
    const withGuard = AccessModule.forRoot({ verifier: fake });
    const without = AccessModule.forRoot({ verifier: fake, globalGuard: false });
    expect(withGuard.providers).toHaveLength(3);
    expect(without.providers).toHaveLength(2);
    expect(withGuard.providers![0]).toEqual({ provide: TOKEN_VERIFIER, useValue: fake });
    expect(withGuard.global).toBe(true);
  });
});
