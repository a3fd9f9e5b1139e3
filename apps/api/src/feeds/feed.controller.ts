import { Controller, Get, Headers, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CurrentPrincipal, maySee, Principal, Roles } from '@accord/access';
import { parsePosition, serveFeed, SseStream } from '@accord/feeds';
import { BadInputError, NotFoundError } from '@accord/platform';
import { PersonalDataCipher } from '@accord/event-store';
import { AggregateStates, APP_CONFIG, AppConfig } from '@accord/server';
import { CurrentMembers } from '../http/current-members';
import { exemptReaderFor } from '../http/personal-data.interceptor';
import { FeedQueryDto } from './feed-query.dto';
import { FeedSessions } from './feed-sessions';

/**
 * `GET /v1/feed` (DESIGN §6): the log as Server-Sent Events, scoped to what the caller may see.
 * Validation happens before the stream opens, so a bad request is an ordinary RFC 9457 problem;
 * after that the response belongs to the stream (Fastify's reply is hijacked).
 */
@ApiTags('feed')
@Controller('v1/feed')
@Roles('member', 'org-admin', 'governance', 'auditor')
export class FeedController {
  private readonly logger = new Logger('feed');

  constructor(
    private readonly sessions: FeedSessions,
    private readonly members: CurrentMembers,
    private readonly cipher: PersonalDataCipher,
    private readonly states: AggregateStates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this position (sent by EventSource on reconnect)',
  })
  @ApiOperation({
    summary:
      "Change feed as Server-Sent Events: `id:` is the log position, `Last-Event-ID` or `?from=` resumes exactly after it; heartbeats; a slow reader is cut off with its resume position, and so is a subscriber at the event that removes them or revokes a role they read with. Who: any signed-in caller, for its own organisation's partnerships and its organisation's events; auditors and admins see every event.",
  })
  @ApiResponse({ status: 200, description: 'text/event-stream of envelopes (one `data:` line of JSON each)' })
  @ApiResponse({ status: 404, description: '`partnership-not-found`: no such partnership, or not yours to see' })
  async feed(
    @Query() query: FeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentPrincipal() caller: Principal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const after = await this.resumePoint(lastEventId, query.from);
    if (query.partnershipId !== undefined) {
      const parties = await this.sessions.directory.partiesOf(query.partnershipId);
      // The same answer for "does not exist" and "not yours": ids cannot be probed.
      if (parties.length === 0 || !maySee(caller, parties))
        throw new NotFoundError('partnership-not-found', `partnership ${query.partnershipId} not found`, {
          partnershipId: query.partnershipId,
        });
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    const stream = new SseStream(raw, after, { slowReaderMs: this.config.feed.slowReaderMs });
    await this.sessions.track(() =>
      serveFeed(
        this.sessions.hub,
        this.sessions.directory,
        stream,
        {
          caller,
          now: () => this.members.now(caller),
          open: (events) => this.cipher.open(events, exemptReaderFor(caller, this.states)),
        },
        { after, partnershipId: query.partnershipId, types: query.types?.split(',') },
        {
          heartbeatMs: this.config.feed.heartbeatMs,
          stop: this.sessions.stop,
        },
      ).catch((err: Error) => {
        // The stream is open, so no problem document can be sent: end it; the client resumes.
        this.logger.warn(
          `feed stream of ${caller.personId} ended after position ${stream.resumeAfter}: ${err.message}`,
        );
        stream.cutOff('unavailable');
      }),
    );
  }

  private async resumePoint(lastEventId: string | undefined, from: string | undefined): Promise<number> {
    if (lastEventId !== undefined) {
      const position = parsePosition(lastEventId);
      if (position === undefined)
        throw new BadInputError('invalid-last-event-id', 'Last-Event-ID must be a log position (an integer ≥ 0)');
      return position;
    }
    if (from === 'now') return this.sessions.hub.currentHead();
    return from === undefined ? 0 : Number(from);
  }
}
