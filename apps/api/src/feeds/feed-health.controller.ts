import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { EVENT_STORE, EventStore } from '@accord/event-store';
import { RelayCheckpoint } from '@accord/feeds';
import { UnavailableError } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '@accord/server';
import { Storage } from '@accord/server';
import { FeedSessions } from './feed-sessions';

export interface FeedHealth {
  head: number;
  kafka:
    | { enabled: false }
    | { enabled: true; topicPrefix: string; acknowledged: number; lag: number; lastAckAt: string | null };
  sse: { subscribers: number; hubHead: number };
}

/**
 * Relay lag from the database, not from this process's memory: the relay may run in another
 * API instance or in apps/worker, and every instance reports the same figure.
 */
@ApiTags('health')
@Controller('health')
export class FeedHealthController {
  private readonly checkpoint: RelayCheckpoint;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Storage) storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: FeedSessions,
  ) {
    this.checkpoint = new RelayCheckpoint(storage.pool, 'kafka');
  }

  @Public()
  @Get('feeds')
  @ApiOperation({
    summary:
      'Change feeds: log head, Kafka relay acknowledged position and lag (events), SSE subscribers of this instance. Anyone may call it; 503 when the database does not answer.',
  })
  async feeds(): Promise<FeedHealth> {
    try {
      const [head, checkpoint] = await Promise.all([
        this.store.headPosition(),
        this.config.kafka ? this.checkpoint.read() : null,
      ]);
      return {
        head,
        kafka:
          checkpoint && this.config.kafka
            ? {
                enabled: true,
                topicPrefix: this.config.kafka.topicPrefix,
                acknowledged: checkpoint.position,
                lag: Math.max(0, head - checkpoint.position),
                lastAckAt: checkpoint.updatedAt,
              }
            : { enabled: false },
        sse: { subscribers: this.sessions.subscribers, hubHead: this.sessions.hub.headPosition() },
      };
    } catch (err) {
      throw new UnavailableError('not-ready', `database unavailable: ${(err as Error).message}`, {
        retryAfterSeconds: 2,
      });
    }
  }
}
