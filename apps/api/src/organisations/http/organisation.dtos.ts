import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  DECISION_CATEGORIES,
  ERASURE_GROUNDS,
  ERASURE_REASONS,
  ErasureGround,
  ErasureReason,
  DecisionCategory,
  GRANTABLE_ROLES,
  GrantableRole,
  ORGANISATION_KINDS,
  OrganisationKind,
} from '@accord/domain';
import { IsInstant } from '../../http/instant';
import { OccurredAtDto } from '../../http/occurred-at';
import { SLUG, SLUG_MESSAGE } from '../../http/slug';

export class RegisterOrganisationDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'camden-council', description: 'Lowercase slug; generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  organisationId?: string;

  @ApiProperty({ example: 'Camden Council', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'local-authority' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

export class AddMemberDto extends OccurredAtDto {
  @ApiProperty({ example: 'j.patel' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  personId: string;

  @ApiPropertyOptional({
    example: 'Jaya Patel',
    maxLength: 200,
    description: 'The name people know them by; shown beside the id in trails and the console',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Director of Housing', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  jobTitle?: string;
}

export class RemoveMemberDto {
  @ApiPropertyOptional({ example: 'Left the council', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class DelegateAuthorityDto extends OccurredAtDto {
  @ApiPropertyOptional({ example: 'sod-2026-4-2-patel', description: 'Generated (UUID) when omitted' })
  @IsOptional()
  @Matches(SLUG, { message: SLUG_MESSAGE })
  authorityId?: string;

  @ApiProperty({ example: 'j.patel' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  personId: string;

  @ApiProperty({ enum: DECISION_CATEGORIES, isArray: true, example: ['land-disposal', 'governance'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(DECISION_CATEGORIES.length)
  @IsIn(DECISION_CATEGORIES, { each: true })
  categories: DecisionCategory[];

  @ApiProperty({ example: 250_000_000, description: 'Integer pence (here £2.5m)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  valueLimitPence: number;

  @ApiProperty({ example: 'Scheme of delegation 2026 §4.2', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  instrument: string;

  @ApiProperty({ example: '2026-01-01T00:00:00Z' })
  @IsInstant()
  validFrom: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  validTo?: string;
}

export class RevokeAuthorityDto {
  @ApiProperty({ example: 'Role changed', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

class RoleDto {
  @ApiProperty({ example: 'j.okafor' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  personId: string;

  @ApiProperty({ enum: GRANTABLE_ROLES, example: 'clerk' })
  @IsIn(GRANTABLE_ROLES)
  role: GrantableRole;
}

export class GrantRoleDto extends IntersectionType(RoleDto, OccurredAtDto) {}

export class RevokeRoleDto extends RoleDto {
  @ApiProperty({ example: 'No longer clerk to the board', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ErasePersonalDataDto {
  @ApiProperty({
    enum: ERASURE_REASONS,
    example: 'person-request',
    description: 'Who asked: a code, never free text, so the erasure event holds no personal data',
  })
  @IsIn(ERASURE_REASONS)
  reason: ErasureReason;

  @ApiProperty({
    enum: ERASURE_GROUNDS,
    example: 'no-longer-necessary',
    description: 'The UK GDPR Article 17(1) ground',
  })
  @IsIn(ERASURE_GROUNDS)
  lawfulBasis: ErasureGround;
}

export class RegisterWitnessDto {
  @ApiProperty({ example: 'witness.camden.gov.uk', maxLength: 200, description: 'The name its vkey gives it' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    example: 'witness.camden.gov.uk+1a2b3c4d+BHB2X0Pm0sB8a4GGh3x1b2y0ZH0c3y1z4xG1OlUqvYhI',
    description: 'Its cosignature/v1 verifier key (C2SP signed-note vkey, type 0x04)',
    maxLength: 400,
  })
  @IsString()
  @Length(1, 400)
  vkey: string;

  @ApiProperty({ example: 'https://witness.camden.gov.uk', maxLength: 2000, description: 'Its add-checkpoint prefix' })
  @IsString()
  @Length(1, 2000)
  url: string;
}

export class RetireWitnessDto {
  @ApiProperty({ example: 'Key rotated', maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason: string;
}
