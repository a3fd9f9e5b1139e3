import { Readable } from 'node:stream';
import { applyDecorators, Controller, createParamDecorator, ExecutionContext, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Principal, principalFromContext, Roles } from '@accord/access';
import { DecisionActKind } from '@accord/projections';
import { KeepSealed } from '../../http/personal-data.interceptor';
import {
  ActRow,
  PartyFilter,
  PartyOpenData,
  REGISTER_FIELDS,
  SIGN_OFF_FIELDS,
  SIGN_OFF_KINDS,
  VOTE_FIELDS,
  VOTE_KINDS,
} from '../application/party-open-data';
import { csvOf, Field, jsonOf } from '../application/tabular';
import { PartyOpenDataQueryDto } from './read-model.dtos';

type Partnership = { partnershipId: string; title: string };

/** What a download is asked for: the partnership, by whom, and whether as CSV (else JSON, by its address). */
interface Asked {
  partnershipId: string;
  caller: Principal;
  csv: boolean;
}

const Asked = createParamDecorator((_data: unknown, context: ExecutionContext): Asked => {
  const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { partnershipId: string } }>>();
  return {
    partnershipId: request.params.partnershipId,
    caller: principalFromContext(context),
    csv: request.routeOptions.url?.endsWith('.csv') === true,
  };
});

/** Each download at two addresses: `.csv` and `.json`, described once. */
const Download = (name: string, what: string) =>
  applyDecorators(
    Get([`:partnershipId/${name}.csv`, `:partnershipId/${name}.json`]),
    ApiParam({ name: 'partnershipId', type: String }),
    ApiProduces('text/csv', 'application/json'),
    ApiOperation({
      summary: `${what} As CSV (${name}.csv: RFC 4180, UTF-8, header row, CRLF; a list one item a line in its cell; a cell a spreadsheet would read as a formula starts with an apostrophe) or one JSON document (${name}.json: the partnership and the items), streamed. Filters as the register’s: status, category, from, to (on the decision); minPosition. Who: people of its parties, auditors, admins (the visibility policy, as on the register); anyone else gets 404.`,
    }),
    ApiResponse({ status: 400, description: 'validation-failed or unknown-field' }),
    ApiResponse({ status: 404, description: 'No such partnership, or not yours to see' }),
  );

/**
 * The parties' downloads (issue 20): beside what the open data publishes to anyone, what a
 * signed-in caller may see of a partnership (drafts, votes, sign-offs), as CSV and JSON, streamed.
 * Sealed values are opened batch by batch as they are read (PartyOpenData), so the interceptor
 * that opens whole answers is left out (@KeepSealed): it cannot open a stream.
 */
@ApiTags('read models')
@ApiBearerAuth()
@Controller('v1/partnerships')
@Roles('member', 'org-admin', 'auditor', 'governance')
@KeepSealed()
export class PartyOpenDataController {
  constructor(private readonly data: PartyOpenData) {}

  @Download(
    'decisions',
    'The partnership’s decision register: every decision the caller may see (drafts included), newest drafted first, each as the register (GET /v1/decisions) lists it.',
  )
  decisions(@Query() query: PartyOpenDataQueryDto, @Res() reply: FastifyReply, @Asked() asked: Asked): Promise<void> {
    return this.send(asked, query, reply, 'decisions', (p, filter) => ({
      fields: REGISTER_FIELDS,
      rows: this.data.decisions(asked.caller, p, filter),
    }));
  }

  @Download(
    'votes',
    'Every vote and changed vote on the partnership’s decisions, in log order: who, for which organisation, stance, reason, when, and the event that records it.',
  )
  votes(@Query() query: PartyOpenDataQueryDto, @Res() reply: FastifyReply, @Asked() asked: Asked): Promise<void> {
    return this.send(asked, query, reply, 'votes', this.acts(asked.caller, VOTE_KINDS, VOTE_FIELDS));
  }

  @Download(
    'sign-offs',
    'Every sign-off, withdrawn sign-off and refusal on the partnership’s decisions, in log order: who, for which party, under which authority, when, why, and the event that records it.',
  )
  signOffs(@Query() query: PartyOpenDataQueryDto, @Res() reply: FastifyReply, @Asked() asked: Asked): Promise<void> {
    return this.send(asked, query, reply, 'sign-offs', this.acts(asked.caller, SIGN_OFF_KINDS, SIGN_OFF_FIELDS));
  }

  private acts(caller: Principal, kinds: readonly DecisionActKind[], fields: readonly Field<ActRow>[]) {
    return (p: Partnership, filter: PartyFilter) => ({
      fields,
      rows: this.data.acts(caller, p.partnershipId, kinds, filter),
    });
  }

  /** Looks the partnership up first, so a caller who may not see it gets 404 before anything is sent. */
  private async send<T>(
    asked: Asked,
    query: PartyOpenDataQueryDto,
    reply: FastifyReply,
    name: string,
    read: (partnership: Partnership, filter: PartyFilter) => { fields: readonly Field<T>[]; rows: AsyncIterable<T[]> },
  ): Promise<void> {
    const partnership = await this.data.partnership(asked.caller, asked.partnershipId, query.minPosition);
    const { fields, rows } = read(partnership, {
      status: query.status,
      category: query.category,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
    const format = asked.csv ? 'csv' : 'json';
    void reply
      .header('content-type', asked.csv ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${asked.partnershipId}-${name}.${format}"`)
      .send(Readable.from(asked.csv ? csvOf(fields, rows) : jsonOf({ partnership }, rows)));
  }
}
