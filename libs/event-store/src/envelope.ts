import { randomUUID } from 'node:crypto';
import { canonicalize, leafHashHex, NotCanonicalisableError } from '@accord/audit';
import { isInstant, isTraceparent, TEXT_FLAW_MESSAGE } from '@accord/platform';
import { EventTooLargeError, InvalidEventError, InvalidStreamIdError } from './event-store.errors';
import { AppendOptions, EventMetadata, HashedEnvelope, NewEvent, StoredEvent } from './event-store.port';

export const MAX_STREAM_ID_LENGTH = 200;
const STREAM_ID = /^[\x21-\x7e]+$/; // printable ASCII, no spaces: ids end up in URLs, topics and logs
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9._-]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An event validated and serialised before it waits for a position. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
}

export interface Placement {
  position: number;
  streamId: string;
  revision: number;
  recordedAt: string;
  prevStreamLeafHash: string | null;
}

export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidStreamIdError('it is empty');
  if (streamId.length > MAX_STREAM_ID_LENGTH)
    throw new InvalidStreamIdError(`it is ${streamId.length} characters; at most ${MAX_STREAM_ID_LENGTH} are allowed`);
  if (!STREAM_ID.test(streamId)) throw new InvalidStreamIdError('only printable ASCII without spaces is allowed');
}

/**
 * Checks everything that does not depend on the log's state, so a bad event is refused before it
 * can delay or abort a shared group commit.
 */
export function prepareEvents(
  events: NewEvent[],
  options: AppendOptions,
  maxEventBytes: number,
  traceparent?: string,
): PreparedEvent[] {
  if (!Array.isArray(events) || events.length === 0)
    throw new InvalidEventError('no-events', 'An append needs at least one event');
  const metadata: EventMetadata = {
    actor: options.metadata.actor,
    commandId: options.commandId ?? null,
    correlationId: options.metadata.correlationId ?? null,
    causationId: options.metadata.causationId ?? null,
    occurredAt: options.metadata.occurredAt ?? new Date().toISOString(),
  };
  // Absent rather than null without tracing: the log's bytes are then what they were before
  // telemetry existed.
  const tp = options.metadata.traceparent ?? traceparent;
  if (tp !== undefined) metadata.traceparent = tp;
  validateMetadata(metadata, options.metadata.occurredAt !== undefined);
  const metadataJson = toCanonical(metadata, 'metadata');
  return events.map((event, i) => {
    if (typeof event?.type !== 'string' || !EVENT_TYPE.test(event.type))
      throw new InvalidEventError('invalid-event-type', `Event ${i} has an invalid type`, { index: i });
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1)
      throw new InvalidEventError('invalid-schema-version', `Event ${i} has an invalid schemaVersion`, { index: i });
    const eventId = event.eventId ?? randomUUID();
    if (!UUID.test(eventId))
      throw new InvalidEventError('invalid-event-id', `Event ${i}'s eventId is not a lowercase UUID`, { index: i });
    const dataJson = toCanonical(event.data, `events[${i}].data`);
    // The envelope adds at most ~400 bytes of fixed fields; refusing on data+metadata keeps the
    // check exact enough without waiting for a position.
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson) + ENVELOPE_OVERHEAD_BYTES;
    if (bytes > maxEventBytes) throw new EventTooLargeError(event.type, bytes, maxEventBytes);
    return { eventId, type: event.type, schemaVersion, dataJson, metadataJson };
  });
}

const ENVELOPE_OVERHEAD_BYTES = 400;

// A \u0000 escape, not the text "\u0000" (whose backslash is itself escaped): an even run of
// backslashes before it.
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** `occurredAtGiven`: the caller's to check; one made here by toISOString is an instant already. */
function validateMetadata(metadata: EventMetadata, occurredAtGiven: boolean): void {
  const actor = metadata.actor;
  if (
    !actor ||
    typeof actor.personId !== 'string' ||
    !actor.personId ||
    typeof actor.orgId !== 'string' ||
    !Array.isArray(actor.roles)
  )
    throw new InvalidEventError('invalid-actor', 'Every event needs an actor with personId, orgId and roles');
  if (occurredAtGiven && !isInstant(metadata.occurredAt))
    throw new InvalidEventError(
      'invalid-occurred-at',
      'metadata.occurredAt must be an ISO-8601 instant with an offset (Z or ±hh:mm)',
    );
  if (metadata.traceparent !== undefined && !isTraceparent(metadata.traceparent))
    throw new InvalidEventError('invalid-traceparent', 'metadata.traceparent must be a W3C traceparent (version 00)');
}

