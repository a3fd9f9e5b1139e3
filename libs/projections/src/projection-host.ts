import { ClientConfig, Pool } from 'pg';
import { EventStore, isUnavailable, runAsLeader, StorageUnavailableError } from '@accord/event-store';
import { delay } from '@accord/platform';
import { clearProjectionFailure, markProjectionFailed, readProjectionFailures } from './checkpoints';
import { Projection } from './projection';
import { BatchNotAppliedError, catchUp } from './projection-runner';

export interface ProjectionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionHostOptions {
  pool: Pool;
  /** Connection settings for the leader-lock connections (one per projection). */
  connection: ClientConfig;
  store: EventStore;
  projections: readonly Projection[];
  log?: ProjectionLog;
  /** How often a follower checks whether the leader is gone (default 2 s). */
  leaderRetryMs?: number;
  /**
   * Shortest time between the starts of two catch-ups of one projection (default 25 ms). Under a
   * steady stream of appends, waking for every event would spend a transaction and about ten
   * round trips per projection per event; the pause lets each batch carry what arrived meanwhile,
   * at the cost of at most this much more read-model lag.
   */
  paceMs?: number;
  /** How often a stopped projection looks whether it was rebuilt (default 5 s). */
  repairCheckMs?: number;
}

// Conflicts that a retry resolves: serialization failure, deadlock, lock not available.
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03']);

/** The database was away or busy: the same batch will go through later. */
function isTransient(err: unknown): boolean {
  if (err instanceof BatchNotAppliedError) return isTransient(err.cause);
  if (err instanceof StorageUnavailableError || isUnavailable(err)) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && TRANSIENT_SQLSTATES.has(code);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
            onLog: (m) => this.options.log?.info(m),
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

  /**
   * Follows the log. A batch that fails because the database is away or busy is tried again; one
   * that fails for any other reason holds an event this projection cannot apply: the events are
   * then applied one at a time up to it, its position is logged at error level and recorded
   * (/health/ready reports it in every process, the console shows it), and the projection stops
   * there instead of failing on it every second for ever. A rebuild clears the record and it goes
   * on; a new leader (a restart) tries the event again.
   */
  private async follow(projection: Projection, signal: AbortSignal): Promise<void> {
    const paceMs = this.options.paceMs ?? 25;
    await clearProjectionFailure(this.options.pool, projection.name).catch(() => undefined);
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
        if (isTransient(err) || !(err instanceof BatchNotAppliedError)) {
          this.options.log?.warn(`projection ${projection.name}: ${messageOf(err)}; retrying in 1 s`);
          await delay(1000, signal);
          continue;
        }
        await this.stopAtFailure(projection, signal).catch(async (again: unknown) => {
          if (signal.aborted) return;
          this.options.log?.warn(`projection ${projection.name}: ${messageOf(again)}; retrying in 1 s`);
          await delay(1000, signal);
        });
      }
    }
  }

  private async stopAtFailure(projection: Projection, signal: AbortSignal): Promise<void> {
    try {
      await catchUp(this.options.pool, this.options.store, projection, { batchSize: 1, signal, returnAtHead: true });
      return; // one at a time it went through: the failure was not the event's
    } catch (err) {
      if (signal.aborted) return;
      if (!(err instanceof BatchNotAppliedError) || isTransient(err)) throw err;
      const position = err.upTo;
      const error = messageOf(err.cause);
      this.options.log?.error(
        `projection ${projection.name} cannot apply the event at position ${position}: ${error}. ` +
          `Its read model stays at position ${position - 1} until the projection is rebuilt ` +
          `(accord projections rebuild ${projection.name}) or restarted after a fix.`,
      );
      await markProjectionFailed(this.options.pool, projection.name, position, error);
    }
    const checkMs = this.options.repairCheckMs ?? 5000;
    while (!signal.aborted) {
      await delay(checkMs, signal);
      const failures = await readProjectionFailures(this.options.pool).catch(() => null);
      if (failures && !failures.some((f) => f.name === projection.name)) return;
    }
  }
}
