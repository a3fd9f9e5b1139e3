import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@accord/event-store';
import { FeedHub, PartyDirectory } from '@accord/feeds';
import { APP_CONFIG, AppConfig } from '@accord/server';

/**
 * This process's share of the SSE feed: the hub tailing the log (while anyone subscribes), the
 * party directory, and a stop signal that ends every open stream (with a `cut-off` naming its
 * resume position) when the API shuts down, before the HTTP server closes, so a drain is never held
 * open by subscribers.
 */
@Injectable()
export class FeedSessions implements OnModuleDestroy {
  private readonly logger = new Logger('feed');
  readonly hub: FeedHub;
  readonly directory: PartyDirectory;
  private readonly stopping = new AbortController();
  private open = 0;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.hub = new FeedHub(store, {
      ringBytes: config.feed.ringBytes,
      onError: (err) => this.logger.warn(`following the log failed (${err.message}); retrying`),
    });
    this.directory = new PartyDirectory(store);
  }

  get stop(): AbortSignal {
    return this.stopping.signal;
  }

  get subscribers(): number {
    return this.open;
  }

  /** Counts a subscriber for as long as `serve` runs. */
  async track(serve: () => Promise<void>): Promise<void> {
    this.open++;
    try {
      await serve();
    } finally {
      this.open--;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.hub.close();
  }
}
