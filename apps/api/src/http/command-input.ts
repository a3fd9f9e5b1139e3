import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Principal, principalFromContext } from '@accord/access';
import { canonicalize, NotCanonicalisableError } from '@accord/audit';
import { BadInputError } from '@accord/platform';
import { CommandContext, CommandResponse } from '@accord/server';
import { COMMAND_LOCATION } from './command-endpoint';

const KEY = /^[\x21-\x7e]{1,100}$/;

/** One call of a command endpoint (@CommandEndpoint): what the ledger needs to know, and how to answer. */
export class CommandCall {
  constructor(
    /** The verified caller, the instant, and what the headers ask (Idempotency-Key, If-Match, X-Correlation-Id). */
    readonly context: CommandContext,
    private readonly reply: FastifyReply,
    private readonly location: string | undefined,
    /** Method, route and headers, for the request's span (its parent: the caller's traceparent). */
    readonly request: Pick<FastifyRequest, 'method' | 'headers'> & { route: string },
  ) {}

  /**
   * Every command's HTTP answer: the ledger's answer as the body, its stream revision as ETag,
   * Idempotent-Replayed on a retried Idempotency-Key, Location for what it created (the status is
   * @CommandEndpoint's).
   */
  answer(result: CommandResponse): CommandResponse {
    void this.reply.header('etag', `"${result.revision}"`);
    if (result.replayed) void this.reply.header('idempotent-replayed', 'true');
    if (this.location)
      void this.reply.header(
        'location',
        this.location.replace(/\{(\w+)\}/g, (_, id: string) => result.ids[id]),
      );
    return result;
  }
}

/**
 * Handler parameter of a command endpoint: its CommandCall. Documents the request headers it
 * reads in OpenAPI on the endpoint it is used on.
 */
export const CommandInput = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandCall => {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    return new CommandCall(
      commandContext(request, principalFromContext(context)),
      http.getResponse<FastifyReply>(),
      Reflect.getMetadata(COMMAND_LOCATION, context.getHandler()) as string | undefined,
      { method: request.method, headers: request.headers, route: request.routeOptions.url ?? request.url },
    );
  },
  [
    documented({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retries with the same key return the first result; the same key with another body is 422',
    }),
    documented({
      name: 'If-Match',
      required: false,
      description: 'The stream revision you last saw, e.g. "3"; 409 if it moved on',
    }),
    documented({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded with the events (1 to 100 printable characters); a new one when absent or invalid',
    }),
  ],
);

function commandContext(request: FastifyRequest, actor: Principal): CommandContext {
  const key = single(request.headers['idempotency-key'], 'Idempotency-Key');
  if (key !== undefined && !KEY.test(key))
    throw new BadInputError(
      'invalid-idempotency-key',
      'Idempotency-Key must be 1 to 100 printable ASCII characters without spaces',
    );
  const ifMatch = single(request.headers['if-match'], 'If-Match');
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim());
    if (!m) throw new BadInputError('invalid-if-match', 'If-Match must carry a stream revision, e.g. "3"');
    expectedRevision = Number(m[1]);
  }
  const correlation = single(request.headers['x-correlation-id'], 'X-Correlation-Id');
  return {
    actor,
    commandId: key === undefined ? undefined : `${actor.orgId}/${actor.personId}:${key}`,
    commandHash: key === undefined ? undefined : fingerprint(request),
    expectedRevision,
    correlationId: correlation && KEY.test(correlation) ? correlation : randomUUID(),
    now: new Date().toISOString(),
  };
}

/**
 * What an Idempotency-Key is bound to: route, parameters and the body's canonical form. Bodies come
 * through acceptJsonBodiesOnly, so they are shallow and hold only storable text; anything that
 * still cannot be canonicalised is the caller's, a 400 like the same body without a key.
 */
function fingerprint(request: FastifyRequest): string {
  let body: string;
  try {
    body = canonicalize(request.body ?? null);
  } catch (err) {
    if (err instanceof NotCanonicalisableError)
      throw new BadInputError('not-json-serialisable', `The body cannot be recorded: ${err.message}`);
    throw err;
  }
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.params)}\n${body}`)
    .digest('hex');
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new BadInputError('duplicate-header', `Send ${name} once`);
  return value;
}

/** A parameter enhancer that documents a request header on the parameter's method. */
function documented(header: Parameters<typeof ApiHeader>[0]): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) return;
    ApiHeader(header)(target, key, Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor);
  };
}
