import { Inject, Injectable } from '@nestjs/common';
import { readCheckpoints } from '@accord/projections';
import { BadInputError, UnavailableError } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '@accord/server';
import { Storage } from '@accord/server';

/** Read models (projection names) each query reads. */
export type ReadModel =
  | 'directory'
  | 'partnerships'
  | 'decisions'
  | 'decision-acts'
  | 'trail'
  | 'meetings'
  | 'forward-plan'
  | 'decision-notices'
  | 'erasures';

const POLL_MS = 20;

/**
 * Read-your-writes (DESIGN §5): a command answers with the log position it wrote; a query given
 * that `minPosition` waits until every read model it reads has reached it. The wait is bounded
 * (READ_MODEL_WAIT_MS): past it the caller gets 503 `read-model-behind` with Retry-After rather
 * than a stale answer presented as current. A position the log has not reached is the caller's
 * mistake, not a wait: 400 `position-not-written` at once.
 *
 * The positions are read where the query will read its rows (Storage.readPool): on a streaming
 * replica, a read model's checkpoint commits with its rows, so once the replica has replayed the
 * checkpoint to `minPosition` it has replayed the rows too. Only the log's head, which says
 * whether the position was ever written, comes from the primary.
 */
@Injectable()
export class ReadPositions {
  constructor(
    private readonly storage: Storage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns the lowest position the read models have reached (what the answer reflects). */
  async await(models: readonly ReadModel[], minPosition: number | undefined): Promise<number> {
    return Math.min(...(await this.awaitEach(models, minPosition)).values());
  }

  /** As `await`, with the position each read model has reached. */
  async awaitEach(models: readonly ReadModel[], minPosition: number | undefined): Promise<Map<string, number>> {
    const deadline = Date.now() + this.config.readModelWaitMs;
    for (let first = true; ; first = false) {
      const positions = await readCheckpoints(this.storage.readPool, models);
      const reached = Math.min(...positions.values());
      if (minPosition === undefined || reached >= minPosition) return positions;
      if (first && minPosition > (await this.storage.store.headPosition()))
        throw new BadInputError(
          'position-not-written',
          `The log has not reached position ${minPosition}: pass a position a command answered with`,
          { minPosition },
        );
      if (Date.now() >= deadline)
        throw new UnavailableError(
          'read-model-behind',
          `The read model has reached position ${reached}, not yet ${minPosition}; try again shortly`,
          {
            minPosition,
            reachedPosition: reached,
            retryAfterSeconds: 1,
          },
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
