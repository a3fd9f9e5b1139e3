import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import {
  ALL_EVENT_TYPES,
  MAX_EVENTS_PER_DELIVERY,
  MAX_KEY_OVERLAP_SECONDS,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_DISABLED_REASONS,
  WEBHOOK_SCHEMES,
  WebhookDisabledReason,
  WebhookScheme,
} from '@accord/domain';
import { CommandResponseView } from '../../http/command-response.view';
import { IsQueryInteger } from '../../http/integer-params';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

export class RegisterWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'housing-register', description: 'Lowercase slug; generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  endpointId?: string;

  @ApiProperty({ example: 'https://hooks.camden.gov.uk/accord', maxLength: MAX_WEBHOOK_URL_LENGTH })
  @IsString()
  @Length(1, MAX_WEBHOOK_URL_LENGTH)
  url: string;

  @ApiPropertyOptional({ type: [String], example: ['DecisionApproved'], description: 'None: every type' })
  @IsOptional()
  @ArrayMaxSize(ALL_EVENT_TYPES.length)
  @IsIn(ALL_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['camden-homes'], description: 'None: every partnership' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(SLUG, { each: true, message: SLUG_MESSAGE })
  partnershipIds?: string[];

  @ApiPropertyOptional({ enum: WEBHOOK_SCHEMES, default: 'v1a', description: 'v1a: Ed25519; v1: HMAC-SHA256' })
  @IsOptional()
  @IsIn(WEBHOOK_SCHEMES)
  scheme?: WebhookScheme;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_EVENTS_PER_DELIVERY,
    default: 1,
    description:
      '1: each delivery is one event envelope (webhook-id = the event id). More: each delivery is a JSON array of up to this many envelopes, in log order for one partnership, under one signature (webhook-id = batch_ and a hash of their event ids): a backlog then costs a round trip per batch.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_EVENTS_PER_DELIVERY)
  maxEventsPerDelivery?: number;
}

export class RotateWebhookKeyDto {
  @ApiPropertyOptional({ example: 86400, description: 'How long the previous key signs beside the new one' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_KEY_OVERLAP_SECONDS)
  overlapSeconds?: number;
}

export class WebhookKeyAnswerView extends CommandResponseView {
  @ApiProperty({
    example: 'whpk_…',
    description:
      'Shown once: the public key (whpk_, v1a) or shared secret (whsec_, v1) to verify deliveries with. Accord keeps no copy.',
  })
  signingKey: string;

  @ApiProperty({ example: 1 })
  keyVersion: number;
}

export class WebhookProgressView {
  @ApiProperty({
    example: 1042,
    description: 'The last log position the endpoint acknowledged (or skipped as not its own)',
  })
  position: number;

  @ApiProperty({ example: 0, description: 'Failed attempts in a row at the next event' })
  failures: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'When the failing event is tried again' })
  nextAttemptAt: string | null;
}

export class WebhookDisabledView {
  @ApiProperty({ enum: WEBHOOK_DISABLED_REASONS, description: 'gone: the receiver answered 410; retries-exhausted' })
  reason: WebhookDisabledReason;

  @ApiProperty({ example: 'the receiver answered 410' })
  detail: string;
}

export class WebhookEndpointView {
  @ApiProperty({ example: 'housing-register' })
  endpointId: string;

  @ApiProperty({ example: 'https://hooks.camden.gov.uk/accord' })
  url: string;

  @ApiProperty({ type: [String], description: 'None: every type' })
  eventTypes: string[];

  @ApiProperty({ type: [String], description: 'None: every partnership' })
  partnershipIds: string[];

  @ApiProperty({ enum: WEBHOOK_SCHEMES })
  scheme: WebhookScheme;

  @ApiProperty({ example: 1, description: '1: one envelope per delivery; more: a JSON array of up to this many' })
  maxEventsPerDelivery: number;

  @ApiProperty({ enum: ['active', 'paused', 'disabled'] })
  status: string;

  @ApiProperty({
    example: 2,
    description: 'The version of the key that signs now (the key itself is never shown again)',
  })
  keyVersion: number;

  @ApiPropertyOptional({ description: 'Until when the previous key version signs beside it' })
  previousKeyUntil?: string;

  @ApiPropertyOptional({
    type: WebhookDisabledView,
    description: 'Why Accord stopped delivering (status disabled); resume the endpoint to start again at that event',
  })
  disabled?: WebhookDisabledView;

  @ApiProperty({ type: WebhookProgressView, nullable: true, description: 'Null until delivery first reaches it' })
  delivery: WebhookProgressView | null;
}

export class WebhookEndpointsView {
  @ApiProperty({ type: [WebhookEndpointView] })
  endpoints: WebhookEndpointView[];
}

export class WebhookDeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'Attempts older than this one (the previous page’s next)' })
  @IsOptional()
  @IsQueryInteger(1)
  before?: number;

  @ApiPropertyOptional({ description: 'Attempts per page, 1–500 (default 100)' })
  @IsOptional()
  @IsQueryInteger(1, 500)
  limit?: number;
}

export class WebhookAttemptView {
  @ApiProperty({ example: 731 })
  id: number;

  @ApiProperty({ example: 1042, description: 'The event’s log position' })
  position: number;

  @ApiProperty({ description: 'The event id, sent as webhook-id' })
  eventId: string;

  @ApiProperty({ example: 1, description: 'The how-manieth attempt at this event' })
  attempt: number;

  @ApiProperty({ type: Number, nullable: true, example: 204, description: 'Null when no answer came' })
  status: number | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why no answer came' })
  error: string | null;

  @ApiProperty({ example: 38 })
  latencyMs: number;

  @ApiProperty({ example: '2026-12-06T21:30:00.000Z' })
  attemptedAt: string;
}

export class WebhookDeliveriesView {
  @ApiProperty({ type: [WebhookAttemptView], description: 'Newest first' })
  attempts: WebhookAttemptView[];

  @ApiProperty({ type: Number, nullable: true, description: 'Pass as before= for the next page; null on the last' })
  next: number | null;
}

export class RedeliverWebhookDto {
  @ApiPropertyOptional({ example: 1042, description: 'Send again from this log position on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromPosition?: number;

  @ApiPropertyOptional({ description: 'Send again from this event on (one attempted to this endpoint before)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  eventId?: string;
}

export class RedeliverAnswerView {
  @ApiProperty({ example: 'housing-register' })
  endpointId: string;

  @ApiProperty({ example: 1042, description: 'Deliveries start again at this position' })
  fromPosition: number;
}
