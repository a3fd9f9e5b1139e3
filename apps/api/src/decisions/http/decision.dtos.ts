import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  DECISION_CATEGORIES,
  DecisionCategory,
  EXEMPT_PARTS,
  ExemptPart,
  SCRUTINY_OUTCOMES,
  ScrutinyOutcome,
  VOTE_STANCES,
  VoteStance,
} from '@accord/domain';
import { IsCalendarDate, IsInstant } from '../../http/instant';
import { OccurredAtDto } from '../../http/occurred-at';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

const TEXT = 4000;

export class DraftDecisionDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'station-road-disposal', description: 'Generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  decisionId?: string;

  @ApiProperty({
    example: 'Disposal of the Station Road site to the association at £1.2m below market value',
    maxLength: 300,
  })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({
    example:
      'That the council disposes of the Station Road site to Peabody for 60 affordable homes at £1.2m below market value.',
    maxLength: TEXT,
  })
  @IsString()
  @Length(1, TEXT)
  motion: string;

  @ApiProperty({ enum: DECISION_CATEGORIES, example: 'land-disposal' })
  @IsIn(DECISION_CATEGORIES)
  category: DecisionCategory;

  @ApiPropertyOptional({ example: 120_000_000, description: 'Integer pence (here £1.2m)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  valuePence?: number;
}

export class AmendDecisionDto {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @Length(1, 300) title?: string;
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @Length(1, TEXT) motion?: string;
  @ApiPropertyOptional({ enum: DECISION_CATEGORIES })
  @IsOptional()
  @IsIn(DECISION_CATEGORIES)
  category?: DecisionCategory;
  @ApiPropertyOptional({ nullable: true, description: 'Integer pence; null clears the value' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  valuePence?: number | null;
}

export class OpenDecisionDto extends OccurredAtDto {
  @ApiProperty({
    example: '2026-03-28T17:00:00Z',
    description: 'When approval closes; after the opening (occurredAt, default now)',
  })
  @IsInstant()
  closesAt: string;
}

export class DeclareInterestDto extends OccurredAtDto {
  @ApiProperty({ example: 'My partner is a board member of the association', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  nature: string;
}

export class GrantDispensationDto extends OccurredAtDto {
  @ApiProperty({ example: 'j.patel' }) @Matches(SLUG, { message: SLUG_MESSAGE }) personId: string;
  @ApiProperty({ example: 'Interest is remote; the member may take part', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason: string;
}

export class VoteDto extends OccurredAtDto {
  @ApiProperty({ enum: VOTE_STANCES, example: 'agree' }) @IsIn(VOTE_STANCES) stance: VoteStance;
  @ApiProperty({ example: 'Best value is met by the social value of 60 homes', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason: string;
}

export class DecisionReasonDto {
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

/** A reason for an act of the decision's history (withdrawing, refusing), which may be recorded later. */
export class DecisionActReasonDto extends IntersectionType(DecisionReasonDto, OccurredAtDto) {}

export class ExemptItemDto {
  @ApiProperty({ example: 'land-price', description: 'Names the item within the decision' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  itemId: string;

  @ApiProperty({ enum: EXEMPT_PARTS, example: 'value', description: 'Which part of the decision it withholds' })
  @IsIn(EXEMPT_PARTS)
  part: ExemptPart;

  @ApiProperty({ example: 3, minimum: 1, maximum: 7, description: 'LGA 1972 Schedule 12A, Part 1 paragraph' })
  @IsInt()
  @Min(1)
  @Max(7)
  paragraph: number;

  @ApiProperty({
    example: 'Disclosing the price before contracts are exchanged would weaken the council’s position',
    maxLength: TEXT,
  })
  @IsString()
  @Length(1, TEXT)
  publicInterestReason: string;

  @ApiProperty({
    example: '£1,250,000 for the freehold',
    maxLength: TEXT,
    description: 'The exempt text; logged sealed for the parties beside a salted commitment',
  })
  @IsString()
  @Length(1, TEXT)
  value: string;
}

export class RecordOutcomeDto extends OccurredAtDto {
  @ApiProperty({ example: 'The site will be transferred to Peabody by 30 June 2026.', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  statement: string;
  @ApiProperty({ example: ['Delivers 60 affordable homes', 'Secures nomination rights for 100 years'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, TEXT, { each: true })
  reasons: string[];
  @ApiProperty({ example: ['Open-market sale', 'Council-led development'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, TEXT, { each: true })
  alternativesRejected: string[];
}

export class RescindDecisionDto extends OccurredAtDto {
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
  @ApiProperty({
    example: 'rescind-station-road',
    description: 'Another approved decision of the partnership that authorises the rescission',
  })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  authorisedByDecisionId: string;
}

export class SupersedeDecisionDto extends OccurredAtDto {
  @ApiProperty({ example: 'station-road-disposal-v2', description: 'The decision that replaces this one' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  by: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

export class CorrectRecordDto {
  @ApiProperty({ description: 'The event whose wording is corrected' }) @IsUUID() correctsEventId: string;
  @ApiProperty({
    example: { reason: 'Best value is met by the social value of 60 homes (not 50)' },
    description: 'Only the text fields the corrected event type allows',
  })
  @IsObject()
  corrections: Record<string, string | string[]>;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

export class ForwardPlanEntryDto extends OccurredAtDto {
  @ApiProperty({ example: 'Partnership board', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  decisionMaker: string;

  @ApiProperty({
    example: '2026-06-30',
    description: 'London date the decision is expected; not already past when the entry is published (occurredAt)',
  })
  @IsCalendarDate()
  expectedDate: string;

  @ApiPropertyOptional({ example: ['Station Road valuation report'], maxItems: 50 })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  documents?: string[];
}

export class GeneralExceptionDto extends OccurredAtDto {
  @ApiProperty({ example: 'The grant offer lapses before the forward plan’s 28 days run', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason: string;

  @ApiPropertyOptional({
    example: '2026-06-01T09:00:00Z',
    description: 'When the scrutiny chair was given notice; required (else notice-to-scrutiny-chair-required)',
  })
  @IsOptional()
  @IsInstant()
  scrutinyChairNotifiedAt?: string;
}

export class ScrutinyOutcomeDto extends OccurredAtDto {
  @ApiProperty({ enum: SCRUTINY_OUTCOMES, example: 'referred-back' })
  @IsIn(SCRUTINY_OUTCOMES)
  outcome: ScrutinyOutcome;

  @ApiPropertyOptional({
    example: 'Obtain a second valuation before the disposal',
    maxLength: TEXT,
    description: 'The committee’s recommendations; required for a referral (else reason-required)',
  })
  @IsOptional()
  @IsString()
  @Length(1, TEXT)
  recommendations?: string;
}
