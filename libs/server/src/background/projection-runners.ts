import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ALL_PROJECTIONS, ProjectionHost } from '@accord/projections';
import { Storage } from '../storage/storage';

/**
 * Runs every projection of libs/projections in this process, each under its advisory lock so
 * that across the API and any workers exactly one process advances it. Stopped before storage
 * closes (beforeApplicationShutdown), so no batch is cut off by a closing pool.
 */
@Injectable()
export class ProjectionRunners implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');
  private host: ProjectionHost | undefined;

  constructor(private readonly storage: Storage) {}

  onApplicationBootstrap(): void {
    this.host = new ProjectionHost({
      pool: this.storage.pool,
      connection: this.storage.pool.options,
      store: this.storage.store,
      projections: ALL_PROJECTIONS,
      log: {
        info: (message) => this.logger.log(message),
        warn: (message) => this.logger.warn(message),
        error: (message) => this.logger.error(message),
      },
    });
    this.host.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }
}
