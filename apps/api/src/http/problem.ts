import { HttpException } from '@nestjs/common';
import { toStorageError } from '@accord/event-store';
import { AppError, HTTP_STATUS_OF_KIND } from '@accord/platform';

/** RFC 9457 problem details, with Accord's stable `code` beside the standard members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLE: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Rule violated',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

// Nest turns Fastify's own request errors (body parsing, limits) and unknown routes into
// HttpExceptions that keep only status and message; give them stable codes.
function httpExceptionCode(status: number, message: string): string {
  if (status === 400 && /JSON/i.test(message)) return 'malformed-json';
  const byStatus: Record<number, string> = {
    404: 'route-not-found',
    405: 'method-not-allowed',
    413: 'body-too-large',
    415: 'unsupported-media-type',
  };
  return byStatus[status] ?? `http-${status}`;
}

/** The problem's `instance`: the request's path, never its query (a token sent there must not come back). */
export function problemInstance(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the server, not the caller, is at fault: worth an error log. */
  serverFault: boolean;
}

export function toProblem(thrown: unknown, instance?: string): ProblemResponse {
  // A query's own database error (a read model read on the pool) gets the same stable codes as
  // the store's: storage-unavailable, storage-full.
  const err = toStorageError(thrown);
  if (err instanceof AppError) {
    const status = HTTP_STATUS_OF_KIND[err.kind];
    const headers: Record<string, string> = {};
    const retry = err.details.retryAfterSeconds;
    if (typeof retry === 'number') headers['retry-after'] = String(retry);
    if (status === 401) headers['www-authenticate'] = 'Bearer';
    return { problem: problem(status, err.code, err.message, instance, err.details), headers, serverFault: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    return {
      problem: problem(status, httpExceptionCode(status, err.message), err.message, instance),
      headers: {},
      serverFault: status >= 500,
    };
  }
  return {
    problem: problem(500, 'internal-error', 'Something went wrong on our side; it has been logged', instance),
    headers: {},
    serverFault: true,
  };
}

function problem(
  status: number,
  code: string,
  detail: string,
  instance?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    ...extensions,
    type: `urn:accord:problem:${code}`,
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
  };
}
