import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { MeetingViews } from '../application/meeting-views.reader';
import { BitemporalQueryDto } from './read-model.dtos';

const point = (q: BitemporalQueryDto) => ({
  ...(q.at ? { at: new Date(q.at) } : {}),
  ...(q.asOf ? { asOf: new Date(q.asOf) } : {}),
});

/** Meetings: agenda, attendance and quorum, the votes per item, minutes; on both clocks. */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1')
@Roles('member', 'org-admin', 'auditor', 'governance', 'clerk')
export class MeetingViewsController {
  constructor(private readonly views: MeetingViews) {}

  @Get('meetings/:meetingId')
  @ApiOperation({
    summary:
      'A meeting: agenda, attendance and quorum, each item’s votes (voter, recorder, both clocks), minutes and their approval, and every record with when it happened and when it was recorded; with at, as it had happened by then; with asOf, as the ledger said then. Who: people of its partnership’s parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such meeting (at that time), or not yours to see' })
  meeting(
    @Param('meetingId') meetingId: string,
    @Query() query: BitemporalQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.meeting(caller, meetingId, point(query), query.minPosition);
  }

  @Get('partnerships/:partnershipId/meetings')
  @ApiOperation({
    summary:
      'A partnership’s meetings by start, each as GET /v1/meetings/{meetingId} gives it; at and asOf as there. Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' })
  meetingsOf(
    @Param('partnershipId') partnershipId: string,
    @Query() query: BitemporalQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.meetingsOf(caller, partnershipId, point(query), query.minPosition);
  }
}
