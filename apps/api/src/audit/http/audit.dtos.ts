import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { IsQueryInteger } from '../../http/integer-params';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

export class InclusionQueryDto {
  @ApiPropertyOptional({ description: 'Log position of the event (give this or eventId)', minimum: 1 })
  @IsOptional()
  @IsQueryInteger(1)
  position?: number;

  @ApiPropertyOptional({ description: 'Id of the event (give this or position)' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'Tree size to prove against; default the latest checkpoint’s', minimum: 1 })
  @IsOptional()
  @IsQueryInteger(1)
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'The older tree size', minimum: 0 })
  @IsQueryInteger(0)
  from!: number;

  @ApiPropertyOptional({ description: 'The newer tree size; default the latest checkpoint’s', minimum: 0 })
  @IsOptional()
  @IsQueryInteger(0)
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
  @IsQueryInteger(0)
  since?: number;
}

export class PolicyQueryDto {
  @ApiPropertyOptional({
    description: "Only this partnership's parties' witnesses; every registered witness otherwise",
  })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  partnershipId?: string;
}
