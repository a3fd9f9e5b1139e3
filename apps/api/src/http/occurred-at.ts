import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from './instant';

/** What records the past takes: when it happened (DESIGN §5 "Two clocks"). */
export class OccurredAtDto {
  @ApiPropertyOptional({
    example: '2026-01-15T18:40:00Z',
    description:
      'When it happened (default: now). Never in the future; what happened at a meeting inside it, minutes drafted after it ended, an act on a decision not before its opening and (votes, sign-offs, interests) before its closing time; the ledger keeps when it was recorded as well.',
  })
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}

/** The command's `occurredAt`, in UTC as the ledger keeps instants, whatever offset the caller wrote; none when not given. */
export const when = (dto: OccurredAtDto): { occurredAt?: string } =>
  dto.occurredAt === undefined ? {} : { occurredAt: new Date(dto.occurredAt).toISOString() };
