import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { DecisionViews } from '../application/decision-views.reader';
import { TrailReader, trailPage } from '../application/trail.reader';
import { thenOf } from '../application/then';
import { BitemporalQueryDto, DEFAULT_PAGE_SIZE, RegisterQueryDto, TrailQueryDto } from './read-model.dtos';

/** The decision register, a decision's full record, and the audit trails of decisions and people. */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1')
@Roles('member', 'org-admin', 'auditor', 'governance')
export class DecisionViewsController {
  constructor(
    private readonly views: DecisionViews,
    private readonly trails: TrailReader,
  ) {}

  @Get('decisions')
  @ApiOperation({
    summary:
      'Decision register, newest first, filtered by partnership, status, category, party and period, paged with an opaque cursor; with asOf, as the ledger said then; with at, as it had happened by then (both replayed from the log). Who: any signed-in reader; only decisions of partnerships their organisation is party to (auditors and admins: all).',
  })
  @ApiResponse({ status: 400, description: 'invalid-cursor, validation-failed, unknown-field' })
  register(@Query() query: RegisterQueryDto, @CurrentPrincipal() caller: Principal) {
    return this.views.register(caller, {
      partnershipId: query.partnershipId,
      status: query.status,
      category: query.category,
      party: query.party,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
      minPosition: query.minPosition,
      ...(query.asOf ? { asOf: new Date(query.asOf) } : {}),
      ...(query.at ? { at: new Date(query.at) } : {}),
    });
  }

  @Get('decisions/:decisionId/record')
  @ApiOperation({
    summary:
      'A decision’s full record: every vote, changed vote, sign-off, withdrawal, refusal, interest and dispensation — who, for which organisation, under which authority instrument, when it happened (occurredAt) and when it was recorded (at), with what reason; with asOf, as the ledger said then; with at, as it had happened by then (the decision replayed from the log, its acts recorded or done by then). Who: people of its partnership’s parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 400, description: 'validation-failed: asOf or at not an ISO-8601 instant with an offset' })
  @ApiResponse({ status: 404, description: 'No such decision (at that time), or not yours to see' })
  record(
    @Param('decisionId') decisionId: string,
    @Query() query: BitemporalQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.record(caller, decisionId, query.minPosition, thenOf(query));
  }

  @Get('decisions/:decisionId/trail')
  @ApiOperation({
    summary:
      'Audit trail of one decision: one readable line per event with position, event id, leaf hash and both clocks; with asOf, as the log held it then; with at, only what had happened by then. Who: people of its partnership’s parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such decision, or not yours to see' })
  decisionTrail(
    @Param('decisionId') decisionId: string,
    @Query() query: TrailQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.trails.trail(caller, { kind: 'decision', id: decisionId }, trailPage(query));
  }

  @Get('people/:personId/trail')
  @ApiOperation({
    summary:
      'Audit trail of a person: what they did and what was done concerning them; asOf and at as on the other trails. Who: any signed-in reader, limited to partnerships their organisation is party to and their own organisation’s records; auditors and admins see all.',
  })
  personTrail(
    @Param('personId') personId: string,
    @Query() query: TrailQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.trails.trail(caller, { kind: 'person', id: personId }, trailPage(query));
  }
}
