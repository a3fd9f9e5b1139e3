import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import {
  ALL_EVENT_TYPES,
  MAX_KEY_OVERLAP_SECONDS,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_SCHEMES,
  WebhookScheme,
} from '@accord/domain';
import { CommandResponseView } from '../../http/command-response.view';
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
