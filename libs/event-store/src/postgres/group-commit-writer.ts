import { Pool, PoolClient } from 'pg';
import { KeyObject } from 'node:crypto';
import { Span } from '@opentelemetry/api';
import { instruments, linksTo, once, tracer, traceparentOf } from '@accord/platform';
import { InvalidEventError } from '../event-store.errors';
import { AppendResult } from '../event-store.port';
import { BatchPlan, PendingAppend, planBatch, StoredCommand, StreamTip } from './batch-plan';
import { commitNotices } from './commit-notices';
import { isUnavailable, toStorageError } from './pg-errors';
import * as sql from './sql-literals';
import { writeStatements } from './write-statements';

interface Waiting extends PendingAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
  /** The append's span: the commit's span links to it and it to the commit's. */
  span?: Span;
}

/**
 * Group commit: appends that arrive while a transaction is committing wait, then share the next
 * one. Each commit waits for an fsync, so throughput is commits/s × appends per commit; the
 * per-stream checks stay exact because planBatch applies them in queue order.
 *
 * Every transaction first locks the single log_head row. That serialises writers across
 * processes too, keeps positions dense, and makes commits visible in position order, which is
 * what lets readers of the global log never skip an event (gap safety).
 */
export class GroupCommitWriter {
  private queue: Waiting[] = [];
  private running = false;
  /** What this process knows of the log since its own last commit; null when unsure. */
  private known: KnownLog | null = null;
  /**
   * Another process committed between this one's last two commits. The fast path's guess then
   * mostly fails after waiting for the head's lock (a round trip and a rollback lost per commit,
   * with API processes side by side), so commits go the slow way until one finds the head where
   * this process left it.
   */
  private othersWriting = false;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatchEvents: number,
    /** Told of each commit's events once committed, before its appends resolve. */
    private readonly onCommitted: (events: BatchPlan['events']) => void = () => undefined,
    /** Signs each commit's notices for other processes' followers; none are sent without it. */
    private readonly noticeKey?: KeyObject,
  ) {}

  /**
   * An idle writer starts committing once the current turn of the event loop is over, so appends a
   * caller submits one after another without waiting (a command and the one it entails on another
   * stream) share one transaction: both are written or neither.
   */
  submit(append: PendingAppend, span?: Span): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject, span });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /**
   * Commits batch after batch. A batch's callers hear back once the next batch is on its way to
   * the database: what they do next (often prepare another append) then overlaps the database's
   * work instead of holding up the next commit.
   */
  private async drain(): Promise<void> {
    let answer: () => void = () => undefined;
    try {
      while (this.queue.length > 0) answer = await this.commitIsolating(this.takeBatch(), answer);
    } finally {
      this.running = false;
      answer();
    }
  }

  private takeBatch(): Waiting[] {
    let events = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || events + this.queue[n].events.length <= this.maxBatchEvents)) {
      events += this.queue[n].events.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /**
   * A database error that is not about availability (say a client-supplied eventId that already
   * exists) must fail only the append that caused it, so a failed batch is retried one by one.
   */
  private async commitIsolating(batch: Waiting[], previous: () => void): Promise<() => void> {
    const sent = once(previous);
    try {
      return await this.commit(batch, sent);
    } catch (err) {
      sent();
      if (batch.length > 1 && !isUnavailable(err)) {
        for (const append of batch) (await this.commitIsolating([append], () => undefined))();
        return () => undefined;
      }
      const error = toStorageError(translateConstraint(err));
      for (const append of batch) append.reject(error);
      return () => undefined;
    }
  }

  /**
   * One round trip when this process wrote last (it knows the head and its streams' tips),
   * otherwise two: lock and look up, then write and commit.
   */
  private async commit(batch: Waiting[], sent: () => void): Promise<() => void> {
    const span = tracer().startSpan('accord.group_commit', {
      links: linksTo(batch.map((a) => (a.span ? traceparentOf(a.span) : undefined))),
      attributes: { 'accord.group_commit.appends': batch.length },
    });
    const commitLink = span.isRecording() ? { context: span.spanContext() } : undefined;
    if (commitLink) for (const append of batch) append.span?.addLink(commitLink);
    const client = await this.pool.connect();
    let released = false;
    try {
      const plan =
        (this.known && !this.othersWriting && (await this.tryFastCommit(client, batch, this.known, sent))) ||
        (await this.slowCommit(client, batch, sent));
      this.remember(plan);
      if (plan.events.length > 0) this.onCommitted(plan.events);
      const metrics = instruments();
      metrics.groupCommitAppends.record(batch.length);
      metrics.groupCommitEvents.record(plan.events.length);
      span.setAttributes({
        'accord.group_commit.events': plan.events.length,
        'accord.position.last': plan.lastPosition,
      });
      return () => {
        for (const [i, outcome] of plan.outcomes.entries()) {
          if (outcome.kind === 'failed') batch[i].reject(outcome.error);
          else batch[i].resolve(outcome.result);
        }
      };
    } catch (err) {
      // Unsure of the log now, which says nothing of other writers: othersWriting stays as it was.
      this.known = null;
      // A broken connection must not go back to the pool; a healthy one must not keep a
      // half-done transaction.
      if (isUnavailable(err)) {
        client.release(err as Error);
        released = true;
      } else {
        await client.query('ROLLBACK').catch(() => undefined);
      }
      span.recordException(err as Error);
      throw err;
    } finally {
      if (!released) client.release();
      span.end();
    }
  }

  private async slowCommit(client: PoolClient, batch: Waiting[], sent: () => void): Promise<BatchPlan> {
    const lookingUp = lockAndLookUp(client, batch);
    sent();
    const { head, tips, storedCommands } = await lookingUp;
    // Another writer committed since we last did: what we remember of tips may be stale.
    if (this.known) {
      if (this.known.head === head) this.othersWriting = false;
      else this.forgetKnown(true);
    }
    const plan = planBatch(batch, head, tips, storedCommands, new Date().toISOString());
    await client.query(plan.events.length > 0 ? this.statements(client, plan) + 'COMMIT;' : 'COMMIT');
    // Tips read under the lock are exact, context streams' included: remember them too.
    this.known ??= { head, tips: new Map() };
    for (const [id, tip] of tips) this.known.tips.set(id, tip);
    return plan;
  }

  /**
   * While nobody else has written since this process's last commit, the tips it remembers are
   * exact, and a stream it does not remember can be assumed new: if it is not, the unique
   * (stream_id, revision) index refuses the insert and the batch goes the slow way. The head
   * check in the same transaction (accord_expect_head) makes "nobody else wrote" a fact.
   * Returns null when the batch is not eligible, would refuse an append, or the guess failed
   * (nothing was written).
   */
  private async tryFastCommit(
    client: PoolClient,
    batch: Waiting[],
    known: KnownLog,
    sent: () => void,
  ): Promise<BatchPlan | null> {
    // Command ids need a look-up; a revision expected of a stream we do not remember cannot be
    // checked from memory.
    // A context stream must be remembered: unlike a target stream, no insert would prove a guess.
    const eligible = batch.every(
      (a) =>
        a.commandId === undefined &&
        (known.tips.has(a.streamId) || typeof a.expectedRevision !== 'number' || a.expectedRevision === 0) &&
        (a.contextRevisions === undefined || Object.keys(a.contextRevisions).every((id) => known.tips.has(id))),
    );
    if (!eligible) return null;
    const plan = planBatch(batch, known.head, known.tips, new Map(), new Date().toISOString());
    // A refusal must rest on the stream as it is, not as this process last left it: another
    // writer may have moved it to just the revision expected. Only the slow path can tell.
    if (plan.outcomes.some((o) => o.kind === 'failed')) return null;
    try {
      const committing = client.query(
        `BEGIN;\nSELECT accord_expect_head(${sql.int(known.head)});\n${this.statements(client, plan)}COMMIT;`,
      );
      sent();
      await committing;
      return plan;
    } catch (err) {
      if (isUnavailable(err)) throw err;
      await client.query('ROLLBACK');
      if (!isGuessRefused(err)) throw err;
      this.forgetKnown((err as { code?: string }).code === HEAD_MOVED_SQLSTATE);
      return null;
    }
  }

  private statements(client: PoolClient, plan: BatchPlan): string {
    // pg's Client keeps the backend process id the server gave it at startup (BackendKeyData).
    const pid = (client as unknown as { processID: number | null }).processID;
    return writeStatements(plan, this.noticeKey && pid ? commitNotices(plan.events, this.noticeKey, pid) : []);
  }

  /** What this process remembered of the log no longer holds; `othersWrote`: another process is why. */
  private forgetKnown(othersWrote: boolean): void {
    this.known = null;
    this.othersWriting = othersWrote;
  }

  private remember(plan: BatchPlan): void {
    const known = this.known ?? { head: 0, tips: new Map<string, StreamTip>() };
    for (const e of plan.events)
      known.tips.set(e.streamId, { revision: e.revision, lastLeafHash: e.leafHashHex, lastEventId: e.eventId });
    // Bounded: forgetting a tip only sends its stream the slow way once. Trimmed in chunks, oldest
    // first: deleting the first key one at a time made each look-up of the first key walk past every
    // entry deleted before it (a fifth of the writer's CPU once the log had more streams than this).
    if (known.tips.size > MAX_KNOWN_TIPS * 1.25) known.tips = newest(known.tips, MAX_KNOWN_TIPS);
    known.head = plan.lastPosition;
    this.known = plan.events.length > 0 || this.known ? known : null;
  }
}

