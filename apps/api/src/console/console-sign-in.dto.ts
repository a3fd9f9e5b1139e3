import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length } from 'class-validator';

/** Roles a local sign-in may carry: a platform admin is never minted from the console. */
const LOCAL_SIGN_IN_ROLES = ['member', 'org-admin', 'governance', 'auditor'] as const;

export class LocalSignInDto {
  @ApiProperty({ example: 'd.hargreaves' }) @IsString() @Length(1, 200) personId!: string;
  @ApiProperty({ example: 'lambeth-council' }) @IsString() @Length(1, 200) orgId!: string;
  @ApiProperty({ enum: LOCAL_SIGN_IN_ROLES, isArray: true, example: ['member'] })
  @IsArray()
  @ArrayMaxSize(LOCAL_SIGN_IN_ROLES.length)
  @IsIn(LOCAL_SIGN_IN_ROLES, { each: true })
  roles!: (typeof LOCAL_SIGN_IN_ROLES)[number][];
}
