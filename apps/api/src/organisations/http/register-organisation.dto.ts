import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ORGANISATION_KINDS, OrganisationKind } from '@accord/domain';

export class RegisterOrganisationDto {
  @ApiPropertyOptional({ example: 'camden-council', description: 'Lowercase slug; generated (UUID) when omitted' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'organisationId must be a lowercase slug of 2 to 63 letters, digits and hyphens' })
  organisationId?: string;

  @ApiProperty({ example: 'Camden Council', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'local-authority' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}