interface KnownLog {
  /** The head this process's last commit left. */
  head: number;
  tips: Map<string, StreamTip>;
}

const MAX_KNOWN_TIPS = 100_000;

/** The last `n` entries of `map`, in its order. */
function newest<K, V>(map: Map<K, V>, n: number): Map<K, V> {
  const kept = new Map<K, V>();
  let skip = map.size - n;
  for (const entry of map) if (skip-- <= 0) kept.set(...entry);
  return kept;
}

/** The fast path's guess was wrong: someone else wrote (head moved) or a stream already existed. */
function isGuessRefused(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  const constraint = (err as { constraint?: string }).constraint;
  return code === HEAD_MOVED_SQLSTATE || (code === '23505' && constraint === 'events_stream_id_revision_key');
}

export const HEAD_MOVED_SQLSTATE = 'AC001';

type Row = {
  id: string;
  revision: number | null;
  last_leaf_hash: string | null;
  last_event_id: string | null;
  command_hash: string | null;
  result: AppendResult | null;
};

/**
 * Locks the log head, then reads the tips of the batch's streams and its command records. In
 * READ COMMITTED each statement takes a new snapshot, so the lookup, which runs after the lock is
 * granted, sees every transaction that held the lock before.
 */
async function lockAndLookUp(client: PoolClient, batch: PendingAppend[]) {
  const streamIds = [
    ...new Set(
      batch.flatMap((a) => (a.contextRevisions ? [a.streamId, ...Object.keys(a.contextRevisions)] : [a.streamId])),
    ),
  ];
  const commandIds = batch.flatMap((a) => (a.commandId === undefined ? [] : [a.commandId]));
  const results = (await client.query(
    `BEGIN;
     SELECT last_position FROM log_head FOR UPDATE;
     SELECT s.id, t.revision, encode(t.leaf_hash, 'hex') AS last_leaf_hash, t.event_id::text AS last_event_id, NULL AS command_hash, NULL::jsonb AS result
       FROM unnest(${sql.textArrayLiteral(streamIds)}::text[]) AS s(id)
       CROSS JOIN LATERAL (SELECT revision, leaf_hash, event_id FROM events WHERE stream_id = s.id ORDER BY revision DESC LIMIT 1) t
     UNION ALL
     SELECT command_id, NULL, NULL, NULL, command_hash, result FROM commands WHERE command_id = ANY(${sql.textArrayLiteral(commandIds)}::text[]);`,
  )) as unknown as [unknown, { rows: { last_position: number }[] }, { rows: Row[] }];
  const tips = new Map<string, StreamTip>();
  const storedCommands = new Map<string, StoredCommand>();
  for (const r of results[2].rows) {
    if (r.result) storedCommands.set(r.id, { commandHash: r.command_hash, result: r.result });
    else
      tips.set(r.id, {
        revision: Number(r.revision),
        lastLeafHash: r.last_leaf_hash as string,
        lastEventId: r.last_event_id as string,
      });
  }
  return { head: Number(results[1].rows[0].last_position), tips, storedCommands };
}

function translateConstraint(err: unknown): unknown {
  const pgErr = err as { code?: string; constraint?: string };
  if (pgErr.code === '23505' && pgErr.constraint === 'events_event_id_key') {
    return new InvalidEventError('duplicate-event-id', 'An event with this eventId is already in the log');
  }
  return err;
}
