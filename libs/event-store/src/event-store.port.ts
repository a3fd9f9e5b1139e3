/**
 * The EventStore port (DESIGN §3). The log is the only source of truth; everything else
 * (read models, feeds, the Merkle sealer) follows it from its own checkpoint.
 *
 * Positions and revisions both start at 1: a stream's revision is the number of events in it,
 * and an event's position minus one is its leaf index in the audit tree.
 */
import { TraceContext } from '@accord/platform';

export interface Actor {
  personId: string;
  orgId: string;
  roles: string[];
}

export interface EventMetadata {
  actor: Actor;
  commandId: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** When the caller says the fact happened (ISO-8601); recordedAt is when the log took it. */
  occurredAt: string;
  /**
   * The W3C traceparent of the append that wrote the event, present only when tracing was on:
   * followers link their spans to it. Hashed like the rest of the envelope (docs/telemetry.md).
   */
  traceparent?: string;
}

export interface NewEvent {
  type: string;
  schemaVersion?: number;
  data: unknown;
  /** Supplied by tests or importers; generated (UUID v4) otherwise. */
  eventId?: string;
}

/** The envelope: stored, served, exported and sent to Kafka alike. */
export interface StoredEvent<D = unknown> {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  recordedAt: string;
  /** Hex SHA-256 of 0x00 || canonical bytes of the envelope without leafHash. */
  leafHash: string;
  /** Hex leaf hash of the previous event in the same stream; null for a stream's first event. */
  prevStreamLeafHash: string | null;
}

/** The envelope as hashed and stored: everything but its own leaf hash (DESIGN §4). */
export type HashedEnvelope<D = unknown> = Omit<StoredEvent<D>, 'leafHash'>;

export type ExpectedRevision = 'no-stream' | 'any' | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  metadata: Omit<EventMetadata, 'commandId' | 'occurredAt'> & { occurredAt?: string };
  /**
   * Idempotency: an append carrying a command id that was already appended returns the first
   * result and writes nothing. `commandHash` fingerprints the request, so the same id reused for
   * a different request is refused instead of silently answered with someone else's result.
   */
  commandId?: string;
  commandHash?: string;
  /**
   * Other streams the decision to append was taken on, with the revision it saw of each. The
   * append is refused (WrongExpectedRevisionError naming the stream) when any of them has moved
   * by the time it commits, checked in the same transaction: a rule that consulted a partnership
   * or an organisation holds at the moment the event enters the log, not merely a moment before.
   */
  contextRevisions?: Record<string, number>;
  /**
   * The event some of those context streams must end with, for a decision taken on a context
   * stream's append still in flight: the revision alone would also be met by another writer's
   * events in its place.
   */
  contextLastEventIds?: Record<string, string>;
  /**
   * The event the stream must end with (besides being at `expectedRevision`). A caller that
   * decided on top of an append still in flight names that append's last event: if it was not
   * written, this one is refused too, whatever else reached the same revision meanwhile.
   */
  expectedLastEventId?: string;
  /** The span the append's span is a child of (the command's). */
  trace?: TraceContext;
}

export interface AppendedEvent {
  eventId: string;
  type: string;
  position: number;
  revision: number;
  leafHash: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's revision after the append. */
  nextRevision: number;
  /** Position of the last event written: what a caller passes as `minPosition` to see its write. */
  lastPosition: number;
  events: AppendedEvent[];
  /** True when this is the stored answer to an earlier append with the same command id. */
  replayed: boolean;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); default 1. */
  fromRevision?: number;
  limit?: number;
}

export interface LogFilter {
  types?: string[];
  streamIdPrefix?: string;
}

export interface ReadAllOptions {
  /** First position to return (inclusive); default 1. */
  fromPosition?: number;
  limit?: number;
  filter?: LogFilter;
}

export interface SubscribeOptions {
  fromPosition?: number;
  filter?: LogFilter;
  signal?: AbortSignal;
  /** Events fetched per round trip during catch-up. */
  batchSize?: number;
  /**
   * Read on a connection of the subscription's own, not a shared pool's, so a live follower never
   * queues behind other work for a connection. One connection each: for a process's few
   * long-lived tails, not per client.
   */
  ownConnection?: boolean;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Catch-up from `fromPosition`, then live, in position order, until `signal` aborts. */
  subscribeAll(options?: SubscribeOptions): AsyncIterable<StoredEvent>;
  /** Position of the newest committed event (0 for an empty log). */
  headPosition(): Promise<number>;
  /**
   * Resolves once a position beyond `position` is known to be committed (by any writer), after
   * `timeoutMs`, or when `signal` aborts, whichever is first. It reads no events: followers that
   * read at their own pace (projections) sleep on it instead of each tailing the log.
   */
  waitBeyond(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  streamRevision(streamId: string): Promise<number>;
  /** Revisions of several streams in one round trip (0 for a stream that does not exist). */
  streamRevisions(streamIds: string[]): Promise<Map<string, number>>;
  /**
   * The recorded answer to an earlier command, if any. Command handlers look here before
   * deciding, because a retry must get the first answer even when the state has moved on
   * (e.g. "already registered" would be true after the first attempt succeeded).
   */
  findCommand(commandId: string): Promise<{ commandHash: string | null; result: AppendResult } | null>;
}

export const EVENT_STORE = Symbol('EventStore');
