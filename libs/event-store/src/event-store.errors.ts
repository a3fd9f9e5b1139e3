import { AppError, BadInputError, UnavailableError } from '@accord/platform';
import { ExpectedRevision } from './event-store.port';

export class WrongExpectedRevisionError extends AppError {
  constructor(
    streamId: string,
    expected: ExpectedRevision,
    actual: number,
    lastEvent?: { expectedLastEventId: string; actualLastEventId: string | null },
  ) {
    super(
      'conflict',
      'wrong-expected-revision',
      lastEvent
        ? `Stream ${streamId} does not end with event ${lastEvent.expectedLastEventId}`
        : `Stream ${streamId} is at revision ${actual}, not ${expected}`,
      { streamId, expectedRevision: expected, actualRevision: actual, ...lastEvent },
    );
  }
}

export class InvalidStreamIdError extends BadInputError {
  constructor(reason: string) {
    super('invalid-stream-id', `Invalid stream id: ${reason}`);
  }
}

export class EventTooLargeError extends AppError {
  constructor(type: string, bytes: number, limit: number) {
    super('payload-too-large', 'event-too-large', `Event ${type} is ${bytes} bytes; the limit is ${limit}`, {
      bytes,
      limit,
    });
  }
}

export class InvalidEventError extends BadInputError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** The same command id came back with a different request: answering with the first result would lie. */
export class CommandIdReusedError extends AppError {
  constructor(commandId: string) {
    super(
      'rule-violated',
      'idempotency-key-reused',
      `Command id ${commandId} was already used for a different request`,
    );
  }
}

export class StorageUnavailableError extends UnavailableError {
  constructor(
    cause: unknown,
    code = 'storage-unavailable',
    message = 'The event store is unavailable; retry shortly',
    retryAfterSeconds = 2,
  ) {
    super(code, message, { retryAfterSeconds });
    this.cause = cause;
  }
}

/**
 * The database's disk is full (SQLSTATE 53100): nothing can be recorded until space is freed, and
 * then writes go through again without a restart. What is already stored stays readable.
 */
export class StorageFullError extends StorageUnavailableError {
  constructor(cause: unknown) {
    super(
      cause,
      'storage-full',
      'The database has run out of disk space: nothing can be recorded until space is freed; reads still work',
      10,
    );
  }
}

/**
 * A stored row whose columns say something its hashed bytes do not (a column changed by hand in
 * the database): serving it would show what the signed log does not say, so the read stops.
 */
export class AuditLogMismatchError extends AppError {
  constructor(position: number | null, column: string, detail: string) {
    super(
      'unavailable',
      'audit-log-mismatch',
      position === null ? `The log: ${detail}` : `The event at position ${position}: ${detail}`,
      { position, column },
    );
  }
}
