import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { CommandEndpoint } from '../../http/command-headers';
import { CommandSender } from '@accord/server';
import { CommandResponse } from '@accord/server';
import { GetOrganisationQuery } from '../application/get-organisation.query';
import { OrganisationView } from '../application/organisation.view';
import {
  AddMemberDto,
  DelegateAuthorityDto,
  RegisterOrganisationDto,
  RemoveMemberDto,
  RevokeAuthorityDto,
} from './organisation.dtos';

@ApiTags('organisations')
@Controller('v1/organisations')
export class OrganisationsController {
  constructor(
    private readonly sender: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'org-admin')
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Register an organisation. Who: admin (any); org-admin only their own organisation id.' })
  async register(
    @Body() dto: RegisterOrganisationDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const organisationId = dto.organisationId ?? randomUUID();
    void reply.header('location', `/v1/organisations/${organisationId}`);
    return this.sender.send(
      req,
      reply,
      caller,
      {
        kind: 'organisation',
        id: organisationId,
        command: { type: 'RegisterOrganisation', organisationId, name: dto.name, kind: dto.kind },
      },
      { organisationId },
    );
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
  @HttpCode(201)
  @Roles('admin', 'org-admin')
  @CommandEndpoint(201)
  @ApiOperation({ summary: 'Add a member. Who: admin, or org-admin of this organisation.' })
  addMember(
    @Param('organisationId') organisationId: string,
    @Body() dto: AddMemberDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.sender.send(
      req,
      reply,
      caller,
      { kind: 'organisation', id: organisationId, command: { type: 'AddMember', organisationId, ...dto } },
      { organisationId, personId: dto.personId },
    );
  }

  @Post(':organisationId/members/:personId/remove')
  @HttpCode(200)
  @Roles('admin', 'org-admin')
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'Remove a member (their live authorities are revoked first). Who: admin, or org-admin of this organisation.',
  })
  removeMember(
    @Param('organisationId') organisationId: string,
    @Param('personId') personId: string,
    @Body() dto: RemoveMemberDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.sender.send(
      req,
      reply,
      caller,
      { kind: 'organisation', id: organisationId, command: { type: 'RemoveMember', organisationId, personId, ...dto } },
      { organisationId, personId },
    );
  }

  @Post(':organisationId/authorities')
  @HttpCode(201)
  @Roles('admin', 'org-admin')
  @CommandEndpoint(201)
  @ApiOperation({
    summary:
      'Delegate authority to a member (categories, value limit, instrument, validity). Who: admin, or org-admin of this organisation, never to themselves.',
  })
  delegate(
    @Param('organisationId') organisationId: string,
    @Body() dto: DelegateAuthorityDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    const authorityId = dto.authorityId ?? randomUUID();
    return this.sender.send(
      req,
      reply,
      caller,
      {
        kind: 'organisation',
        id: organisationId,
        command: { type: 'DelegateAuthority', organisationId, ...dto, authorityId },
      },
      { organisationId, authorityId },
    );
  }

  @Post(':organisationId/authorities/:authorityId/revoke')
  @HttpCode(200)
  @Roles('admin', 'org-admin')
  @CommandEndpoint()
  @ApiOperation({
    summary:
      'Revoke an authority from now on (earlier sign-offs stand). Who: admin, or org-admin of this organisation.',
  })
  revoke(
    @Param('organisationId') organisationId: string,
    @Param('authorityId') authorityId: string,
    @Body() dto: RevokeAuthorityDto,
    @CurrentPrincipal() caller: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.sender.send(
      req,
      reply,
      caller,
      {
        kind: 'organisation',
        id: organisationId,
        command: { type: 'RevokeAuthority', organisationId, authorityId, reason: dto.reason },
      },
      { organisationId, authorityId },
    );
  }
}
