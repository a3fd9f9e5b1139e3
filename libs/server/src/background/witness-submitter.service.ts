import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WitnessSubmitter } from '@accord/audit/postgres';
import { runAsLeader } from '@accord/event-store';
import { readCurrentWitnesses } from '@accord/projections';
import { Storage } from '../storage/storage';

/**
 * Asks the witnesses the ledger names to cosign each new checkpoint, in exactly one process (API
 * or worker) at a time, beside the sealer; commands never wait for it. A takeover resumes from
 * the sizes stored with the cosignatures.
 */
@Injectable()
export class WitnessSubmitterService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('witness-submitter');
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly storage: Storage) {}

  onApplicationBootstrap(): void {
    this.running = runAsLeader(
      this.storage.pool.options,
      { name: 'witness-submitter', signal: this.stop.signal, onLog: (m) => this.logger.debug(m) },
      (signal) =>
        new WitnessSubmitter(this.storage.pool, {
          witnesses: () => readCurrentWitnesses(this.storage.pool),
          log: (m) => this.logger.warn(m),
        }).run(signal),
    ).catch((err) => this.logger.error(`witness submitter stopped: ${(err as Error).message}`));
  }

  // Before the storage closes (onApplicationShutdown), so no round meets a closed pool.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.running;
  }
}
