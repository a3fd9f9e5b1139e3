import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  APPROVAL_RULES,
  ApprovalRule,
  DECISION_CATEGORIES,
  DecisionCategory,
  RAG_STATUSES,
  RagStatus,
  RISK_SCORE_MAX,
  RISK_SCORE_MIN,
} from '@accord/domain';
import { IsCalendarDate } from '../../http/instant';
import { OccurredAtDto } from '../../http/occurred-at';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

const TEXT = 2000;

export class ProposePartnershipDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'camden-homes-partnership', description: 'Generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  partnershipId?: string;

  @ApiProperty({ example: 'Camden Homes Partnership', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ example: 'Deliver 600 affordable homes on council land by 2030', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  purpose: string;

  @ApiProperty({
    example: ['camden-council', 'peabody'],
    description: 'Organisation ids of every party (at least two)',
  })
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @Matches(SLUG, { each: true, message: SLUG_MESSAGE })
  parties: string[];
}

/** Council procedure (2012 Regulations reg 8): what makes a decision key. */
export class KeyDecisionRulesDto {
  @ApiPropertyOptional({
    example: 50_000_000,
    description: 'Key at or above this value, integer pence (here £500,000)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  thresholdPence?: number;
  @ApiPropertyOptional({ enum: DECISION_CATEGORIES, isArray: true, example: ['land-disposal'] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(DECISION_CATEGORIES.length)
  @IsIn(DECISION_CATEGORIES, { each: true })
  categories?: DecisionCategory[];
  @ApiPropertyOptional({ example: 'r.okafor', description: 'Told of general exceptions; agrees special urgency' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  scrutinyChairPersonId?: string;
  @ApiPropertyOptional({
    example: 5,
    description: 'Clear working days after a decision notice in which scrutiny may call it in (default 5)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  callInClearWorkingDays?: number;
  @ApiPropertyOptional({ example: 2, description: 'How many scrutiny members a call-in needs (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  callInMembers?: number;
}

export class AgreeTermsDto extends OccurredAtDto {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(1_000_000) version: number;
  @ApiProperty({ enum: APPROVAL_RULES, example: 'all-parties-sign-off' })
  @IsIn(APPROVAL_RULES)
  approvalRule: ApprovalRule;
  @ApiProperty({ example: 3 }) @IsInt() @Min(1) @Max(1000) quorum: number;
  @ApiProperty({ example: 'a3f1…', description: 'SHA-256 (hex) of the agreed text' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'textSha256 must be 64 lowercase hex digits' })
  textSha256: string;
  @ApiPropertyOptional({ description: 'Once active: the approved governance decision that authorises the new terms' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  authorisedByDecisionId?: string;
  @ApiPropertyOptional({ example: 5, description: 'Clear working days’ notice a board meeting needs (default 5)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  noticeClearWorkingDays?: number;
  @ApiPropertyOptional({ description: 'A party may send a named substitute for a board member (default no)' })
  @IsOptional()
  @IsBoolean()
  substitutesAllowed?: boolean;
  @ApiPropertyOptional({ description: 'The chair has a casting vote on a tie at a meeting (default no)' })
  @IsOptional()
  @IsBoolean()
  chairCastingVote?: boolean;
  @ApiPropertyOptional({
    type: KeyDecisionRulesDto,
    description: 'A council’s procedure applies: key decisions need the forward plan (threshold and/or categories)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyDecisionRulesDto)
  keyDecisions?: KeyDecisionRulesDto;
  @ApiPropertyOptional({
    example: 365,
    description:
      'Retention: days after a member leaves the board (and sits on no other) until their personal data (interests, dispensation reasons, disputes of meeting records) is erased; 0 = at once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  interestsRetentionDays?: number;
}

export class AppointBoardMemberDto extends OccurredAtDto {
  @ApiProperty({ example: 'j.patel' }) @Matches(SLUG, { message: SLUG_MESSAGE }) personId: string;
  @ApiPropertyOptional({ example: 'Chair', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  boardRole?: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @Length(1, TEXT) reason?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Agreed at the board meeting of 14 March', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  reason: string;
}

export class CloseRiskDto extends IntersectionType(ReasonDto, OccurredAtDto) {}

export class SetObjectiveDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'homes-2030' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  objectiveId?: string;
  @ApiProperty({ example: '600 affordable homes', maxLength: 200 }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) description: string;
  @ApiPropertyOptional({ example: '2030-03-31' }) @IsOptional() @IsCalendarDate() targetDate?: string;
}

export class ReviseObjectiveDto extends OccurredAtDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ maxLength: TEXT }) @IsOptional() @IsString() @Length(1, TEXT) description?: string;
  @ApiPropertyOptional({ example: '2031-03-31' }) @IsOptional() @IsCalendarDate() targetDate?: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) reason: string;
}

export class ReportProgressDto extends OccurredAtDto {
  @ApiProperty({ example: 35 }) @IsInt() @Min(0) @Max(100) percentComplete: number;
  @ApiProperty({ enum: RAG_STATUSES, example: 'amber' }) @IsIn(RAG_STATUSES) rag: RagStatus;
  @ApiProperty({ example: '210 homes started on site', maxLength: TEXT }) @IsString() @Length(1, TEXT) summary: string;
}

export class RaiseRiskDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'planning-delay' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  riskId?: string;
  @ApiProperty({ example: 'Planning consent delayed', maxLength: 200 }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ maxLength: TEXT }) @IsString() @Length(1, TEXT) description: string;
  @ApiProperty({ example: 'camden-council' }) @Matches(SLUG, { message: SLUG_MESSAGE }) ownerParty: string;
  @ApiProperty({ example: 3, minimum: RISK_SCORE_MIN, maximum: RISK_SCORE_MAX })
  @IsInt()
  @Min(RISK_SCORE_MIN)
  @Max(RISK_SCORE_MAX)
  likelihood: number;
  @ApiProperty({ example: 4, minimum: RISK_SCORE_MIN, maximum: RISK_SCORE_MAX })
  @IsInt()
  @Min(RISK_SCORE_MIN)
  @Max(RISK_SCORE_MAX)
  impact: number;
}

export class AssignMitigationDto extends OccurredAtDto {
  @ApiProperty({ example: 'peabody' }) @Matches(SLUG, { message: SLUG_MESSAGE }) party: string;
  @ApiProperty({ example: 'Pre-application meetings every fortnight', maxLength: TEXT })
  @IsString()
  @Length(1, TEXT)
  action: string;
  @ApiPropertyOptional({ example: '2026-06-30' }) @IsOptional() @IsCalendarDate() dueDate?: string;
}
