import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { runAsLeader } from '@accord/event-store';
import { delay } from '@accord/platform';
import { describeDifference, recordReadModelChecks, verifyReadModels } from '@accord/projections';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Storage } from '../storage/storage';

/**
 * Checks every read model against the log on a schedule, in one process at a time, so a table
 * changed with SQL behind the projections' back shows on /health/read-models without anyone
 * asking. Each check rebuilds every read model in a throw-away shadow, hence minutes apart.
 */
@Injectable()
export class ReadModelCheckService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('read-model-check');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.readModelCheckEveryMinutes * 60_000;
    if (everyMs === 0) return;
    this.running = runAsLeader(
      this.storage.pool.options,
      { name: 'read-model-check', signal: this.stop.signal, onLog: (m) => this.logger.debug(m) },
      async (signal) => {
        // A wait first: a process restarting in a loop must not rebuild every read model each time.
        for (await delay(everyMs, signal); !signal.aborted; await delay(everyMs, signal)) {
          const checks = await verifyReadModels(this.storage.pool, this.storage.store);
          await recordReadModelChecks(this.storage.pool, checks);
          for (const difference of checks.flatMap((c) => c.differences))
            this.logger.error(`read model differs from the log: ${describeDifference(difference)}`);
        }
      },
    ).catch((err) => this.logger.error(`read-model check stopped: ${(err as Error).message}`));
  }

  // Before the storage closes (onApplicationShutdown), so no check meets a closed pool.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
