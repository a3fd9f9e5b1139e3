import { Pool } from 'pg';
import { consistencyProof, type SubmitOutcome, WitnessClient, type WitnessClientOptions } from '@accord/audit';
import { toStorageError } from '@accord/event-store';
import { delay } from '@accord/platform';
import { PostgresNodeReader } from './postgres-node-reader';

/** A witness the ledger names (WitnessRegistered, not retired). */
export interface RegisteredWitness {
  readonly organisationId: string;
  readonly name: string;
  readonly vkey: string;
  readonly url: string;
}

export interface WitnessSubmitterOptions {
  /** The witnesses registered in the ledger now (read on every round, so a registration takes effect at once). */
  readonly witnesses: () => Promise<readonly RegisteredWitness[]>;
  /** Wait before the first retry of a failing witness; doubled each failure up to `maxBackoffMs`. Default 1 s. */
  readonly firstBackoffMs?: number;
  /** Default 5 minutes. */
  readonly maxBackoffMs?: number;
  /** How long to wait between rounds once every witness is up to date (default 200 ms). */
  readonly idleMs?: number;
  readonly client?: WitnessClientOptions;
  readonly log?: (message: string) => void;
  /** Milliseconds since the epoch; tests pass their own to decide when a retry is due. */
  readonly clock?: () => number;
}

export type SubmissionResult =
  | { readonly vkey: string; readonly kind: 'up-to-date' | 'waiting' }
  | ({ readonly vkey: string; readonly treeSize: number } & SubmitOutcome);

export interface WitnessStatus extends RegisteredWitness {
  /** The largest checkpoint size it cosigned (0 when none yet). */
  readonly cosignedSize: number;
  readonly cosignedAt: string | null;
  /** Leaves the latest checkpoint holds beyond what this witness cosigned. */
  readonly lag: number;
  readonly failures: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly reportedSize: number | null;
}

interface ProgressRow {
  vkey: string;
  cosigned_size: string;
  cosigned_at: Date | null;
  failures: number;
  next_attempt_at: Date;
  last_error: string | null;
  reported_size: string | null;
}

/**
 * Sends the latest signed checkpoint to every registered witness (C2SP tlog-witness
 * add-checkpoint) with a consistency proof from the size that witness last cosigned, and stores
 * each cosignature with the witness's new size in one statement before going on: after a crash
 * the next round asks again from the stored size, the witness answers 409 with the size it holds,
 * and the client proves from there (an equal size re-cosigns the same tree), so nothing a witness
 * cosigned is lost and nothing is asked twice from one old size. Only the latest checkpoint is
 * sent: a witness that was down catches up with one proof. Failures back off exponentially.
 */
export class WitnessSubmitter {
  private readonly reader: PostgresNodeReader;
  private readonly clients = new Map<string, WitnessClient | Error>();

  constructor(
    private readonly pool: Pool,
    private readonly options: WitnessSubmitterOptions,
  ) {
    this.reader = new PostgresNodeReader(pool);
  }

  /** One round: every registered witness that is behind and due is asked, at once. */
  async submitOnce(signal?: AbortSignal): Promise<SubmissionResult[]> {
    const [witnesses, latest] = await Promise.all([this.options.witnesses(), this.latest()]);
    if (witnesses.length === 0) return [];
    const progress = await this.progress(witnesses.map((w) => w.vkey));
    const now = this.now();
    return Promise.all(
      witnesses.map(async (witness): Promise<SubmissionResult> => {
        const row = progress.get(witness.vkey);
        const cosigned = Number(row?.cosigned_size ?? 0);
        if (latest === undefined || cosigned >= latest.treeSize) return { vkey: witness.vkey, kind: 'up-to-date' };
        if (row && row.next_attempt_at.getTime() > now) return { vkey: witness.vkey, kind: 'waiting' };
        const outcome = await this.ask(witness, latest.note, cosigned, signal);
        await this.record(witness.vkey, latest.treeSize, outcome, row?.failures ?? 0);
        return { vkey: witness.vkey, treeSize: latest.treeSize, ...outcome };
      }),
    );
  }

  /** Rounds until `signal` aborts; a storage failure is logged and retried. */
  async run(signal: AbortSignal): Promise<void> {
    const idleMs = this.options.idleMs ?? 200;
    while (!signal.aborted) {
      try {
        const results = await this.submitOnce(signal);
        for (const r of results)
          if ('kind' in r && r.kind === 'refused' && !signal.aborted)
            this.options.log?.(`witness ${r.vkey.split('+')[0]}: ${r.reason} at tree size ${r.treeSize}: ${r.message}`);
      } catch (err) {
        this.options.log?.(`witness submitter: ${(err as Error).message}; retrying`);
      }
      await delay(idleMs, signal);
    }
  }

