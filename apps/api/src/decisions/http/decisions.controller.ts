import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { CommandEndpoint } from '../../http/command-headers';
import { CommandOf, CommandSender } from '@accord/server';
import { CommandResponse } from '@accord/server';
import { GetDecisionQuery } from '../application/get-decision.query';
import {
  AmendDecisionDto,
  CorrectRecordDto,
  DeclareInterestDto,
  DecisionReasonDto,
  DraftDecisionDto,
  GrantDispensationDto,
  OpenDecisionDto,
  RecordOutcomeDto,
  RescindDecisionDto,
  SupersedeDecisionDto,
  VoteDto,
} from './decision.dtos';

/**
 * Decision commands. Every one needs the caller to be a current member of a party to the
 * decision's partnership, acting for their own organisation; votes need a board seat and
 * sign-offs delegated authority covering the category and value (libs/domain/README.md).
 */
@ApiTags('decisions')
@Controller('v1')
@Roles('member', 'org-admin')
export class DecisionsController {
  constructor(
    private readonly sender: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  private send(
    req: FastifyRequest,
    reply: FastifyReply,
    caller: Principal,
    decisionId: string,
    command: CommandOf<'decision'>,
  ) {
    return this.sender.send(req, reply, caller, { kind: 'decision', id: decisionId, command }, { decisionId });
  }

  @Post('partnerships/:partnershipId/decisions')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Draft a decision in an active partnership. Who: any party member.' })
  draft(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: DraftDecisionDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const decisionId = dto.decisionId ?? randomUUID();
    void reply.header('location', `/v1/decisions/${decisionId}`);
    return this.send(req, reply, caller, decisionId, { type: 'DraftDecision', partnershipId, ...dto, decisionId });
  }

  @Get('decisions/:decisionId')
  @Roles('member', 'org-admin', 'auditor', 'governance')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A decision: motion, status, interests, votes, sign-offs, outcome. Who: people of its partnership’s parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such decision, or not yours to see' })
  async get(
    @Param('decisionId') decisionId: string,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.queries.execute<GetDecisionQuery, { revision: number }>(
      new GetDecisionQuery(decisionId, caller),
    );
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post('decisions/:decisionId/amend')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Amend a draft (an opened decision’s text is frozen). Who: any party member.' })
  amend(
    @Param('decisionId') decisionId: string,
    @Body() dto: AmendDecisionDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'AmendDecision', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/open')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary: 'Open a draft for approval until a future closing time. Who: the drafter or a board member.',
  })
  open(
    @Param('decisionId') decisionId: string,
    @Body() dto: OpenDecisionDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, {
      type: 'OpenDecision',
      decisionId,
      closesAt: new Date(dto.closesAt).toISOString(),
    });
  }

  @Post('decisions/:decisionId/interests')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Declare your own interest. Who: any party member, for themselves.' })
  declareInterest(
    @Param('decisionId') decisionId: string,
    @Body() dto: DeclareInterestDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'DeclareInterest', decisionId, nature: dto.nature });
  }

  @Post('decisions/:decisionId/dispensations')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Grant a dispensation for a declared interest. Who: a board member of another party, or an org-admin of the member’s own organisation; never oneself.',
  })
  dispense(
    @Param('decisionId') decisionId: string,
    @Body() dto: GrantDispensationDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'GrantDispensation', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/votes')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Cast your vote (agree, disagree, abstain) with a reason. Who: a board member without an undispensed interest.',
  })
  vote(
    @Param('decisionId') decisionId: string,
    @Body() dto: VoteDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'CastVote', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/votes/change')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Change your vote (both stay in the history). Who: a board member who has voted.' })
  changeVote(
    @Param('decisionId') decisionId: string,
    @Body() dto: VoteDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'ChangeVote', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/sign-offs')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Sign off for your organisation; the last party’s sign-off approves the decision. Who: a party member whose delegated authority covers the category and value now.',
  })
  signOff(
    @Param('decisionId') decisionId: string,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'SignOff', decisionId });
  }

  @Post('decisions/:decisionId/sign-offs/withdraw')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'Withdraw your organisation’s sign-off while open. Who: the signer, or a member of that party with covering authority.',
  })
  withdrawSignOff(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'WithdrawSignOff', decisionId, reason: dto.reason });
  }

  @Post('decisions/:decisionId/sign-offs/refuse')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'Refuse sign-off for your organisation: the decision is rejected. Who: a party member with the authority a sign-off would need.',
  })
  refuse(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'RefuseSignOff', decisionId, reason: dto.reason });
  }

  @Post('decisions/:decisionId/withdraw')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Withdraw a draft or open decision. Who: the drafter or a board member.' })
  withdraw(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionReasonDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'WithdrawDecision', decisionId, reason: dto.reason });
  }

  @Post('decisions/:decisionId/outcome')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Record the outcome of a resolved decision: statement, reasons, alternatives rejected. Who: any party member.',
  })
  outcome(
    @Param('decisionId') decisionId: string,
    @Body() dto: RecordOutcomeDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'RecordOutcome', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/rescind')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({
    summary: 'Rescind an approved decision, citing the approved decision that authorises it. Who: any party member.',
  })
  rescind(
    @Param('decisionId') decisionId: string,
    @Body() dto: RescindDecisionDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'RescindDecision', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/supersede')
  @HttpCode(200)
  @CommandEndpoint()
  @ApiOperation({ summary: 'Mark a decision superseded by another. Who: the drafter or a board member.' })
  supersede(
    @Param('decisionId') decisionId: string,
    @Body() dto: SupersedeDecisionDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'SupersedeDecision', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/corrections')
  @HttpCode(201)
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Correct the wording of an earlier event (the original stays). Who: the corrected event’s author (for an outcome, also a board member).',
  })
  correct(
    @Param('decisionId') decisionId: string,
    @Body() dto: CorrectRecordDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(req, reply, caller, decisionId, { type: 'CorrectRecord', decisionId, ...dto });
  }
}
