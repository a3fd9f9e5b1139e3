import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@accord/access';
import { WebhookScheme } from '@accord/domain';
import { AggregateStates, CommandResponse, WebhookKeys } from '@accord/server';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandCall, CommandInput } from '../../http/command-input';
import { CommandSender } from '../../http/command-sender';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { RegisterWebhookEndpointDto, RotateWebhookKeyDto, WebhookKeyAnswerView } from './webhook.dtos';

type WebhookKeyAnswer = CommandResponse & { signingKey: string; keyVersion: number };

/**
 * An organisation's webhook endpoints (DESIGN §6). The signing key is handed over in the answer
 * to registering and rotating, and nowhere else: the ledger records only public keys.
 */
@ApiTags('webhooks')
@Controller('v1/organisations/:organisationId/webhooks')
export class WebhooksController {
  constructor(
    private readonly sender: CommandSender,
    private readonly keys: WebhookKeys,
    private readonly states: AggregateStates,
  ) {}

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

  private toEndpoint(
    call: CommandCall,
    organisationId: string,
    endpointId: string,
    type: 'PauseWebhookEndpoint' | 'ResumeWebhookEndpoint' | 'DeleteWebhookEndpoint',
  ): Promise<CommandResponse> {
    return this.sender.send(call, 'organisation', organisationId, { type, organisationId, endpointId }, { endpointId });
  }
}
