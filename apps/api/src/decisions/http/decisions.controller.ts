import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { PersonalDataCipher } from '@accord/event-store';
import { AggregateStates, CommandResponse } from '@accord/server';
import { EXEMPT_SALT_BYTES } from '@accord/platform';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandSender } from '../../http/command-sender';
import { CommandCall, CommandInput } from '../../http/command-input';
import { OccurredAtDto, when } from '../../http/occurred-at';
import { GetDecisionQuery } from '../application/get-decision.query';
import { thenOf } from '../../read-models/application/then';
import { BitemporalQueryDto } from '../../read-models/http/read-model.dtos';
import {
  AmendDecisionDto,
  CorrectRecordDto,
  DecisionActReasonDto,
  DeclareInterestDto,
  DecisionReasonDto,
  DraftDecisionDto,
  ExemptItemDto,
  ForwardPlanEntryDto,
  GeneralExceptionDto,
  GrantDispensationDto,
  ScrutinyOutcomeDto,
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
    private readonly states: AggregateStates,
    private readonly cipher: PersonalDataCipher,
  ) {}

  @Post('partnerships/:partnershipId/decisions')
  @CommandEndpoint({
    status: 201,
    location: '/v1/decisions/{decisionId}',
    summary: 'Draft a decision in an active partnership. Who: any party member.',
  })
  draft(
    @Param('partnershipId') partnershipId: string,
    @Body() dto: DraftDecisionDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    const decisionId = dto.decisionId ?? randomUUID();
    return this.sender.send(call, 'decision', decisionId, {
      type: 'DraftDecision',
      partnershipId,
      ...dto,
      decisionId,
      ...when(dto),
    });
  }

  @Get('decisions/:decisionId')
  @Roles('member', 'org-admin', 'auditor', 'governance')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A decision: motion, status, interests, votes, sign-offs, outcome; with asOf, as the ledger said then; with at, as it had happened by then (both replayed from the log). Who: people of its partnership’s parties, auditors, admins; anyone else gets 404.',
  })
  @ApiResponse({ status: 404, description: 'No such decision (at that time), or not yours to see' })
  async get(
    @Param('decisionId') decisionId: string,
    @Query() query: BitemporalQueryDto,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.queries.execute<GetDecisionQuery, { revision?: number }>(
      new GetDecisionQuery(decisionId, caller, thenOf(query)),
    );
    // Read from the log itself, so always at or past any minPosition. Only the current decision
    // has a revision to compare with If-Match.
    if (view.revision !== undefined) void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post('decisions/:decisionId/amend')
  @CommandEndpoint({ summary: 'Amend a draft (an opened decision’s text is frozen). Who: any party member.' })
  amend(@Param('decisionId') decisionId: string, @Body() dto: AmendDecisionDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'AmendDecision', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/open')
  @CommandEndpoint({
    summary:
      'Open a draft for approval until its closing time (after the opening, which occurredAt may date in the past). Who: the drafter or a board member.',
  })
  open(@Param('decisionId') decisionId: string, @Body() dto: OpenDecisionDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'OpenDecision',
      decisionId,
      closesAt: new Date(dto.closesAt).toISOString(),
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/interests')
  @CommandEndpoint({ status: 201, summary: 'Declare your own interest. Who: any party member, for themselves.' })
  declareInterest(
    @Param('decisionId') decisionId: string,
    @Body() dto: DeclareInterestDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'DeclareInterest',
      decisionId,
      nature: dto.nature,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/dispensations')
  @CommandEndpoint({
    status: 201,
    summary:
      'Grant a dispensation for a declared interest. Who: a board member of another party, or an org-admin of the member’s own organisation; never oneself.',
  })
  dispense(
    @Param('decisionId') decisionId: string,
    @Body() dto: GrantDispensationDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'GrantDispensation',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/votes')
  @CommandEndpoint({
    status: 201,
    summary:
      'Cast your vote (agree, disagree, abstain) with a reason. Who: a board member without an undispensed interest.',
  })
  vote(@Param('decisionId') decisionId: string, @Body() dto: VoteDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'CastVote', decisionId, ...dto, ...when(dto) });
  }

  @Post('decisions/:decisionId/votes/change')
  @CommandEndpoint({ summary: 'Change your vote (both stay in the history). Who: a board member who has voted.' })
  changeVote(@Param('decisionId') decisionId: string, @Body() dto: VoteDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'ChangeVote', decisionId, ...dto, ...when(dto) });
  }

  @Post('decisions/:decisionId/sign-offs')
  @CommandEndpoint({
    status: 201,
    summary:
      'Sign off for your organisation; the last party’s sign-off approves the decision. Who: a party member whose delegated authority covers the category and value when it is given (occurredAt, default now).',
  })
  signOff(@Param('decisionId') decisionId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'SignOff', decisionId, ...when(dto) });
  }

  @Post('decisions/:decisionId/sign-offs/withdraw')
  @CommandEndpoint({
    summary:
      'Withdraw your organisation’s sign-off while open. Who: the signer, or a member of that party with covering authority.',
  })
  withdrawSignOff(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'WithdrawSignOff',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/sign-offs/refuse')
  @CommandEndpoint({
    summary:
      'Refuse sign-off for your organisation: the decision is rejected. Who: a party member with the authority a sign-off would need.',
  })
  refuse(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'RefuseSignOff',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/withdraw')
  @CommandEndpoint({ summary: 'Withdraw a draft or open decision. Who: the drafter or a board member.' })
  withdraw(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'WithdrawDecision',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/outcome')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record the outcome of a resolved decision: statement, reasons, alternatives rejected. Who: any party member.',
  })
  outcome(@Param('decisionId') decisionId: string, @Body() dto: RecordOutcomeDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'RecordOutcome', decisionId, ...dto, ...when(dto) });
  }

  @Post('decisions/:decisionId/rescind')
  @CommandEndpoint({
    summary:
      'Rescind an approved decision, citing the approved decision that authorises it (occurredAt, default now; not before either was approved). Who: any party member.',
  })
  rescind(@Param('decisionId') decisionId: string, @Body() dto: RescindDecisionDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'RescindDecision',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/supersede')
  @CommandEndpoint({ summary: 'Mark a decision superseded by another. Who: the drafter or a board member.' })
  supersede(
    @Param('decisionId') decisionId: string,
    @Body() dto: SupersedeDecisionDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'SupersedeDecision',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/corrections')
  @CommandEndpoint({
    status: 201,
    summary:
      'Correct the wording of an earlier event (the original stays). Who: the corrected event’s author (for an outcome, also a board member).',
  })
  correct(@Param('decisionId') decisionId: string, @Body() dto: CorrectRecordDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'CorrectRecord', decisionId, ...dto });
  }

  @Post('decisions/:decisionId/forward-plan')
  @CommandEndpoint({
    status: 201,
    summary:
      'Put a draft decision on the forward plan (reg 9): decision maker, expected date, documents. A key decision opens 28 clear days after it was published (occurredAt, default now; not before the drafting). Who: the drafter or a board member.',
  })
  forwardPlan(
    @Param('decisionId') decisionId: string,
    @Body() dto: ForwardPlanEntryDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'PublishForwardPlanEntry',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/general-exception')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record a general exception for a key decision not on the forward plan (reg 10), after notice to the scrutiny chair; it opens 5 clear days after it was published (occurredAt, default now; not before the drafting nor the notice). Who: the drafter or a board member.',
  })
  generalException(
    @Param('decisionId') decisionId: string,
    @Body() dto: GeneralExceptionDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'RecordGeneralException',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/special-urgency')
  @CommandEndpoint({
    status: 201,
    summary:
      'Agree that a key decision is too urgent for notice (reg 11; occurredAt, default now); it may then be opened at once. Who: the scrutiny chair the terms of reference name.',
  })
  specialUrgency(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'AgreeSpecialUrgency',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/notice')
  @CommandEndpoint({
    status: 201,
    summary:
      'Publish the decision notice of an approved or rejected decision (regs 12, 13), not before its resolution; the call-in period runs from when it was published (occurredAt, default now): the decision and its date, the recorded reasons and alternatives rejected, interests declared and dispensations granted. Who: any party member.',
  })
  notice(@Param('decisionId') decisionId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'PublishDecisionNotice', decisionId, ...when(dto) });
  }

  @Post('decisions/:decisionId/call-in')
  @CommandEndpoint({
    status: 201,
    summary:
      'Ask, with reasons, that an approved decision be called in, within the call-in period its notice gave (on the London date of occurredAt, default now; not before the notice), and before the period’s end is recorded (a notice entered after its period leaves it open a day for the call-ins dated inside it; call-in-period-ended); once the number of members the terms need have asked it is called in and cannot be implemented until scrutiny decides. Who: a party member granted the scrutiny role in the ledger.',
  })
  callIn(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'CallInDecision',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/scrutiny-outcome')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record the scrutiny committee’s outcome on a called-in decision: no further action, or referred back to the board or to full council with recommendations (occurredAt, default now; not before the call-in). Who: the scrutiny chair the terms of reference name.',
  })
  scrutinyOutcome(
    @Param('decisionId') decisionId: string,
    @Body() dto: ScrutinyOutcomeDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'RecordScrutinyOutcome',
      decisionId,
      ...dto,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/reconsideration')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record that the board, reconsidering a decision scrutiny referred back, confirms it, with reasons (occurredAt, default now; not before the call-in or the scrutiny outcome); it may then be implemented. To amend it instead, supersede it by a new decision. Who: a board member.',
  })
  reconsider(
    @Param('decisionId') decisionId: string,
    @Body() dto: DecisionActReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    return this.sender.send(call, 'decision', decisionId, {
      type: 'ReconsiderDecision',
      decisionId,
      reason: dto.reason,
      ...when(dto),
    });
  }

  @Post('decisions/:decisionId/implemented')
  @CommandEndpoint({
    status: 201,
    summary:
      'Record that an approved decision has been put into effect (occurredAt, default now; not before its approval, notice or reconsideration); under council procedure only after its notice and call-in period, and not while a call-in waits or after a referral (decision-in-call-in-period, decision-called-in). Who: the drafter or a board member.',
  })
  implemented(@Param('decisionId') decisionId: string, @Body() dto: OccurredAtDto, @CommandInput() call: CommandCall) {
    return this.sender.send(call, 'decision', decisionId, { type: 'RecordImplementation', decisionId, ...when(dto) });
  }

  @Post('decisions/:decisionId/exempt-items')
  @CommandEndpoint({
    status: 201,
    summary:
      'Withhold a part of the decision (motion, value, papers, outcome) under Schedule 12A, paragraph 1–7, with the public-interest reason. The log holds a salted SHA-256 commitment and the value sealed for the parties: their members read it, anyone else (auditors included) the commitment and the paragraph. Who: the drafter or a board member.',
  })
  recordExemptItem(
    @Param('decisionId') decisionId: string,
    @Body() dto: ExemptItemDto,
    @CommandInput() call: CommandCall,
  ) {
    // Drawn here, not by the caller: a guessable salt would let anyone test candidate values against the commitment.
    const salt = randomBytes(EXEMPT_SALT_BYTES).toString('base64url');
    return this.sender.send(call, 'decision', decisionId, { type: 'RecordExemptItem', decisionId, ...dto, salt });
  }

  @Post('decisions/:decisionId/exempt-items/:itemId/declassify')
  @CommandEndpoint({
    summary:
      'End an exemption: the value and salt are logged in the clear, checked against the commitment, readable by everyone from then on. Who: the drafter or a board member.',
  })
  async declassifyExemptItem(
    @Param('decisionId') decisionId: string,
    @Param('itemId') itemId: string,
    @Body() dto: DecisionReasonDto,
    @CommandInput() call: CommandCall,
  ) {
    // The command publishes what the log sealed; the domain checks it opens the commitment and
    // who may declassify, so the sealed record is opened here without asking who the caller is.
    const items = (await this.states.load('decision', decisionId)).state.exemptItems;
    const item = Object.hasOwn(items, itemId) ? items[itemId] : undefined;
    const opened = item ? await this.cipher.open({ value: item.value, salt: item.salt }, () => true) : undefined;
    return this.sender.send(call, 'decision', decisionId, {
      type: 'DeclassifyExemptItem',
      decisionId,
      itemId,
      value: opened?.value ?? '',
      salt: opened?.salt ?? '',
      reason: dto.reason,
    });
  }
}