  /** Each registered witness with how far it cosigned and how it is failing, for /health/witnesses. */
  async status(witnesses: readonly RegisteredWitness[]): Promise<WitnessStatus[]> {
    const [latest, progress] = await Promise.all([this.latest(), this.progress(witnesses.map((w) => w.vkey))]);
    return witnesses.map((w) => {
      const row = progress.get(w.vkey);
      const cosignedSize = Number(row?.cosigned_size ?? 0);
      return {
        ...w,
        cosignedSize,
        cosignedAt: row?.cosigned_at?.toISOString() ?? null,
        lag: Math.max(0, (latest?.treeSize ?? 0) - cosignedSize),
        failures: row?.failures ?? 0,
        lastError: row?.last_error ?? null,
        nextAttemptAt: row && row.failures > 0 ? row.next_attempt_at.toISOString() : null,
        reportedSize: row?.reported_size == null ? null : Number(row.reported_size),
      };
    });
  }

  private async ask(
    witness: RegisteredWitness,
    note: string,
    cosigned: number,
    signal: AbortSignal | undefined,
  ): Promise<SubmitOutcome> {
    const client = this.client(witness);
    if (client instanceof Error)
      return { kind: 'refused', reason: 'bad-answer', status: 0, message: `its vkey is unusable: ${client.message}` };
    return client.addCheckpoint({
      note,
      witnessSize: cosigned,
      proofs: (from, to) => consistencyProof(from, to, this.reader),
      signal,
    });
  }

  private client(witness: RegisteredWitness): WitnessClient | Error {
    const key = `${witness.vkey} ${witness.url}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      try {
        client = new WitnessClient({ url: witness.url, key: witness.vkey }, this.options.client);
      } catch (err) {
        client = err as Error;
      }
      this.clients.set(key, client);
    }
    return client;
  }

  private async record(vkey: string, treeSize: number, outcome: SubmitOutcome, failures: number): Promise<void> {
    if (outcome.kind === 'cosigned') {
      // One statement: the cosignature and the witness's new size commit together or not at all.
      await this.query(
        `WITH cosignature AS (
           INSERT INTO checkpoint_cosignatures (tree_size, vkey, lines, cosigned_at)
           VALUES ($2, $1, $3, to_timestamp($4)) ON CONFLICT DO NOTHING
         )
         INSERT INTO witness_progress (vkey, cosigned_size, cosigned_at, failures, next_attempt_at, last_error, reported_size)
         VALUES ($1, $2, to_timestamp($4), 0, to_timestamp($5 / 1000.0), NULL, $2)
         ON CONFLICT (vkey) DO UPDATE SET cosigned_size = GREATEST(witness_progress.cosigned_size, excluded.cosigned_size),
           cosigned_at = excluded.cosigned_at, failures = 0, next_attempt_at = excluded.next_attempt_at,
           last_error = NULL, reported_size = excluded.reported_size`,
        [vkey, treeSize, outcome.lines, outcome.timestamp, this.now()],
      );
      return;
    }
    // Another submitter moved the witness (it said its size): ask again next round without waiting.
    const next = outcome.reason === 'conflict' ? 0 : this.backoffMs(failures + 1);
    await this.query(
      `INSERT INTO witness_progress (vkey, failures, next_attempt_at, last_error, reported_size)
       VALUES ($1, $2, to_timestamp($3 / 1000.0), $4, $5)
       ON CONFLICT (vkey) DO UPDATE SET failures = excluded.failures, next_attempt_at = excluded.next_attempt_at,
         last_error = excluded.last_error, reported_size = coalesce(excluded.reported_size, witness_progress.reported_size)`,
      [
        vkey,
        failures + 1,
        this.now() + next,
        `${outcome.reason}: ${outcome.message}`.slice(0, 1000),
        outcome.witnessSize ?? null,
      ],
    );
  }

  private backoffMs(failures: number): number {
    const first = this.options.firstBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 5 * 60_000;
    return Math.min(max, first * 2 ** Math.min(failures - 1, 30));
  }

  private async latest(): Promise<{ treeSize: number; note: string } | undefined> {
    const rows = await this.query<{ tree_size: string; note: string }>(
      'SELECT tree_size, note FROM checkpoints ORDER BY tree_size DESC LIMIT 1',
      [],
    );
    return rows[0] && { treeSize: Number(rows[0].tree_size), note: rows[0].note };
  }

  private async progress(vkeys: string[]): Promise<Map<string, ProgressRow>> {
    const rows = await this.query<ProgressRow>('SELECT * FROM witness_progress WHERE vkey = ANY($1::text[])', [vkeys]);
    return new Map(rows.map((r) => [r.vkey, r]));
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw toStorageError(err);
    }
  }
}
