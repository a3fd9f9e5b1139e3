import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, maySee, Principal, Public, Roles, seesEverything } from '@accord/access';
import { HashedEnvelope } from '@accord/event-store';
import { PartyDirectory, scopeOf } from '@accord/feeds';
import { FeedSessions } from '../../feeds/feed-sessions';
import { BadInputError } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '@accord/server';
import { Storage } from '@accord/server';
import { AuditKeys } from '@accord/server';
import { AuditLog } from '@accord/audit/postgres';
import { prepareBundleExport } from '@accord/audit/postgres';
import { verifyLog } from '@accord/audit/postgres';
import { recordReadModelChecks, verifyReadModels } from '@accord/projections';
import { IntegerParam } from '../../http/integer-params';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { ConsistencyQueryDto, ExportQueryDto, InclusionQueryDto, PolicyQueryDto } from './audit.dtos';
import { printPolicy } from './policy';
import { KeepSealed } from '../../http/personal-data.interceptor';

/**
 * The verifiable log (DESIGN §4). Checkpoints, consistency proofs and the public key are public:
 * they carry only tree sizes and hashes, and anyone (a partner's witness, a member of the public
 * holding a published checkpoint) must be able to check that the log only ever grew without an
 * account here. An inclusion proof carries one event's bytes, so a party gets it only for events
 * it may see; the server-side check and exports cover every event, so they are for auditors (and
 * platform admins).
 */
@ApiTags('audit')
@Controller('v1/audit')
@KeepSealed()
export class AuditController {
  private readonly log: AuditLog;
  private readonly parties: PartyDirectory;

  constructor(
    private readonly storage: Storage,
    private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    feeds: FeedSessions,
  ) {
    this.log = new AuditLog(storage.pool);
    this.parties = feeds.directory;
  }

  @Get('checkpoints/latest')
  @Public()
  @ApiOperation({
    summary:
      'The latest signed checkpoint (C2SP tlog-checkpoint signed note, tree size, root). Anyone may call it: it holds only a size and a hash.',
  })
  @ApiResponse({ status: 404, description: '`checkpoint-not-found`: nothing sealed yet' })
  latest() {
    return this.log.latestCheckpoint();
  }

  @Get('checkpoints/:treeSize')
  @Public()
  @ApiOperation({ summary: 'The checkpoint signed at exactly this tree size. Anyone may call it.' })
  @ApiResponse({ status: 404, description: '`checkpoint-not-found`' })
  byTreeSize(@Param('treeSize', new IntegerParam('treeSize', 1)) treeSize: number) {
    return this.log.checkpoint(treeSize);
  }

  @Get('proofs/inclusion')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'RFC 9162 inclusion proof of one event (by position or eventId) in the tree of a signed size (default the latest checkpoint’s), with the event’s exact hashed bytes. Who: any signed-in caller for an event it may see (of its organisation’s partnerships, or its organisation’s own); auditors and admins any event; anything else is 404 `event-not-found`.',
  })
  @ApiResponse({ status: 404, description: '`event-not-found`, `event-not-yet-sealed`, `tree-size-not-signed`' })
  inclusion(@Query() query: InclusionQueryDto, @CurrentPrincipal() caller: Principal) {
    if ((query.position === undefined) === (query.eventId === undefined))
      throw new BadInputError('validation-failed', 'give exactly one of position and eventId');
    // Parties check what they were shown (the console's "verify"); the proof names nothing else.
    // Nothing to read for those who see everything: their events need not be parsed.
    const mayRead = seesEverything(caller)
      ? undefined
      : async (event: HashedEnvelope) => maySee(caller, await this.parties.audienceOf(scopeOf(event)));
    return this.log.inclusion({ position: query.position, eventId: query.eventId }, query.treeSize, mayRead);
  }

  @Get('proofs/consistency')
  @Public()
  @ApiOperation({
    summary:
      'RFC 9162 consistency proof that the tree at `to` (default the latest checkpoint’s size) extends the tree at `from`. Anyone may call it: witnesses need it.',
  })
  consistency(@Query() query: ConsistencyQueryDto) {
    return this.log.consistency(query.from, query.to);
  }

  @Get('public-key')
  @Public()
  @ApiOperation({
    summary: 'The key that signs checkpoints: signed-note vkey, SPKI PEM and raw Ed25519 (base64). Anyone may call it.',
  })
  async publicKey() {
    const key = await this.keys.get();
    return {
      origin: this.config.audit.origin,
      keyName: key.name,
      keyId: key.keyId,
      algorithm: 'Ed25519',
      vkey: key.vkey,
      publicKeyPem: key.publicKeyPem,
      publicKeyRaw: key.publicKeyRaw.toString('base64'),
    };
  }

  @Get('verify')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Check the whole stored log as `accord verify` checks an export (same code): signatures, every leaf hash, root, positions, revisions, stream links. 200 with ok=false and the first fault when it fails. Who: auditors, admins.',
  })
  verify() {
    return verifyLog(this.storage.pool, this.keys);
  }

  @Post('read-models/verify')
  @HttpCode(200)
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Rebuild every read model from the log into a throw-away shadow at its checkpoint and compare it row by row with the tables the API reads (as `accord projections verify`): each differing row with its table, key, columns and both values. The result is kept for GET /health/read-models. Body: absent or `{}`. Who: auditors, admins.',
  })
  async verifyReadModels(@Body() _body: EmptyBodyDto) {
    const checks = await verifyReadModels(this.storage.pool, this.storage.store);
    await recordReadModelChecks(this.storage.pool, checks);
    return { ok: checks.every((c) => c.differing === 0), readModels: checks };
  }

  @Get('export')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      'Audit bundle (docs/audit-bundle.md), streamed as JSON Lines: the whole log up to the latest checkpoint, or one partnership with inclusion proofs. Who: auditors, admins.',
  })
  @ApiResponse({ status: 404, description: '`checkpoint-not-found`, `partnership-not-found`' })
  async export(@Query() query: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const lines = await prepareBundleExport(this.storage.pool, {
      partnershipId: query.partnershipId,
      since: query.since,
    });
    const name = query.partnershipId ? `accord-audit-${query.partnershipId}.jsonl` : 'accord-audit-log.jsonl';
    void reply
      .header('content-type', 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines, { objectMode: false }));
  }

  @Get('policy')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({
    summary:
      "The trust policy (sigsum policy syntax) for `accord verify --policy`: this log's key and the witness each organisation registered (of one partnership's parties with partnershipId), every one required. Who: auditors, admins.",
  })
  @ApiResponse({ status: 404, description: '`partnership-not-found`' })
  async policy(@Query() query: PolicyQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const key = await this.keys.get();
    const text = await printPolicy(this.storage.pool, key.vkey, query.partnershipId);
    void reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(text);
  }
}
