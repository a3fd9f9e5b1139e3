import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { LocalSigningKey, loadOrCreateLocalSigningKey, mintToken, Public } from '@accord/access';
import { isMember } from '@accord/domain';
import { ForbiddenError, NotFoundError } from '@accord/platform';
import { readCurrentMembers } from '@accord/projections';
import { AggregateStates, APP_CONFIG, AppConfig } from '@accord/server';
import { Storage } from '@accord/server';
import { RateLimits } from '../http/rate-limits';
import { LocalSignInDto, LocalSignInRole } from './console-sign-in.dto';

const LOCAL_TOKEN_SECONDS = 8 * 3600;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** A request that carries one of these came through a proxy: its caller is not on this machine. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

/**
 * How the web console signs people in. The embedded default has no identity provider, so a person
 * at this machine may pick a member of the ledger and get a token minted with the server's local
 * key — what `accord token` does for anyone who can read ./data. The token carries `member` and
 * the roles the ledger grants that person (RoleGranted), never one the request chooses. It is off
 * when an OIDC issuer is configured, and refused to callers that are not on loopback or that came
 * through a proxy (a reverse proxy on this machine would make every caller look local).
 */
@ApiTags('console')
@Controller('v1/console')
export class ConsoleSignInController {
  /** Read once, on the first sign-in: a key file read and an import per request would be wasted. */
  private signingKey: Promise<LocalSigningKey> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly states: AggregateStates,
    private readonly limits: RateLimits,
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
      'The people the local sign-in offers, by name only: current members of every organisation (an auditor among them, whom the ledger grants `auditor`; nobody else). Who: anyone on this machine (loopback, not through a proxy) while local sign-in is on; otherwise 404 `local-sign-in-off` or 403 `local-sign-in-loopback-only`.',
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
      })),
    };
  }

  @Post('local-sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A bearer token (8 hours) for a current member of an organisation, with `member` and the roles the ledger grants them (or some of those), signed with the local key. Who: anyone on this machine (loopback, not through a proxy) while local sign-in is on; otherwise 404 `local-sign-in-off` or 403 `local-sign-in-loopback-only`; 403 `role-not-granted` for a role the ledger does not grant; 429 past RATE_LIMIT_SIGN_INS_PER_MINUTE.',
  })
  @ApiResponse({ status: 403, description: '`local-sign-in-loopback-only`' })
  @ApiResponse({ status: 404, description: '`local-sign-in-off`, `member-not-found`' })
  async signIn(@Req() request: FastifyRequest, @Body() body: LocalSignInDto) {
    this.checkLocal(request);
    this.limits.signIns.take(request.ip);
    const granted = await this.grantedRoles(body.orgId, body.personId);
    const roles = body.roles && body.roles.length > 0 ? body.roles : granted;
    const refused = roles.filter((r) => !granted.includes(r));
    if (refused.length > 0)
      throw new ForbiddenError(
        'role-not-granted',
        `the ledger does not grant ${body.personId} the role(s) ${refused.join(', ')}: an org-admin of ${body.orgId} grants roles`,
        { granted },
      );
    const key = await this.localKey();
    const expiresAt = new Date(Date.now() + LOCAL_TOKEN_SECONDS * 1000);
    const token = await mintToken(
      {
        personId: body.personId,
        orgId: body.orgId,
        roles,
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

  /** `member` and what the organisation's stream grants: nobody outside the ledger is signed in. */
  private async grantedRoles(orgId: string, personId: string): Promise<LocalSignInRole[]> {
    const { state } = await this.states.load('organisation', orgId);
    if (!isMember(state, personId))
      throw new NotFoundError('member-not-found', `${personId} is not a current member of ${orgId}`);
    return ['member', ...(state.roles[personId] ?? [])];
  }

  private checkLocal(request: FastifyRequest): void {
    if (!this.config.console.localSignIn)
      throw new NotFoundError(
        'local-sign-in-off',
        'local sign-in is off: sign in with the OIDC issuer or paste a token',
      );
    if (!LOOPBACK.has(request.ip) || FORWARDING_HEADERS.some((h) => request.headers[h] !== undefined))
      throw new ForbiddenError('local-sign-in-loopback-only', 'local sign-in is only for callers on this machine');
  }
}
