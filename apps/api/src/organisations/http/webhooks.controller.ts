import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { canAdministerOrganisation, ErrorCode, WebhookEndpointRecord, WebhookScheme } from '@accord/domain';
import { WebhookDeliveryLog } from '@accord/feeds';
import { BadInputError, ForbiddenError, NotFoundError } from '@accord/platform';
import { AggregateStates, CommandResponse, Storage, WebhookKeys } from '@accord/server';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandCall, CommandInput } from '../../http/command-input';
import { CommandSender } from '../../http/command-sender';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import {
  RedeliverAnswerView,
  RedeliverWebhookDto,
  RegisterWebhookEndpointDto,
  RotateWebhookKeyDto,
  WebhookDeliveriesQueryDto,
  WebhookDeliveriesView,
  WebhookEndpointsView,
  WebhookEndpointView,
  WebhookKeyAnswerView,
} from './webhook.dtos';

type WebhookKeyAnswer = CommandResponse & { signingKey: string; keyVersion: number };

/**
 * An organisation's webhook endpoints (DESIGN §6). The signing key is handed over in the answer
 * to registering and rotating, and nowhere else: the ledger records only public keys.
 */
@ApiTags('webhooks')
@Controller('v1/organisations/:organisationId/webhooks')
export class WebhooksController {
  private readonly log: WebhookDeliveryLog;

  constructor(
    private readonly sender: CommandSender,
    private readonly keys: WebhookKeys,
    private readonly states: AggregateStates,
    @Inject(Storage) storage: Storage,
  ) {
    this.log = new WebhookDeliveryLog(storage.pool);
  }

