import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@accord/access';
import { KeepSealed } from '../../http/personal-data.interceptor';
import { PublicRegisterViews } from '../application/public-register.views';
import { PublicAnswers } from './public-answers';
import { DEFAULT_PAGE_SIZE, PublicPageQueryDto } from './read-model.dtos';

const WHO =
  'Who: anyone, without signing in. Cached: the answer carries an ETag, and If-None-Match with it gets 304 while nothing in it changed.';
const NOT_PUBLIC =
  'partnership-not-found: no such partnership, or it keeps no public register (not under council procedure)';

/**
 * The public register (DESIGN §1 "Council procedure"): published decisions, their notices and the
 * forward plan of each partnership under council procedure, and an Atom feed of them. Personal
 * data in answers is opened by PublicAnswers before they are cached, hence @KeepSealed.
 */
@ApiTags('public register')
@Controller('v1/public/partnerships')
@Public()
@KeepSealed()
export class PublicRegisterController {
  constructor(
    private readonly views: PublicRegisterViews,
    private readonly answers: PublicAnswers,
  ) {}

  @Get()
  @ApiOperation({ summary: `Partnerships that keep a public register, by title (at most 100 here). ${WHO}` })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  partnerships(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answers.json(request, reply, () => this.views.partnerships(100));
  }

  @Get(':partnershipId/decisions')
  @ApiOperation({
    summary: `A partnership’s published decisions (opened, never drafts), newest first: title, status, category, value, dates, key-decision basis, outcome, notice, call-in state, implementation. ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  decisions(
    @Param('partnershipId') partnershipId: string,
    @Query() query: PublicPageQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answers.json(request, reply, () =>
      this.views.decisions(partnershipId, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor }),
    );
  }

  @Get(':partnershipId/decision-notices')
  @ApiOperation({
    summary: `A partnership’s decision notices, newest first: decision and date, statement, reasons, alternatives rejected, interests declared and dispensations (by name and role only), key-decision basis, call-in period or exemption. ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  notices(
    @Param('partnershipId') partnershipId: string,
    @Query() query: PublicPageQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answers.json(request, reply, () =>
      this.views.notices(partnershipId, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor }),
    );
  }

  @Get(':partnershipId/forward-plan')
  @ApiOperation({
    summary: `A partnership’s forward plan, newest entry first: item, decision maker, date expected, documents, whether key, what became of it. ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  forwardPlan(
    @Param('partnershipId') partnershipId: string,
    @Query() query: PublicPageQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answers.json(request, reply, () =>
      this.views.forwardPlan(partnershipId, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor }),
    );
  }

  @Get(':partnershipId/register.atom')
  @ApiProduces('application/atom+xml')
  @ApiOperation({
    summary: `The public register as an Atom feed (RFC 4287): the newest 50 decision notices and forward-plan entries. ${WHO}`,
  })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiResponse({ status: 404, description: NOT_PUBLIC })
  feed(
    @Param('partnershipId') partnershipId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answers.serve(request, reply, 'application/atom+xml; charset=utf-8', () =>
      this.views.feed(partnershipId, `/v1/public/partnerships/${encodeURIComponent(partnershipId)}/register.atom`),
    );
  }
}
