import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { runAsLeader } from '@accord/event-store';
import { PartyDirectory, STANDARD_RETRY_SCHEDULE_MS, WebhookDeliverer } from '@accord/feeds';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LedgerService } from '../ledger/ledger.service';
import { Storage } from '../storage/storage';
import { WebhookKeys } from './webhook-keys';

/**
 * Delivers webhooks in one process at a time across every API instance and worker (leader lock
 * `feed:webhooks`), so an endpoint's events leave in order; another takes over when it dies and
 * resumes from the checkpoints.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  readonly deliverer: WebhookDeliverer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Storage) private readonly storage: Storage,
    keys: WebhookKeys,
    ledger: LedgerService,
  ) {
    const w = config.webhooks;
    this.deliverer = new WebhookDeliverer(storage.store, storage.pool, new PartyDirectory(storage.store), {
      signingKey: (ref) => keys.keyOf(ref),
      disable: (organisationId, endpointId, reason, detail) =>
        ledger.disableWebhookEndpoint(organisationId, endpointId, reason, detail),
      policy: { allow: w.allowAddresses, timeoutMs: w.timeoutMs, maxResponseBytes: w.maxResponseBytes },
      schedule: w.retryScheduleMs ?? STANDARD_RETRY_SCHEDULE_MS,
      batchSize: 200,
      warn: (m) => this.logger.warn(m),
    });
  }

  onApplicationBootstrap(): void {
    this.running = runAsLeader(
      this.storage.pool.options,
      { name: 'feed:webhooks', signal: this.stop.signal, onLog: (m) => this.logger.log(m) },
      (signal) => this.deliverer.run(signal),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
