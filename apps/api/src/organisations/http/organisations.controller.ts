import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { CommandResponse } from '@accord/server';
import { CommandEndpoint } from '../../http/command-endpoint';
import { CommandSender } from '../../http/command-sender';
import { CommandCall, CommandInput } from '../../http/command-input';
import { when } from '../../http/occurred-at';
import { GetOrganisationQuery } from '../application/get-organisation.query';
import { OrganisationView } from '../application/organisation.view';
import {
  AddMemberDto,
  ErasePersonalDataDto,
  DelegateAuthorityDto,
  GrantRoleDto,
  RegisterOrganisationDto,
  RemoveMemberDto,
  RevokeAuthorityDto,
  RevokeRoleDto,
  RegisterWitnessDto,
  RetireWitnessDto,
} from './organisation.dtos';

@ApiTags('organisations')
@Controller('v1/organisations')
export class OrganisationsController {
  constructor(
    private readonly sender: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('admin')
  @CommandEndpoint({
    status: 201,
    location: '/v1/organisations/{organisationId}',
    summary:
      "Register an organisation. Who: the platform admin only, who then adds its first member and grants them org-admin (an organisation's roles come from the ledger, never a token alone).",
  })
  register(@Body() dto: RegisterOrganisationDto, @CommandInput() call: CommandCall): Promise<CommandResponse> {
    const organisationId = dto.organisationId ?? randomUUID();
    return this.sender.send(call, 'organisation', organisationId, {
      type: 'RegisterOrganisation',
      organisationId,
      name: dto.name,
      kind: dto.kind,
      ...when(dto),
    });
  }

  @Get(':organisationId')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'An organisation. Who: any signed-in caller; members and authorities only for the organisation itself, admins and auditors.',
  })
  @ApiResponse({ status: 200, type: OrganisationView })
  @ApiResponse({ status: 404, description: 'No such organisation' })
  async get(
    @Param('organisationId') organisationId: string,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationView> {
    const view = await this.queries.execute<GetOrganisationQuery, OrganisationView>(
      new GetOrganisationQuery(organisationId, caller),
    );
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post(':organisationId/members')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({ status: 201, summary: 'Add a member. Who: admin, or org-admin of this organisation.' })
  addMember(
    @Param('organisationId') organisationId: string,
    @Body() dto: AddMemberDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'AddMember', organisationId, ...dto, ...when(dto) },
      { personId: dto.personId },
    );
  }

  @Post(':organisationId/members/:personId/remove')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary:
      'Remove a member (their live authorities are revoked first). Who: admin, or org-admin of this organisation.',
  })
  removeMember(
    @Param('organisationId') organisationId: string,
    @Param('personId') personId: string,
    @Body() dto: RemoveMemberDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'RemoveMember', organisationId, personId, ...dto },
      { personId },
    );
  }

  @Post(':organisationId/authorities')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    status: 201,
    summary:
      'Delegate authority to a member (categories, value limit, instrument, validity). Who: admin, or org-admin of this organisation, never to themselves.',
  })
  delegate(
    @Param('organisationId') organisationId: string,
    @Body() dto: DelegateAuthorityDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    const authorityId = dto.authorityId ?? randomUUID();
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'DelegateAuthority', organisationId, ...dto, ...when(dto), authorityId },
      { authorityId },
    );
  }

  @Post(':organisationId/authorities/:authorityId/revoke')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary:
      'Revoke an authority from now on (earlier sign-offs stand). Who: admin, or org-admin of this organisation.',
  })
  revoke(
    @Param('organisationId') organisationId: string,
    @Param('authorityId') authorityId: string,
    @Body() dto: RevokeAuthorityDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'RevokeAuthority', organisationId, authorityId, reason: dto.reason },
      { authorityId },
    );
  }

  @Post(':organisationId/roles')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    status: 201,
    summary:
      'Grant a member a role beyond member (org-admin, governance, clerk, scrutiny, auditor), recorded in the ledger. Who: admin, or org-admin of this organisation, never to themselves.',
  })
  grantRole(
    @Param('organisationId') organisationId: string,
    @Body() dto: GrantRoleDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'GrantRole', organisationId, personId: dto.personId, role: dto.role, ...when(dto) },
      { personId: dto.personId },
    );
  }

  @Post(':organisationId/roles/revoke')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary: 'Revoke a role granted to a member. Who: admin, or org-admin of this organisation.',
  })
  revokeRole(
    @Param('organisationId') organisationId: string,
    @Body() dto: RevokeRoleDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'RevokeRole', organisationId, personId: dto.personId, role: dto.role, reason: dto.reason },
      { personId: dto.personId },
    );
  }

  @Post(':organisationId/members/:personId/erase-personal-data')
  @Roles('admin', 'org-admin')
  @CommandEndpoint({
    summary:
      'Erase what the ledger holds as personal data about a member or former member (their interests\' nature, on decisions and at meetings; dispensation reasons; their disputes of meeting records): their data key is destroyed, then PersonalDataErased is recorded; every proof still verifies and those fields read "[erased]" everywhere. Who: admin, or org-admin of this organisation.',
  })
  erasePersonalData(
    @Param('organisationId') organisationId: string,
    @Param('personId') personId: string,
    @Body() dto: ErasePersonalDataDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(
      call,
      'organisation',
      organisationId,
      { type: 'ErasePersonalData', organisationId, personId, reason: dto.reason, lawfulBasis: dto.lawfulBasis },
      { personId },
    );
  }

  @Post(':organisationId/witness')
  @Roles('org-admin')
  @CommandEndpoint({
    status: 201,
    summary:
      "Register the organisation's witness of the log (name, cosignature/v1 vkey, URL): the log submits every checkpoint to it. Who: an org-admin of this organisation only (not the platform admin, whose log it guards against).",
  })
  registerWitness(
    @Param('organisationId') organisationId: string,
    @Body() dto: RegisterWitnessDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(call, 'organisation', organisationId, {
      type: 'RegisterWitness',
      organisationId,
      name: dto.name,
      vkey: dto.vkey,
      url: dto.url,
    });
  }

  @Post(':organisationId/witness/retire')
  @Roles('org-admin')
  @CommandEndpoint({
    summary:
      "Retire the organisation's witness (before registering another). Who: an org-admin of this organisation only.",
  })
  retireWitness(
    @Param('organisationId') organisationId: string,
    @Body() dto: RetireWitnessDto,
    @CommandInput() call: CommandCall,
  ): Promise<CommandResponse> {
    return this.sender.send(call, 'organisation', organisationId, {
      type: 'RetireWitness',
      organisationId,
      reason: dto.reason,
    });
  }
}
