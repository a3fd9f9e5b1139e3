import { ClientConfig, Pool } from 'pg';
import { EventStore, runAsLeader } from '@accord/event-store';
import { delay } from '@accord/platform';
import { Projection } from './projection';
import { catchUp } from './projection-runner';

export interface ProjectionHostOptions {
  pool: Pool;
  /** Connection settings for the leader-lock connections (one per projection). */
  connection: ClientConfig;
  store: EventStore;
  projections: readonly Projection[];
  log?: (message: string) => void;
  /** How often a follower checks whether the leader is gone (default 2 s). */
  leaderRetryMs?: number;
  /**
   * Shortest time between the starts of two catch-ups of one projection (default 25 ms). Under a
   * steady stream of appends, waking for every event would spend a transaction and about ten
   * round trips per projection per event; the pause lets each batch carry what arrived meanwhile,
   * at the cost of at most this much more read-model lag.
   */
  paceMs?: number;
}

/**
 * Runs every projection in this process, each under its own advisory lock
 * (`projection:<name>`): across all API and worker processes on a database exactly one process
 * advances a given projection, and another takes over within `leaderRetryMs` when it dies.
 */
export class ProjectionHost {
  private readonly stop = new AbortController();
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: ProjectionHostOptions) {}

  start(): void {
    if (this.running) return;
    this.running = Promise.all(
      this.options.projections.map((projection) =>
        runAsLeader(
          this.options.connection,
          {
            name: `projection:${projection.name}`,
            signal: this.stop.signal,
            retryMs: this.options.leaderRetryMs,
            onLog: (m) => this.log(m),
          },
          (signal) => this.follow(projection, signal),
        ),
      ),
    );
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.running;
  }

  private async follow(projection: Projection, signal: AbortSignal): Promise<void> {
    const paceMs = this.options.paceMs ?? 25;
    while (!signal.aborted) {
      try {
        // Catch up (reading ahead while committing), then sleep until the log grows.
        const started = Date.now();
        const position = await catchUp(this.options.pool, this.options.store, projection, {
          signal,
          returnAtHead: true,
        });
        // The store hears of every commit (NOTIFY) without reading the log, so read-your-write
        // waits (`minPosition`) end within one pace of the append.
        await this.options.store.waitBeyond(position, 1000, signal);
        await delay(paceMs - (Date.now() - started), signal);
      } catch (err) {
        if (signal.aborted) return;
        this.log(`projection ${projection.name}: ${(err as Error).message}; retrying in 1 s`);
        await delay(1000, signal);
      }
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
