import { applyDecorators, HttpCode, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { CommandResponseView } from './command-response.view';

/** Handler metadata: the endpoint's Location template, read by @CommandInput for CommandCall.answer. */
export const COMMAND_LOCATION = 'accord:command-location';

export interface CommandEndpointOptions {
  /** 201 when the command creates something (an aggregate, a member, a vote…), else 200. */
  status?: 200 | 201;
  /** What it does, and who may call it ("Who: …"). */
  summary: string;
  /** The created aggregate's path, its ids in braces from the answer's `ids`: '/v1/decisions/{decisionId}'. */
  location?: string;
}

/**
 * A command endpoint: its status and Location template, and in OpenAPI its answer (the ledger's
 * answer as body, ETag, Idempotent-Replayed, Location) with the refusals every command may meet.
 * The handler takes a @CommandInput() CommandCall and returns what CommandCall.answer made of the
 * ledger's answer; @CommandInput documents the request headers it reads.
 */
export function CommandEndpoint({ status = 200, summary, location }: CommandEndpointOptions): MethodDecorator {
  return applyDecorators(
    HttpCode(status),
    SetMetadata(COMMAND_LOCATION, location),
    ApiOperation({ summary }),
    ApiBearerAuth(),
    ApiResponse({
      status,
      type: CommandResponseView,
      description: 'Done: ids, stream revision and log position',
      headers: {
        ETag: { description: 'The stream revision after the command, e.g. "7"', schema: { type: 'string' } },
        'Idempotent-Replayed': {
          description: '"true" when this answers a retried Idempotency-Key',
          schema: { type: 'string' },
        },
        ...(location && { Location: { description: location, schema: { type: 'string' } } }),
      },
    }),
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
