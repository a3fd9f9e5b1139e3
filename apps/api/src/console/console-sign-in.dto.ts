import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { GRANTABLE_ROLES } from '@accord/domain';

/** Roles a local sign-in may carry, when the ledger grants them: a platform admin is never minted here. */
const LOCAL_SIGN_IN_ROLES = ['member', ...GRANTABLE_ROLES] as const;
export type LocalSignInRole = (typeof LOCAL_SIGN_IN_ROLES)[number];

export class LocalSignInDto {
  @ApiProperty({ example: 'd.hargreaves' }) @IsString() @Length(1, 200) personId!: string;
  @ApiProperty({ example: 'lambeth-council' }) @IsString() @Length(1, 200) orgId!: string;
  @ApiPropertyOptional({
    enum: LOCAL_SIGN_IN_ROLES,
    isArray: true,
    example: ['member'],
    description:
      'Some of the roles the ledger grants the person (403 `role-not-granted` otherwise); all of them when omitted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LOCAL_SIGN_IN_ROLES.length)
  @IsIn(LOCAL_SIGN_IN_ROLES, { each: true })
  roles?: LocalSignInRole[];
}
