import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { CommandEndpoint } from '../../http/command-headers';
import { CommandOf, CommandSender } from '@accord/server';
import { CommandResponse } from '@accord/server';
import { GetPartnershipQuery } from '../application/get-partnership.query';
import {
  AgreeTermsDto,
  AppointBoardMemberDto,
  AssignMitigationDto,
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

  private send(
    req: FastifyRequest,
    reply: FastifyReply,
    caller: Principal,
    partnershipId: string,
    command: CommandOf<'partnership'>,
    ids: Record<string, string> = {},
  ) {
    return this.sender.send(
      req,
      reply,
      caller,
      { kind: 'partnership', id: partnershipId, command },
      { partnershipId, ...ids },
    );
  }

  @Post()
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary: 'Propose a partnership between two or more registered organisations. Who: a member of one of the parties.',
  })
  propose(
    @Body() dto: ProposePartnershipDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const partnershipId = dto.partnershipId ?? randomUUID();
    void reply.header('location', `/v1/partnerships/${partnershipId}`);
    return this.send(req, reply, caller, partnershipId, {
      type: 'ProposePartnership',
      partnershipId,
      title: dto.title,
      purpose: dto.purpose,
      parties: dto.parties,
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
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary:
      "Join for the caller's organisation; the last party to join activates it. Who: a party member with governance authority.",
  })
  join(
    @Param('partnershipId') partnershipId: string,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, partnershipId, { type: 'JoinPartnership', partnershipId });
  }

  @Post(':partnershipId/terms')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'Agree terms of reference (approval rule, quorum, text hash). Who: a party member with governance authority; once active, only with an approved governance decision.',
  })
  terms(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: AgreeTermsDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, partnershipId, { type: 'AgreeTermsOfReference', partnershipId, ...dto });
  }

  @Post(':partnershipId/board')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary: 'Appoint a member of your own organisation to the board. Who: a party member with governance authority.',
  })
  appoint(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: AppointBoardMemberDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'AppointBoardMember', partnershipId, ...dto },
      { personId: dto.personId },
    );
  }

  @Post(':partnershipId/board/:personId/stand-down')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'A board member stands down. Who: the board member, or a governance-authority member of their organisation.',
  })
  standDown(
    @Param('partnershipId') partnershipId: string,
    @Param('personId') personId: string,
    @Body() dto: OptionalReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'StandDownBoardMember', partnershipId, personId, ...dto },
      { personId },
    );
  }

  @Post(':partnershipId/objectives')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Set an objective. Who: a board member.' })
  setObjective(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: SetObjectiveDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const objectiveId = dto.objectiveId ?? randomUUID();
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'SetObjective', partnershipId, ...dto, objectiveId },
      { objectiveId },
    );
  }

  @Post(':partnershipId/objectives/:objectiveId/revise')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Revise an objective, with a reason. Who: a board member.' })
  reviseObjective(
    @Param('partnershipId') partnershipId: string,
    @Param('objectiveId') objectiveId: string,
    @Body() dto: ReviseObjectiveDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'ReviseObjective', partnershipId, objectiveId, ...dto },
      { objectiveId },
    );
  }

  @Post(':partnershipId/objectives/:objectiveId/progress')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Report progress on an objective (percent, RAG, summary). Who: any party member.' })
  reportProgress(
    @Param('partnershipId') partnershipId: string,
    @Param('objectiveId') objectiveId: string,
    @Body() dto: ReportProgressDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'ReportProgress', partnershipId, objectiveId, ...dto },
      { objectiveId },
    );
  }

  @Post(':partnershipId/risks')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Raise a risk owned by a party (likelihood and impact 1–5). Who: any party member.' })
  raiseRisk(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: RaiseRiskDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const riskId = dto.riskId ?? randomUUID();
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'RaiseRisk', partnershipId, ...dto, riskId },
      { riskId },
    );
  }

  @Post(':partnershipId/risks/:riskId/mitigations')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary: 'Assign a mitigation to a party. Who: a member of the risk-owning party, or a board member.',
  })
  mitigate(
    @Param('partnershipId') partnershipId: string,
    @Param('riskId') riskId: string,
    @Body() dto: AssignMitigationDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'AssignMitigation', partnershipId, riskId, ...dto },
      { riskId },
    );
  }

  @Post(':partnershipId/risks/:riskId/close')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Close a risk, with a reason. Who: a member of the risk-owning party, or a board member.' })
  closeRisk(
    @Param('partnershipId') partnershipId: string,
    @Param('riskId') riskId: string,
    @Body() dto: ReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      req,
      reply,
      caller,
      partnershipId,
      { type: 'CloseRisk', partnershipId, riskId, reason: dto.reason },
      { riskId },
    );
  }

  @Post(':partnershipId/suspend')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Suspend an active partnership. Who: a party member with governance authority.' })
  suspend(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: ReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, partnershipId, {
      type: 'SuspendPartnership',
      partnershipId,
      reason: dto.reason,
    });
  }

  @Post(':partnershipId/resume')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary: 'Resume a suspended partnership. Who: a governance-authority member of the party that suspended it.',
  })
  resume(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: OptionalReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, partnershipId, { type: 'ResumePartnership', partnershipId, ...dto });
  }

  @Post(':partnershipId/dissolve')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Dissolve the partnership (final). Who: a party member with governance authority.' })
  dissolve(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: ReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, partnershipId, {
      type: 'DissolvePartnership',
      partnershipId,
      reason: dto.reason,
    });
  }
}
