import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { CommandResponseView } from '@accord/server';

/** The headers and answers every command endpoint shares, for OpenAPI. */
export function CommandEndpoint(status = 200): MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retries with the same key return the first result; the same key with another body is 422',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The stream revision you last saw, e.g. "3"; 409 if it moved on',
    }),
    ApiResponse({ status, type: CommandResponseView, description: 'Done: ids, stream revision and log position' }),
    ApiResponse({ status: 400, description: 'Invalid or unknown field, malformed JSON' }),
    ApiResponse({ status: 401, description: 'Missing, expired or wrongly signed token' }),
    ApiResponse({ status: 403, description: 'The caller may not do this' }),
    ApiResponse({ status: 404, description: 'No such aggregate' }),
    ApiResponse({ status: 409, description: 'Stale If-Match' }),
    ApiResponse({
      status: 422,
      description: 'A rule said no (stable `code`), or an Idempotency-Key reused with a different body',
    }),
    ApiResponse({ status: 429, description: 'Too many writes; see Retry-After' }),
  );
}
