import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class InclusionQueryDto {
  @ApiPropertyOptional({ description: 'Log position of the event (give this or eventId)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SIZE)
  position?: number;

  @ApiPropertyOptional({ description: 'Id of the event (give this or position)' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'Tree size to prove against; default the latest checkpoint’s', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SIZE)
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'The older tree size', minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  from!: number;

  @ApiPropertyOptional({ description: 'The newer tree size; default the latest checkpoint’s', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  to?: number;
}

export class ExportQueryDto {
  @ApiPropertyOptional({
    description: 'Export one partnership’s streams with inclusion proofs; the whole log otherwise',
  })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  partnershipId?: string;

  @ApiPropertyOptional({
    description: 'Add a consistency proof from this older tree size (one you kept a checkpoint of)',
    minimum: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  since?: number;
}