  @Get()
  @Roles('admin', 'org-admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'The organisation’s webhook endpoints (not deleted) and where delivery to each stands; no key is shown. Who: admin, or org-admin of this organisation.',
  })
  @ApiResponse({ status: 200, type: WebhookEndpointsView })
  async list(
    @Param('organisationId') organisationId: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<WebhookEndpointsView> {
    const endpoints = await this.endpointsFor(caller, organisationId);
    const progress = await this.log.progress(organisationId);
    return {
      endpoints: Object.values(endpoints)
        .filter((e) => e.status !== 'deleted')
        .map((e) => viewOf(e, progress.get(e.endpointId) ?? null)),
    };
  }

  @Get(':endpointId/deliveries')
  @Roles('admin', 'org-admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'The delivery log of one endpoint, newest first: each attempt’s event, status, error and latency. Who: admin, or org-admin of this organisation.',
  })
  @ApiResponse({ status: 200, type: WebhookDeliveriesView })
  async deliveries(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Query() query: WebhookDeliveriesQueryDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<WebhookDeliveriesView> {
    await this.endpointOf(caller, organisationId, endpointId);
    return this.log.page(organisationId, endpointId, { before: query.before, limit: query.limit ?? 100 });
  }

  @Post(':endpointId/redeliver')
  @HttpCode(202)
  @Roles('admin', 'org-admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Send an endpoint’s events again from a log position, or from one event it was sent before, on (with everything after it, so order holds; the receiver drops what it had by webhook-id). Who: admin, or org-admin of this organisation.',
  })
  @ApiResponse({ status: 202, type: RedeliverAnswerView })
  async redeliver(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Body() dto: RedeliverWebhookDto,
    @CurrentPrincipal() caller: Principal,
  ): Promise<RedeliverAnswerView> {
    if ((dto.fromPosition === undefined) === (dto.eventId === undefined))
      throw new BadInputError('redeliver-target', 'give exactly one of fromPosition and eventId');
    await this.endpointOf(caller, organisationId, endpointId);
    const fromPosition =
      dto.fromPosition ??
      (await this.log.positionOf(organisationId, endpointId, dto.eventId as string)) ??
      notSent(endpointId, dto.eventId as string);
    await this.log.redeliverFrom(organisationId, endpointId, fromPosition);
    return { endpointId, fromPosition };
  }

  @Post()
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    status: 201,
    summary:
      'Register a webhook endpoint (URL, event types, partnerships; v1a Ed25519 by default, v1 HMAC on request). The answer holds its key, once. Who: admin, or org-admin of this organisation.',
  })
  @ApiResponse({ status: 201, type: WebhookKeyAnswerView })
  async register(
    @Param('organisationId') organisationId: string,
    @Body() dto: RegisterWebhookEndpointDto,
    @CommandInput() call: CommandCall,
  ): Promise<WebhookKeyAnswer> {
    const endpointId = dto.endpointId ?? randomUUID();
    const scheme: WebhookScheme = dto.scheme ?? 'v1a';
    const ref = { organisationId, endpointId, keyVersion: 1 };
    const signingKey = await this.keys.subscriberKey(scheme, ref);
    const result = await this.sender.send(
      call,
      'organisation',
      organisationId,
      {
        type: 'RegisterWebhookEndpoint',
        organisationId,
        endpointId,
        url: dto.url,
        eventTypes: dto.eventTypes ?? [],
        partnershipIds: dto.partnershipIds ?? [],
        scheme,
        ...(scheme === 'v1a' ? { publicKey: signingKey } : {}),
        ...(dto.maxEventsPerDelivery === undefined ? {} : { maxEventsPerDelivery: dto.maxEventsPerDelivery }),
      },
      { endpointId },
    );
    return { ...result, signingKey, keyVersion: 1 };
  }

  @Post(':endpointId/rotate')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary:
      'Rotate the signing key: the new key signs from now, the previous one beside it for overlapSeconds (default a day). The answer holds the new key, once. Who: admin, or org-admin of this organisation.',
  })
  @ApiResponse({ status: 200, type: WebhookKeyAnswerView })
  async rotate(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Body() dto: RotateWebhookKeyDto,
    @CommandInput() call: CommandCall,
  ): Promise<WebhookKeyAnswer> {
    // The next version is read here to derive its key; the ledger re-checks it when it decides.
    const { state } = await this.states.load('organisation', organisationId);
    const current = Object.prototype.hasOwnProperty.call(state.webhookEndpoints, endpointId)
      ? state.webhookEndpoints[endpointId]
      : undefined;
    const scheme = current?.scheme ?? 'v1a';
    const keyVersion = (current?.key.keyVersion ?? 0) + 1;
    const signingKey = await this.keys.subscriberKey(scheme, { organisationId, endpointId, keyVersion });
    const result = await this.sender.send(
      call,
      'organisation',
      organisationId,
      {
        type: 'RotateWebhookKey',
        organisationId,
        endpointId,
        keyVersion,
        ...(scheme === 'v1a' ? { publicKey: signingKey } : {}),
        ...(dto.overlapSeconds === undefined ? {} : { overlapSeconds: dto.overlapSeconds }),
      },
      { endpointId },
    );
    return { ...result, signingKey, keyVersion };
  }

  @Post(':endpointId/pause')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({ summary: 'Pause deliveries (they resume from where they stopped). Who: admin, or org-admin.' })
  pause(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Body() _body: EmptyBodyDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.toEndpoint(call, organisationId, endpointId, 'PauseWebhookEndpoint');
  }

  @Post(':endpointId/resume')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary: 'Resume a paused endpoint, or one Accord disabled (410, retries exhausted). Who: admin, or org-admin.',
  })
  resume(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Body() _body: EmptyBodyDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.toEndpoint(call, organisationId, endpointId, 'ResumeWebhookEndpoint');
  }

  @Post(':endpointId/delete')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({ summary: 'Delete a webhook endpoint for good. Who: admin, or org-admin of this organisation.' })
  remove(
    @Param('organisationId') organisationId: string,
    @Param('endpointId') endpointId: string,
    @Body() _body: EmptyBodyDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.toEndpoint(call, organisationId, endpointId, 'DeleteWebhookEndpoint');
  }

  /** The organisation's endpoints, for its administrators only. */
  private async endpointsFor(
    caller: Principal,
    organisationId: string,
  ): Promise<Record<string, WebhookEndpointRecord>> {
    if (!canAdministerOrganisation(caller, organisationId))
      throw new ForbiddenError(
        ErrorCode.NotOrganisationAdmin,
        `only an admin or an org-admin of ${organisationId} may do this`,
        { organisationId },
      );
    const { state } = await this.states.load('organisation', organisationId);
    if (!state.registered)
      throw new NotFoundError(ErrorCode.OrganisationNotFound, `organisation ${organisationId} is not registered`, {
        organisationId,
      });
    return state.webhookEndpoints;
  }

  private async endpointOf(
    caller: Principal,
    organisationId: string,
    endpointId: string,
  ): Promise<WebhookEndpointRecord> {
    const endpoints = await this.endpointsFor(caller, organisationId);
    const endpoint = Object.prototype.hasOwnProperty.call(endpoints, endpointId) ? endpoints[endpointId] : undefined;
    if (!endpoint || endpoint.status === 'deleted')
      throw new NotFoundError(ErrorCode.WebhookEndpointNotFound, `no webhook endpoint ${endpointId}`, { endpointId });
    return endpoint;
  }

  private toEndpoint(
    call: CommandCall,
    organisationId: string,
    endpointId: string,
    type: 'PauseWebhookEndpoint' | 'ResumeWebhookEndpoint' | 'DeleteWebhookEndpoint',
  ): Promise<CommandResponse> {
    return this.sender.send(call, 'organisation', organisationId, { type, organisationId, endpointId }, { endpointId });
  }
}

function viewOf(e: WebhookEndpointRecord, delivery: WebhookEndpointView['delivery']): WebhookEndpointView {
  return {
    endpointId: e.endpointId,
    url: e.url,
    eventTypes: [...e.eventTypes],
    partnershipIds: [...e.partnershipIds],
    scheme: e.scheme,
    status: e.status,
    maxEventsPerDelivery: e.maxEventsPerDelivery,
    keyVersion: e.key.keyVersion,
    ...(e.previousKey ? { previousKeyUntil: e.previousKey.until } : {}),
    ...(e.disabled ? { disabled: { ...e.disabled } } : {}),
    delivery,
  };
}

function notSent(endpointId: string, eventId: string): never {
  throw new NotFoundError('webhook-delivery-not-found', `event ${eventId} was never sent to ${endpointId}`, {
    endpointId,
    eventId,
  });
}
