import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { runAsLeader } from '@accord/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Storage } from '../storage/storage';
import { AuditKeys } from './audit-keys';
import { MerkleSealer } from '@accord/audit/postgres';

/**
 * Runs the Merkle sealer in exactly one process (API or worker) at a time; another takes over
 * within seconds when the leader dies, resuming from the stored tree size.
 */
@Injectable()
export class AuditSealerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('audit-sealer');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = runAsLeader(
      this.storage.pool.options,
      { name: 'audit-sealer', signal: this.stop.signal, onLog: (m) => this.logger.debug(m) },
      async (signal) => {
        const key = await this.keys.get();
        const sealer = new MerkleSealer(this.storage.pool, {
          key,
          origin: this.config.audit.origin,
          everyEvents: this.config.audit.checkpointEveryEvents,
          everySeconds: this.config.audit.checkpointEverySeconds,
          log: (m) => this.logger.warn(m),
        });
        await sealer.run(signal);
      },
    ).catch((err) => this.logger.error(`audit sealer stopped: ${(err as Error).message}`));
  }

  // Before the storage closes (onApplicationShutdown), so no batch meets a closed pool.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
