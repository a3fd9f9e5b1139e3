import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandSender } from '../../http/command-sender';
import { CommandCall, CommandInput } from '../../http/command-input';
import { OccurredAtDto, when } from '../../http/occurred-at';
import { GetPartnershipQuery } from '../application/get-partnership.query';
import {
  AgreeTermsDto,
  AppointBoardMemberDto,
  AssignMitigationDto,
  CloseRiskDto,
  OptionalReasonDto,
  ProposePartnershipDto,
  RaiseRiskDto,
  ReasonDto,
  ReportProgressDto,
  ReviseObjectiveDto,
  SetObjectiveDto,
} from './partnership.dtos';

/**
 * Partnership commands. Who may act is decided by the ledger, not the token: the caller's
 * organisation must be a party and the caller a current member of it, and joining, terms, board
 * appointments, suspension and dissolution need delegated `governance` authority (see
 * libs/domain/README.md). Token roles only keep auditors and governance readers out of writes.
 */
@ApiTags('partnerships')
@Controller('v1/partnerships')
@Roles('member', 'org-admin')
export class PartnershipsController {
  constructor(
    private readonly sender: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @CommandEndpoint({
    status: 201,
    location: '/v1/partnerships/{partnershipId}',
    summary: 'Propose a partnership between two or more registered organisations. Who: a member of one of the parties.',
  })
  propose(@Body() dto: ProposePartnershipDto, @CommandInput() call: CommandCall) {
    const partnershipId = dto.partnershipId ?? randomUUID();
    return this.sender.send(call, 'partnership', partnershipId, {
      type: 'ProposePartnership',
      partnershipId,
      title: dto.title,
      purpose: dto.purpose,
      parties: dto.parties,
      ...when(dto),
    });
  }

  @Get(':partnershipId')
  @Roles('member', 'org-admin', 'auditor', 'governance')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "A partnership's current state. Who: people of its parties, auditors, admins; anyone else gets 404.",
  })
  @ApiResponse({
    status: 200,
    description: 'Parties, status, terms, board, objectives, risks, with the stream revision',
  })
  @ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' })
  async get(
    @Param('partnershipId') partnershipId: string,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.queries.execute<GetPartnershipQuery, { revision: number }>(
      new GetPartnershipQuery(partnershipId, caller),
    );
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post(':partnershipId/join')
  @CommandEndpoint({
    summary:
      "Join for the caller's organisation; the last party to join activates it. Who: a party member with governance authority.",
  })
  join(@Param('partnershipId') partnershipId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'partnership', partnershipId, {
      type: 'JoinPartnership',
      partnershipId,
      ...when(dto),
    });
  }

  @Post(':partnershipId/terms')
  @CommandEndpoint({
    summary:
      'Agree terms of reference (approval rule, quorum, text hash). Who: a party member with governance authority; once active, only with an approved governance decision.',
  })
  terms(@Param('partnershipId') partnershipId: string, @Body() dto: AgreeTermsDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'partnership', partnershipId, {
      type: 'AgreeTermsOfReference',
      partnershipId,
      ...dto,
      ...when(dto),
    });
  }

  @Post(':partnershipId/board')
  @CommandEndpoint({
    status: 201,
    summary: 'Appoint a member of your own organisation to the board. Who: a party member with governance authority.',
  })
  appoint(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: AppointBoardMemberDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'AppointBoardMember', partnershipId, ...dto, ...when(dto) },
      { personId: dto.personId },
    );
  }

  @Post(':partnershipId/board/:personId/stand-down')
  @CommandEndpoint({
    summary:
      'A board member stands down. Who: the board member, or a governance-authority member of their organisation.',
  })
  standDown(
    @Param('partnershipId') partnershipId: string,
    @Param('personId') personId: string,
    @Body() dto: OptionalReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'StandDownBoardMember', partnershipId, personId, ...dto },
      { personId },
    );
  }

  @Post(':partnershipId/objectives')
  @CommandEndpoint({ status: 201, summary: 'Set an objective. Who: a board member.' })
  setObjective(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: SetObjectiveDto,
    @CommandInput() call: CommandCall,
  ) {
    const objectiveId = dto.objectiveId ?? randomUUID();
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'SetObjective', partnershipId, ...dto, ...when(dto), objectiveId },
      { objectiveId },
    );
  }

  @Post(':partnershipId/objectives/:objectiveId/revise')
  @CommandEndpoint({ summary: 'Revise an objective, with a reason. Who: a board member.' })
  reviseObjective(
    @Param('partnershipId') partnershipId: string,
    @Param('objectiveId') objectiveId: string,
    @Body() dto: ReviseObjectiveDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'ReviseObjective', partnershipId, objectiveId, ...dto, ...when(dto) },
      { objectiveId },
    );
  }

  @Post(':partnershipId/objectives/:objectiveId/progress')
  @CommandEndpoint({
    status: 201,
    summary: 'Report progress on an objective (percent, RAG, summary). Who: any party member.',
  })
  reportProgress(
    @Param('partnershipId') partnershipId: string,
    @Param('objectiveId') objectiveId: string,
    @Body() dto: ReportProgressDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'ReportProgress', partnershipId, objectiveId, ...dto, ...when(dto) },
      { objectiveId },
    );
  }

  @Post(':partnershipId/risks')
  @CommandEndpoint({
    status: 201,
    summary: 'Raise a risk owned by a party (likelihood and impact 1–5). Who: any party member.',
  })
  raiseRisk(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: RaiseRiskDto,
    @CommandInput() call: CommandCall,
  ) {
    const riskId = dto.riskId ?? randomUUID();
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'RaiseRisk', partnershipId, ...dto, ...when(dto), riskId },
      { riskId },
    );
  }

  @Post(':partnershipId/risks/:riskId/mitigations')
  @CommandEndpoint({
    status: 201,
    summary: 'Assign a mitigation to a party. Who: a member of the risk-owning party, or a board member.',
  })
  mitigate(
    @Param('partnershipId') partnershipId: string,
    @Param('riskId') riskId: string,
    @Body() dto: AssignMitigationDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'AssignMitigation', partnershipId, riskId, ...dto, ...when(dto) },
      { riskId },
    );
  }

  @Post(':partnershipId/risks/:riskId/close')
  @CommandEndpoint({
    summary: 'Close a risk, with a reason. Who: a member of the risk-owning party, or a board member.',
  })
  closeRisk(
    @Param('partnershipId') partnershipId: string,
    @Param('riskId') riskId: string,
    @Body() dto: CloseRiskDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(
      call,
      'partnership',
      partnershipId,
      { type: 'CloseRisk', partnershipId, riskId, reason: dto.reason, ...when(dto) },
      { riskId },
    );
  }

  @Post(':partnershipId/suspend')
  @CommandEndpoint({ summary: 'Suspend an active partnership. Who: a party member with governance authority.' })
  suspend(@Param('partnershipId') partnershipId: string, @Body() dto: ReasonDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'partnership', partnershipId, {
      type: 'SuspendPartnership',
      partnershipId,
      reason: dto.reason,
    });
  }

  @Post(':partnershipId/resume')
  @CommandEndpoint({
    summary: 'Resume a suspended partnership. Who: a governance-authority member of the party that suspended it.',
  })
  resume(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: OptionalReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'partnership', partnershipId, { type: 'ResumePartnership', partnershipId, ...dto });
  }

  @Post(':partnershipId/dissolve')
  @CommandEndpoint({ summary: 'Dissolve the partnership (final). Who: a party member with governance authority.' })
  dissolve(@Param('partnershipId') partnershipId: string, @Body() dto: ReasonDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'partnership', partnershipId, {
      type: 'DissolvePartnership',
      partnershipId,
      reason: dto.reason,
    });
  }
}
