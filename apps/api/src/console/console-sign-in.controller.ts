import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { LocalSigningKey, loadOrCreateLocalSigningKey, mintToken, Public } from '@accord/access';
import { ForbiddenError, NotFoundError } from '@accord/platform';
import { isCurrentMember, readCurrentMembers } from '@accord/projections';
import { APP_CONFIG, AppConfig } from '@accord/server';
import { Storage } from '@accord/server';
import { LocalSignInDto } from './console-sign-in.dto';

/** The local auditor identity: not a member of any organisation, so the console offers it apart. */
export const LOCAL_AUDITOR = { personId: 'local.auditor', orgId: 'external-audit', roles: ['auditor'] } as const;
const LOCAL_TOKEN_SECONDS = 8 * 3600;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * How the web console signs people in. The embedded default has no identity provider, so a person
 * at this machine may pick a member of the ledger and get a token minted with the server's local
 * key — what `accord token` does for anyone who can read ./data. It is off when an OIDC issuer is
 * configured and refused to callers that are not on loopback.
 */
@ApiTags('console')
@Controller('v1/console')
export class ConsoleSignInController {
  /** Read once, on the first sign-in: a key file read and an import per request would be wasted. */
  private signingKey: Promise<LocalSigningKey> | undefined;

  constructor(
    private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('config')
  @Public()
  @ApiOperation({
    summary:
      'How the console signs in: local (pick a person; embedded default), OIDC (issuer and client id for authorization code + PKCE), and always a pasted token. Anyone may call it.',
  })
  consoleConfig() {
    const { oidc, localSignIn } = this.config.console;
    return {
      localSignIn,
      oidc:
        oidc && this.config.auth.jwksUrl
          ? {
              issuer: this.config.auth.issuer,
              clientId: oidc.clientId,
              scope: oidc.scope,
              audience: this.config.auth.audience,
            }
          : null,
    };
  }

  @Get('local-people')
  @Public()
  @ApiOperation({
    summary:
      'The people the local sign-in offers: current members of every organisation, with job titles, and a local auditor. Who: anyone on this machine (loopback) while local sign-in is on; otherwise 404 `local-sign-in-off` or 403 `local-sign-in-loopback-only`.',
  })
  @ApiResponse({ status: 403, description: '`local-sign-in-loopback-only`' })
  @ApiResponse({ status: 404, description: '`local-sign-in-off`' })
  async people(@Req() request: FastifyRequest) {
    this.checkLocal(request);
    const rows = await readCurrentMembers(this.storage.pool);
    return {
      people: rows.map((r) => ({
        personId: r.person_id,
        orgId: r.organisation_id,
        displayName: r.display_name,
        organisationName: r.name ?? r.organisation_id,
        jobTitle: r.job_title,
      })),
      auditor: LOCAL_AUDITOR,
    };
  }

  @Post('local-sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A bearer token (8 hours) for a current member of an organisation, or the local auditor, signed with the local key. Who: anyone on this machine (loopback) while local sign-in is on; otherwise 404 `local-sign-in-off` or 403 `local-sign-in-loopback-only`.',
  })
  @ApiResponse({ status: 403, description: '`local-sign-in-loopback-only`' })
  @ApiResponse({ status: 404, description: '`local-sign-in-off`, `member-not-found`' })
  async signIn(@Req() request: FastifyRequest, @Body() body: LocalSignInDto) {
    this.checkLocal(request);
    const auditor = body.personId === LOCAL_AUDITOR.personId && body.orgId === LOCAL_AUDITOR.orgId;
    if (
      auditor
        ? body.roles.some((r) => r !== 'auditor')
        : !(await isCurrentMember(this.storage.pool, body.orgId, body.personId))
    )
      throw new NotFoundError('member-not-found', `${body.personId} is not a current member of ${body.orgId}`);
    const key = await this.localKey();
    const expiresAt = new Date(Date.now() + LOCAL_TOKEN_SECONDS * 1000);
    const token = await mintToken(
      {
        personId: body.personId,
        orgId: body.orgId,
        roles: body.roles.length > 0 ? body.roles : ['member'],
        expiresIn: LOCAL_TOKEN_SECONDS,
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
      },
      key,
    );
    return { token, expiresAt: expiresAt.toISOString() };
  }

  private localKey(): Promise<LocalSigningKey> {
    // A failed read is not kept: the next sign-in tries again.
    this.signingKey ??= loadOrCreateLocalSigningKey(this.config.dataDir).catch((err: unknown) => {
      this.signingKey = undefined;
      throw err;
    });
    return this.signingKey;
  }

  private checkLocal(request: FastifyRequest): void {
    if (!this.config.console.localSignIn)
      throw new NotFoundError(
        'local-sign-in-off',
        'local sign-in is off: sign in with the OIDC issuer or paste a token',
      );
    if (!LOOPBACK.has(request.ip))
      throw new ForbiddenError('local-sign-in-loopback-only', 'local sign-in is only for callers on this machine');
  }
}
