import { createSecretKey } from 'node:crypto';
import { Client, ClientConfig, Pool, QueryResultRow } from 'pg';
import { inSpan, instruments, noteLogHead, traceparentOf } from '@accord/platform';
import { parseStoredEvent, prepareEvents, validateCommandId, validateStreamId } from '../envelope';
import { AuditLogMismatchError, InvalidEventError } from '../event-store.errors';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogFilter,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
} from '../event-store.port';
import { GroupCommitWriter } from './group-commit-writer';
import { LogWatcher } from './log-watcher';
import { toStorageError } from './pg-errors';

export interface PostgresEventStoreOptions {
  /** Largest event accepted, in bytes of its canonical envelope (default 256 KiB). */
  maxEventBytes?: number;
  /** Most events one group commit carries (default 2,000). */
  maxBatchEvents?: number;
  /** How long a live subscriber waits for a NOTIFY before it looks anyway (default 1 s). */
  pollIntervalMs?: number;
  onWatcherError?: (err: Error) => void;
  /**
   * The secret every process of the deployment shares (never stored in PostgreSQL): commits carry
   * their events in notices it authenticates, and followers take other processes' commits from
   * them instead of reading them back. Without it they read (commit-notices.ts).
   */
  noticeKey?: Buffer;
}

const DEFAULT_LIMIT = 1000;
// Text on the wire parses faster than bytea's hex; the bytes are the same UTF-8.
const ENVELOPE_COLUMNS = `convert_from(canonical, 'UTF8') AS canonical, encode(leaf_hash, 'hex') AS leaf_hash`;
const MAX_LIMIT = 10_000;

/**
 * A stream as its hashed bytes say it is: rows are selected by the stream_id and revision
 * columns, which are not hashed, so each event's own streamId and revision must be the ones asked
 * for, one after another, each linked to the one before. A row moved in from another stream, or
 * one moved out of the middle, stops the read instead of folding into a wrong state.
 */
function matches(event: StoredEvent, filter: LogFilter): boolean {
  return (
    (!filter.types?.length || filter.types.includes(event.type)) &&
    (!filter.streamIdPrefix || event.streamId.startsWith(filter.streamIdPrefix))
  );
}

function checkedStream(streamId: string, from: number, events: StoredEvent[]): StoredEvent[] {
  events.forEach((event, i) => {
    if (event.streamId !== streamId)
      throw new AuditLogMismatchError(
        event.position,
        'stream_id',
        `its bytes belong to ${event.streamId}, not ${streamId}`,
      );
    if (event.revision !== from + i)
      throw new AuditLogMismatchError(
        event.position,
        'revision',
        `${streamId} has no revision ${from + i} before this one's ${event.revision}`,
      );
    const before = events[i - 1];
    if (before !== undefined && event.prevStreamLeafHash !== before.leafHash)
      throw new AuditLogMismatchError(
        event.position,
        'revision',
        `it does not follow ${streamId}'s revision ${before.revision}`,
      );
  });
  return events;
}