/**
 * The canonical text of `value`, refused when PostgreSQL could not hold it: the log keeps the bytes
 * as bytea, but every follower reads them as jsonb, which has no U+0000 ("unsupported Unicode
 * escape sequence"), so one such event would stop every projection at its position for good.
 * Lone surrogates and nesting too deep to walk are refused by canonicalize.
 */
function toCanonical(value: unknown, where: string): string {
  try {
    const text = canonicalize(value);
    if (text.includes('\\u0000') && ESCAPED_NUL.test(text))
      throw new InvalidEventError('nul-character', `${where}: ${TEXT_FLAW_MESSAGE['nul-character']}`);
    return text;
  } catch (err) {
    if (err instanceof NotCanonicalisableError)
      throw new InvalidEventError('not-json-serialisable', `${where} is not JSON-serialisable: ${err.message}`, {
        path: err.path.replace('$', where),
      });
    throw err;
  }
}

/**
 * The RFC 8785 text of the envelope without leafHash; its UTF-8 bytes are what is hashed and
 * stored. Built by concatenation in sorted key order because data and metadata are already
 * canonical; `envelope.spec.ts` pins it to canonicalize().
 */
export function envelopeText(event: PreparedEvent, at: Placement): string {
  return (
    `{"data":${event.dataJson},"eventId":${JSON.stringify(event.eventId)},"metadata":${event.metadataJson}` +
    `,"position":${at.position},"prevStreamLeafHash":${at.prevStreamLeafHash === null ? 'null' : `"${at.prevStreamLeafHash}"`}` +
    `,"recordedAt":"${at.recordedAt}","revision":${at.revision},"schemaVersion":${event.schemaVersion}` +
    `,"streamId":${JSON.stringify(at.streamId)},"type":${JSON.stringify(event.type)}}`
  );
}

/** The canonical text (sent to the database as its UTF-8 bytes) and the leaf hash (hex) of those bytes. */
export function sealEvent(event: PreparedEvent, at: Placement): { canonical: string; leafHashHex: string } {
  const canonical = envelopeText(event, at);
  return { canonical, leafHashHex: leafHashHex(canonical) };
}

/**
 * The one parser of the stored envelope: the canonical bytes (or their UTF-8 text) are the record,
 * not a copy of it, so whoever reads an event gets it from them. With the leaf hash (hex) it is the
 * envelope as served; without, the envelope as hashed. Bytes that are not JSON (only a tampered row
 * holds such) throw a SyntaxError.
 */
export function parseStoredEvent(canonical: string | Buffer, leafHashHex: string): StoredEvent;
export function parseStoredEvent<D = unknown>(canonical: string | Buffer): HashedEnvelope<D>;
export function parseStoredEvent(canonical: string | Buffer, leafHashHex?: string): HashedEnvelope | StoredEvent {
  const envelope = JSON.parse(typeof canonical === 'string' ? canonical : canonical.toString('utf8')) as StoredEvent;
  if (leafHashHex !== undefined) envelope.leafHash = leafHashHex;
  return envelope;
}

const COMMAND_ID = /^[\x21-\x7e]{1,200}$/;

export function validateCommandId(commandId: string | undefined, commandHash: string | undefined): void {
  if (commandId !== undefined && (typeof commandId !== 'string' || !COMMAND_ID.test(commandId)))
    throw new InvalidEventError(
      'invalid-command-id',
      'A command id is 1 to 200 printable ASCII characters without spaces',
    );
  if (commandHash !== undefined && (typeof commandHash !== 'string' || !COMMAND_ID.test(commandHash)))
    throw new InvalidEventError(
      'invalid-command-hash',
      'A command hash is 1 to 200 printable ASCII characters without spaces',
    );
}
