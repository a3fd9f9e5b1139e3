import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SLUG, SLUG_MESSAGE } from '../http/slug';

export class FeedQueryDto {
  @ApiPropertyOptional({ example: 'camden-homes', description: 'Only events of this partnership (and its decisions)' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  partnershipId?: string;

  @ApiPropertyOptional({
    example: 'DecisionApproved,DecisionRejected',
    description: 'Only these event types (comma-separated)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9._-]{0,199}(,[A-Za-z][A-Za-z0-9._-]{0,199}){0,49}$/, {
    message: 'types must be up to 50 comma-separated event types',
  })
  types?: string;

  @ApiPropertyOptional({
    example: '0',
    description:
      'Resume after this position (default 0: the whole visible history); `now` = only what is appended from now on. A `Last-Event-ID` header takes precedence.',
  })
  @IsOptional()
  @Matches(/^(\d{1,15}|now)$/, { message: 'from must be a position (0 or more) or "now"' })
  from?: string;
}
