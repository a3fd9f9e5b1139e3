import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORGANISATION_KINDS } from '@accord/domain';

export class MemberView {
  @ApiProperty({ example: 'j.patel' }) personId: string;
  @ApiPropertyOptional({ example: 'Jaya Patel' }) displayName?: string;
  @ApiPropertyOptional({ example: 'Director of Housing' }) jobTitle?: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['clerk'],
    description: 'Roles beyond member the organisation granted them in the ledger',
  })
  roles?: string[];
}

export class AuthorityView {
  @ApiProperty() authorityId: string;
  @ApiProperty() personId: string;
  @ApiProperty({ type: [String], example: ['land-disposal'] }) categories: string[];
  @ApiProperty({ example: 250_000_000, description: 'integer pence' }) valueLimitPence: number;
  @ApiProperty({ example: 'Scheme of delegation 2026 §4.2' }) instrument: string;
  @ApiProperty() validFrom: string;
  @ApiPropertyOptional() validTo?: string;
  @ApiPropertyOptional() revokedAt?: string;
}

export class OrganisationView {
  @ApiProperty({ example: 'camden-council' }) organisationId: string;
  @ApiProperty({ example: 'Camden Council' }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty({ description: 'Stream revision: send it back in If-Match to update safely' }) revision: number;
  @ApiPropertyOptional({ type: [MemberView], description: 'Only for the organisation itself, admins and auditors' })
  members?: MemberView[];
  @ApiPropertyOptional({ type: [AuthorityView], description: 'Only for the organisation itself, admins and auditors' })
  authorities?: AuthorityView[];
}
