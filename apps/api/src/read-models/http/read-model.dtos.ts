import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DECISION_CATEGORIES } from '@accord/domain';
import { IsInstant } from '../../http/instant';
import { IsQueryInteger } from '../../http/integer-params';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

export const DECISION_STATUSES = [
  'draft',
  'open',
  'approved',
  'rejected',
  'lapsed',
  'withdrawn',
  'rescinded',
  'superseded',
] as const;

/** How many items a page holds when the query gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;

// A mixin's base must be constructible with any arguments (TS2545), which only any[] says.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DtoClass = new (...args: any[]) => object;

/**
 * A paged list's query: `Base`'s fields, then `limit` (1 to `max`, each endpoint its own) and the
 * opaque `cursor` of the previous page.
 */
function PageQueryDto<B extends DtoClass>(max: number, Base: B = class {} as B) {
  class PageQuery extends Base {
    @ApiPropertyOptional({ description: `Page size, 1–${max} (default ${DEFAULT_PAGE_SIZE})` })
    @IsOptional()
    @IsQueryInteger(1, max)
    limit?: number;
    @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
    @IsOptional()
    @IsString()
    @Length(1, 200)
    cursor?: string;
  }
  return PageQuery;
}

/** Every read model query takes `minPosition`: the position a command returned. */
export class ReadQueryDto {
  @ApiPropertyOptional({
    description:
      'Wait (up to READ_MODEL_WAIT_MS, default 5 s) until the read model includes this log position; then 503 read-model-behind with Retry-After',
    example: 42,
  })
  @IsOptional()
  @IsQueryInteger(0)
  minPosition?: number;
}

/** Both clocks (DESIGN §5): what had happened by `at`, as the ledger said at `asOf`. */
export class BitemporalQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({
    description: 'ISO-8601 instant: as it had happened by then (occurredAt), as known now',
    example: '2026-03-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  at?: string;
  @ApiPropertyOptional({
    description: 'ISO-8601 instant: as the ledger said then (recordedAt)',
    example: '2026-03-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

/** The timeline's query: both clocks, or `since` a version of the current timeline. */
export class TimelineQueryDto extends BitemporalQueryDto {
  @ApiPropertyOptional({
    description:
      'The `version` of the current timeline the caller holds: answered with only the decisions and changes new or changed since (a delta carrying `since`), or the whole timeline when that cannot be said exactly. Not with asOf or at.',
    example: '1234.1230.9f86d081884c',
  })
  @IsOptional()
  @Matches(/^\d{1,15}\.\d{1,15}\.[0-9a-f]{1,16}$/, { message: 'since must be a version a timeline answer gave' })
  since?: string;
}

/** What the register lists: its page is `limit` and `cursor` (RegisterQueryDto). */
class RegisterFilterDto extends BitemporalQueryDto {
  @ApiPropertyOptional({ description: 'Only this partnership' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  partnershipId?: string;
  @ApiPropertyOptional({ enum: DECISION_STATUSES }) @IsOptional() @IsIn(DECISION_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: DECISION_CATEGORIES }) @IsOptional() @IsIn(DECISION_CATEGORIES) category?: string;
  @ApiPropertyOptional({ description: 'Only partnerships this organisation is party to' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  party?: string;
  @ApiPropertyOptional({ description: 'Period start (inclusive): resolved, or if unresolved drafted, at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;
  @ApiPropertyOptional({ description: 'Period end (exclusive)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class RegisterQueryDto extends PageQueryDto(200, RegisterFilterDto) {}

export class TrailQueryDto extends BitemporalQueryDto {
  @ApiPropertyOptional({ description: 'Lines after this log position (the previous page’s nextAfter)' })
  @IsOptional()
  @IsQueryInteger(0)
  after?: number;
  @ApiPropertyOptional({ description: 'Lines per page, 1–1000 (default 200)' })
  @IsOptional()
  @IsQueryInteger(1, 1000)
  limit?: number;
}

export class AccountabilityQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({
    description: 'Default: the caller’s organisation (the only one a governance reader may ask for)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  organisationId?: string;
}

/** The public register's pages: bounded more tightly, since anyone may ask. */
export class PublicPageQueryDto extends PageQueryDto(100) {}

/** Open data takes the register's filters; it has no pages, since it streams every row. */
export class OpenDataQueryDto extends PickType(RegisterQueryDto, ['status', 'category', 'from', 'to'] as const) {}

/** The parties' downloads: the register's filters and minPosition; no pages, every row is streamed. */
export class PartyOpenDataQueryDto extends PickType(RegisterQueryDto, [
  'status',
  'category',
  'from',
  'to',
  'minPosition',
] as const) {}
