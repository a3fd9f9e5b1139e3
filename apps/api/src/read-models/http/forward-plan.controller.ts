import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { ForwardPlanViews } from '../application/forward-plan.reader';
import { ReadQueryDto } from './read-model.dtos';

/** The forward plan (reg 9) and decision notices (regs 12, 13) of a partnership. */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1')
@Roles('member', 'org-admin', 'auditor', 'governance', 'clerk', 'scrutiny')
export class ForwardPlanController {
  constructor(private readonly views: ForwardPlanViews) {}

  @Get('partnerships/:partnershipId/forward-plan')
  @ApiOperation({
    summary:
      'A partnership’s forward plan by expected date: item, decision maker, date expected, documents, whether key, when published and by whom, what became of it and (a key decision once opened) the notice it was opened on. Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' })
  forwardPlan(
    @Param('partnershipId') partnershipId: string,
    @Query() query: ReadQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.forwardPlanOf(caller, partnershipId, query.minPosition);
  }

  @Get('partnerships/:partnershipId/decision-notices')
  @ApiOperation({
    summary:
      'A partnership’s decision notices, newest first: decision and date, statement, reasons, alternatives rejected, interests and dispensations, a key decision’s basis. Who: people of its parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' })
  notices(
    @Param('partnershipId') partnershipId: string,
    @Query() query: ReadQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.views.noticesOf(caller, partnershipId, query.minPosition);
  }
}
