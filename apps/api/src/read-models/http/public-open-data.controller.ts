import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicDecision, PublicPartnership } from '@accord/contracts';
import { Public } from '@accord/access';
import { KeepSealed } from '../../http/personal-data.interceptor';
import { decisionsCsv, decisionsJson, OPEN_DATA_LICENCE, openDataDescription } from '../application/open-data';
import { PublicRegisterViews } from '../application/public-register.views';
import { PublicAnswers } from './public-answers';
import { OpenDataQueryDto } from './read-model.dtos';

const WHO =
  'Who: anyone, without signing in; only what the public register publishes. ETag as on the register: If-None-Match with it gets 304 while nothing in it changed.';
const FILTERS = 'Filters as the register’s: status, category, from, to.';
const NOT_PUBLIC =
  'partnership-not-found: no such partnership, or it keeps no public register (not under council procedure)';
const BAD_QUERY = 'validation-failed or unknown-field: a filter that is not one of the register’s, or a bad value';

type Render = (partnership: PublicPartnership, batches: AsyncIterable<PublicDecision[]>) => AsyncIterable<string>;

/**
 * Open data (issue 20): the public register's decisions as CSV and JSON, whole and streamed, under
 * the Open Government Licence, at addresses that do not change. Personal data in them is opened by
 * PublicRegisterViews before it is written, hence @KeepSealed.
 */
@ApiTags('public register')
@Controller('v1/public/partnerships')
@Public()
@KeepSealed()
export class PublicOpenDataController {
  constructor(
    private readonly views: PublicRegisterViews,
    private readonly answers: PublicAnswers,
  ) {}

  @Get(':partnershipId/open-data')
  @ApiOperation({
    summary: `What a partnership publishes as open data: publisher, licence, the CSV and JSON addresses, the filters and every CSV field with its meaning. ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  describe(
    @Param('partnershipId') partnershipId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answers.json(request, reply, async () =>
      openDataDescription(await this.views.partnership(partnershipId), base(partnershipId)),
    );
  }

  @Get(':partnershipId/decisions.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: `Every published decision, newest first, as CSV (RFC 4180, UTF-8, header row, CRLF; lists one item a line in their cell; a cell a spreadsheet would read as a formula starts with an apostrophe), streamed. ${FILTERS} ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 400, description: BAD_QUERY })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  csv(
    @Param('partnershipId') partnershipId: string,
    @Query() query: OpenDataQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.stream(partnershipId, query, request, reply, 'text/csv; charset=utf-8; header=present', 'csv', (_, b) =>
      decisionsCsv(b),
    );
  }

  @Get(':partnershipId/decisions.json')
  @ApiOperation({
    summary: `Every published decision, newest first, as one JSON document (licence, partnership, items as the register’s pages give them), streamed. ${FILTERS} ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 400, description: BAD_QUERY })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  json(
    @Param('partnershipId') partnershipId: string,
    @Query() query: OpenDataQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.stream(partnershipId, query, request, reply, 'application/json; charset=utf-8', 'json', decisionsJson);
  }

  private async stream(
    partnershipId: string,
    query: OpenDataQueryDto,
    request: FastifyRequest,
    reply: FastifyReply,
    contentType: string,
    extension: string,
    render: Render,
  ): Promise<void> {
    const partnership = await this.views.partnership(partnershipId);
    if ((await this.answers.validate(request, reply, contentType)) === undefined) {
      void reply.send();
      return;
    }
    const batches = this.views.allDecisions(partnershipId, {
      status: query.status,
      category: query.category,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
    void reply
      .header('content-disposition', `attachment; filename="${partnershipId}-decisions.${extension}"`)
      .header(
        'link',
        `<${OPEN_DATA_LICENCE.url}>; rel="license", <${base(partnershipId)}/open-data>; rel="describedby"`,
      )
      .send(Readable.from(render(partnership, batches)));
  }
}

const base = (partnershipId: string) => `/v1/public/partnerships/${encodeURIComponent(partnershipId)}`;
