/**
 * Every error a caller can cause or observe is an AppError with a stable `code`.
 * The `kind` says which HTTP status it becomes (HTTP_STATUS_OF_KIND); only the edges that answer
 * HTTP (apps/api's problem filter, the witness's server) turn it into one, so the logic that
 * throws stays free of HTTP.
 */
export type ErrorKind =
  | 'bad-input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409: optimistic concurrency
  | 'payload-too-large' // 413
  | 'unsupported-media-type' // 415
  | 'rule-violated' // 422: a domain invariant
  | 'rate-limited' // 429
  | 'unavailable'; // 503: storage or a dependency is down, try again

/** The HTTP status of each kind, for the edges that answer HTTP (the API's problem filter, the witness). */
export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  'bad-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rule-violated': 422,
  'rate-limited': 429,
  unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Extra, safe-to-show fields for the problem body (e.g. `expectedRevision`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadInputError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('bad-input', code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('not-found', code, message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('forbidden', code, message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('unauthenticated', code, message, details);
  }
}

/** A domain invariant said no (DESIGN §1): HTTP 422. */
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('rule-violated', code, message, details);
  }
}

export class UnavailableError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('unavailable', code, message, details);
  }
}
