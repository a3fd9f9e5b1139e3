import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '@accord/access';
import { commandContext } from '../../ledger/command-context';
import { CommandResponse } from '../../ledger/aggregate-command-executor';
import { GetOrganisationQuery } from '../application/get-organisation.query';
import { OrganisationView } from '../application/organisation.view';
import { RegisterOrganisationCommand } from '../application/register-organisation.command';
import { RegisterOrganisationDto } from './register-organisation.dto';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organisations')
export class OrganisationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'org-admin')
  @ApiOperation({ summary: 'Register an organisation. Who: admin (any), org-admin (only their own organisation id).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key return the first result' })
  @ApiResponse({ status: 201, description: 'Registered: ids, stream revision and log position' })
  @ApiResponse({ status: 400, description: 'Invalid or unknown field' })
  @ApiResponse({ status: 403, description: 'Not an admin, or an org-admin registering another organisation' })
  @ApiResponse({ status: 422, description: 'Already registered, or Idempotency-Key reused with a different body' })
  async register(
    @Body() dto: RegisterOrganisationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse<{ organisationId: string }>> {
    const ctx = commandContext(request, principal);
    const organisationId = dto.organisationId ?? randomUUID();
    const result = await this.commands.execute<RegisterOrganisationCommand, CommandResponse<{ organisationId: string }>>(
      new RegisterOrganisationCommand(organisationId, dto.name, dto.kind, ctx),
    );
    void reply.header('location', `/v1/organisations/${organisationId}`).header('etag', `"${result.revision}"`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result;
  }

  @Get(':organisationId')
  @ApiOperation({ summary: 'An organisation. Who: any signed-in caller; members and authorities only for the organisation itself, admins and auditors.' })
  @ApiResponse({ status: 200, type: OrganisationView })
  @ApiResponse({ status: 404, description: 'No such organisation' })
  async get(
    @Param('organisationId') organisationId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationView> {
    const view = await this.queries.execute<GetOrganisationQuery, OrganisationView>(new GetOrganisationQuery(organisationId, principal));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }
}
