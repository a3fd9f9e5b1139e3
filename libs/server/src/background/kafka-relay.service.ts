import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { runAsLeader } from '@accord/event-store';
import { KafkaRelay } from '@accord/feeds';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Storage } from '../storage/storage';

/**
 * Runs the Kafka relay when KAFKA_BROKERS is set, in one process at a time across every API
 * instance and worker (leader lock `feed:kafka`); another takes over when the leader dies.
 */
@Injectable()
export class KafkaRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('kafka-relay');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;
  relay: KafkaRelay | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Storage) private readonly storage: Storage,
  ) {}

  onApplicationBootstrap(): void {
    const settings = this.config.kafka;
    if (!settings) return;
    const relay = new KafkaRelay({
      store: this.storage.store,
      pool: this.storage.pool,
      settings,
      log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
    });
    this.relay = relay;
    this.running = runAsLeader(
      this.storage.pool.options,
      { name: 'feed:kafka', signal: this.stop.signal, onLog: (m) => this.logger.log(m) },
      (signal) => relay.run(signal),
    );
  }

  // Before the storage closes (onApplicationShutdown), so the last acknowledged batch is checkpointed.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