export class PostgresEventStore implements EventStore {
  private readonly writer: GroupCommitWriter;
  private readonly watcher: LogWatcher;
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.maxEventBytes = options.maxEventBytes ?? 256 * 1024;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    const noticeKey = options.noticeKey && createSecretKey(options.noticeKey);
    this.watcher = new LogWatcher(pool.options, options.onWatcherError, noticeKey);
    this.writer = new GroupCommitWriter(
      pool,
      options.maxBatchEvents ?? 2000,
      (events) => this.watcher.offer(events),
      noticeKey,
    );
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const spanOptions = { attributes: { 'accord.stream_id': String(streamId) }, parent: options.trace };
    return inSpan('accord.append', spanOptions, async (span) => {
      const started = performance.now();
      let outcome = 'error';
      try {
        validateStreamId(streamId);
        validateExpectedRevision(options.expectedRevision);
        validateCommandId(options.commandId, options.commandHash);
        validateContextRevisions(options.contextRevisions, options.contextLastEventIds);
        // The stored traceparent names this span, which links to the group commit that wrote it.
        const prepared = prepareEvents(events, options, this.maxEventBytes, traceparentOf(span));
        const result = await this.writer.submit(
          {
            streamId,
            events: prepared,
            expectedRevision: options.expectedRevision,
            commandId: options.commandId,
            commandHash: options.commandHash,
            contextRevisions: options.contextRevisions,
            contextLastEventIds: options.contextLastEventIds,
            expectedLastEventId: options.expectedLastEventId,
          },
          span,
        );
        span.setAttribute('accord.position.last', result.lastPosition);
        this.watcher.advanceTo(result.lastPosition);
        noteLogHead(result.lastPosition);
        outcome = 'ok';
        return result;
      } finally {
        instruments().appendDuration.record((performance.now() - started) / 1000, { outcome });
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    validateStreamId(streamId);
    const from = options.fromRevision ?? 1;
    // An aggregate is rebuilt from its whole stream, so no default limit here (LIMIT NULL = all).
    const limit = options.limit === undefined ? null : clampLimit(options.limit, Number.MAX_SAFE_INTEGER);
    const rows = await this.query<{ canonical: string; leaf_hash: string }>(
      `SELECT ${ENVELOPE_COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, from, limit],
    );
    return checkedStream(
      streamId,
      from,
      rows.map((r) => parseStoredEvent(r.canonical, r.leaf_hash)),
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readRange(options.fromPosition ?? 1, null, clampLimit(options.limit, MAX_LIMIT), options.filter);
  }

  async *subscribeAll(options: SubscribeOptions = {}): AsyncGenerator<StoredEvent> {
    const own = options.ownConnection ? new DedicatedConnection(this.pool.options) : undefined;
    try {
      yield* this.follow(options, own?.run ?? this.run);
    } finally {
      await own?.close();
    }
  }

  private async *follow(options: SubscribeOptions, run: Runner): AsyncGenerator<StoredEvent> {
    let next = options.fromPosition ?? 1;
    const batchSize = clampLimit(options.batchSize, MAX_LIMIT);
    while (!options.signal?.aborted) {
      // Read up to a committed head. Commits are visible in position order and positions are
      // dense (see GroupCommitWriter), so every event up to a committed head is already visible:
      // scanning to the head and moving past it never skips one, even when a filter hid all of
      // them. The watcher's head is committed (each commit NOTIFYs its last position), so news it
      // heard costs no head query; with no news (the slow poll) or no LISTEN connection, ask.
      const heard = this.watcher.liveHead();
      const head = heard !== undefined && heard >= next ? heard : await this.readHead(run);
      const page = head >= next ? await this.eventsUpTo(next, head, batchSize, options.filter, run) : [];
      for (const event of page) {
        if (options.signal?.aborted) return;
        yield event;
      }
      if (page.length === batchSize) {
        next = page[page.length - 1].position + 1;
        continue;
      }
      next = Math.max(next, head + 1);
      this.watcher.advanceTo(head);
      await this.watcher.waitBeyond(head, this.pollIntervalMs, options.signal);
    }
  }

  /**
   * The newest committed position this process has heard of, without a query: undefined while its
   * LISTEN connection is down (or not yet up), when a commit may have passed unheard.
   */
  liveHead(): number | undefined {
    return this.watcher.liveHead();
  }

  headPosition(): Promise<number> {
    return this.readHead(this.run);
  }

  /** A follower's next page up to a committed head: from the watcher when it holds them, else read. */
  private async eventsUpTo(
    from: number,
    head: number,
    limit: number,
    filter: LogFilter | undefined,
    run: Runner,
  ): Promise<StoredEvent[]> {
    const to = Math.min(head, from + limit - 1);
    // A filtered page shorter than the limit lets the follower move past the head, so it must
    // span every position up to the head.
    const held = filter && to < head ? undefined : this.watcher.committedEvents(from, to);
    if (held === undefined) return this.readRange(from, head, limit, filter, run);
    return filter ? held.filter((e) => matches(e, filter)) : held;
  }

  private async readHead(run: Runner): Promise<number> {
    const rows = await run<{ last_position: string }>('SELECT last_position FROM log_head');
    const head = Number(rows[0].last_position);
    noteLogHead(head);
    return head;
  }

  waitBeyond(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.watcher.waitBeyond(position, timeoutMs, signal);
  }

  async streamRevision(streamId: string): Promise<number> {
    validateStreamId(streamId);
    const rows = await this.query<{ revision: string | null }>(
      'SELECT max(revision) AS revision FROM events WHERE stream_id = $1',
      [streamId],
    );
    return Number(rows[0].revision ?? 0);
  }

  async streamRevisions(streamIds: string[]): Promise<Map<string, number>> {
    for (const id of streamIds) validateStreamId(id);
    const rows = await this.query<{ stream_id: string; revision: string }>(
      `SELECT s.id AS stream_id, (SELECT max(revision) FROM events WHERE stream_id = s.id) AS revision FROM unnest($1::text[]) AS s(id)`,
      [streamIds],
    );
    const revisions = new Map(streamIds.map((id) => [id, 0]));
    for (const r of rows) revisions.set(r.stream_id, Number(r.revision ?? 0));
    return revisions;
  }

  async findCommand(commandId: string): Promise<{ commandHash: string | null; result: AppendResult } | null> {
    validateCommandId(commandId, undefined);
    const rows = await this.query<{ command_hash: string | null; result: AppendResult }>(
      'SELECT command_hash, result FROM commands WHERE command_id = $1',
      [commandId],
    );
    return rows.length === 0
      ? null
      : { commandHash: rows[0].command_hash, result: { ...rows[0].result, replayed: true } };
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }

  private async readRange(
    from: number,
    to: number | null,
    limit: number,
    filter: LogFilter | undefined,
    run: Runner = this.run,
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [from, limit, to];
    let where = '';
    if (filter?.types?.length) {
      params.push(filter.types);
      where += ` AND type = ANY($${params.length}::text[])`;
    }
    if (filter?.streamIdPrefix) {
      // Not `LIKE 'prefix%'`, which PostgreSQL may answer from the (stream_id, revision) index by
      // visiting every event of every matching stream since the log began, for each page: a cost
      // that grows with the log. Unindexable, the prefix is checked on the position range only.
      params.push(filter.streamIdPrefix);
      where += ` AND left(stream_id, char_length($${params.length})) = $${params.length}`;
    }
    const rows = await run<{ canonical: string; leaf_hash: string }>(
      `SELECT ${ENVELOPE_COLUMNS} FROM events
       WHERE position >= $1 AND ($3::bigint IS NULL OR position <= $3)${where}
       ORDER BY position LIMIT $2`,
      params,
    );
    return rows.map((r) => parseStoredEvent(r.canonical, r.leaf_hash));
  }

  private async query<R extends object>(sql: string, params?: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw toStorageError(err);
    }
  }

  private readonly run: Runner = (sql, params) => this.query(sql, params);
}

type Runner = <R extends object>(sql: string, params?: unknown[]) => Promise<R[]>;

/** A connection of one's own, opened on first use and reopened on the next query after a failure. */
class DedicatedConnection {
  private client: Promise<Client> | undefined;

  constructor(private readonly config: ClientConfig) {}

  readonly run: Runner = async <R extends object>(sql: string, params?: unknown[]) => {
    const opened = (this.client ??= this.open());
    try {
      return (await (await opened).query<R & QueryResultRow>(sql, params)).rows;
    } catch (err) {
      this.drop(opened);
      throw toStorageError(err);
    }
  };

  async close(): Promise<void> {
    const opened = this.client;
    this.client = undefined;
    await opened?.then((c) => c.end()).catch(() => undefined);
  }

  private open(): Promise<Client> {
    const client = new Client(this.config);
    const opened = client.connect().then(() => client);
    // An idle connection that breaks reports here; the next query opens a new one.
    client.on('error', () => this.drop(opened));
    return opened;
  }

  private drop(opened: Promise<Client>): void {
    if (this.client !== opened) return;
    this.client = undefined;
    void opened.then((c) => c.end()).catch(() => undefined);
  }
}

function validateExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no-stream') return;
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new InvalidEventError(
      'invalid-expected-revision',
      `expectedRevision must be 'any', 'no-stream' or a revision ≥ 0`,
    );
}

function validateContextRevisions(
  context: Record<string, number> | undefined,
  lastEventIds: Record<string, string> | undefined,
): void {
  for (const [streamId, revision] of Object.entries(context ?? {})) {
    validateStreamId(streamId);
    if (!Number.isSafeInteger(revision) || revision < 0)
      throw new InvalidEventError('invalid-expected-revision', `contextRevisions[${streamId}] must be a revision ≥ 0`);
  }
  // Only a context stream's tip is looked up with the batch.
  for (const streamId of Object.keys(lastEventIds ?? {}))
    if (context?.[streamId] === undefined)
      throw new InvalidEventError(
        'invalid-expected-revision',
        `contextLastEventIds[${streamId}] names a stream missing from contextRevisions`,
      );
}

function clampLimit(limit: number | undefined, max: number): number {
  if (limit === undefined) return Math.min(DEFAULT_LIMIT, max);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new InvalidEventError('invalid-limit', 'limit must be a positive integer');
  return Math.min(limit, max);
}
