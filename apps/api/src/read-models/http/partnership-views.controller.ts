import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { PartnershipViews } from '../application/partnership-views.reader';
import { thenOf } from '../application/then';
import { TrailReader, trailPage } from '../application/trail.reader';
import { BitemporalQueryDto, ReadQueryDto, TimelineQueryDto, TrailQueryDto } from './read-model.dtos';

const instant = (value: string | undefined): Date | undefined => (value ? new Date(value) : undefined);

/** Partnership read models: the list, the overview (now or as of a past instant), the audit trail. */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/partnerships')
@Roles('member', 'org-admin', 'auditor', 'governance')
export class PartnershipViewsController {
  constructor(
    private readonly views: PartnershipViews,
    private readonly trails: TrailReader,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The partnerships the caller may see, with their parties and status. Who: any signed-in reader; people see their organisation’s partnerships, auditors and admins all.',
  })
  list(@Query() query: ReadQueryDto, @CurrentPrincipal() caller: Principal) {
    return this.views.list(caller, query.minPosition);
  }

  @Get(':partnershipId/overview')
  @ApiOperation({
    summary:
      'Partnership overview: parties with names, status, terms, board, objectives with latest progress, open risks with owners and mitigations, decisions by status; with asOf, as the ledger said then; with at, as it had happened by then (both replayed from the log). Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership (at that time), or not yours to see' })
  @ApiResponse({ status: 503, description: 'read-model-behind: minPosition not reached in time (Retry-After)' })
  overview(
    @Param('partnershipId') partnershipId: string,
    @Query() query: BitemporalQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    const then = thenOf(query);
    if (then) return this.views.asOf(caller, partnershipId, then.asOf, query.minPosition, then.at);
    return this.views.overview(caller, partnershipId, query.minPosition);
  }

  @Get(':partnershipId/timeline')
  @ApiOperation({
    summary:
      'Partnership timeline: every decision (newest first) with status, closing time, outcome, and per party its sign-off (who, when, under which authority) and board votes; objectives’ progress and risks as they changed; with asOf, as the ledger said then; with at, as it had happened by then (both replayed from the log); the current one carries its version, and with since=<version> only what changed since (entries new or changed; the whole timeline when that cannot be said exactly). Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership (at that time), or not yours to see' })
  @ApiResponse({
    status: 400,
    description: 'since-not-current: since with asOf or at; validation-failed: a malformed since',
  })
  timeline(
    @Param('partnershipId') partnershipId: string,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.timeline(
      caller,
      partnershipId,
      instant(query.asOf),
      query.minPosition,
      instant(query.at),
      query.since,
    );
  }

  @Get(':partnershipId/trail')
  @ApiOperation({
    summary:
      'Audit trail of a partnership and its decisions: one readable line per event, oldest first, with position, event id, leaf hash and both clocks; with asOf, as the log held it then; with at, only what had happened by then. Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' })
  trail(
    @Param('partnershipId') partnershipId: string,
    @Query() query: TrailQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.trails.trail(caller, { kind: 'partnership', id: partnershipId }, trailPage(query));
  }
}
