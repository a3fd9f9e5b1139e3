import { createHash, randomUUID } from 'node:crypto';
import { FastifyRequest } from 'fastify';
import { Principal } from '@accord/access';
import { canonicalize } from '@accord/audit';
import { BadInputError } from '@accord/platform';

/** What the HTTP edge knows about a command beyond its body: who, retries, concurrency, tracing. */
export interface CommandContext {
  actor: Principal;
  /** Scoped to the caller (organisation and person), so two people's Idempotency-Keys never collide. */
  commandId?: string;
  /** Fingerprint of method, route and body: the same key with another request is refused. */
  commandHash?: string;
  /** From If-Match: the revision the caller last saw. */
  expectedRevision?: number;
  correlationId: string;
  /** The event that caused this command, when the system issues it (e.g. the closing-time scheduler). */
  causationId?: string;
  now: string;
}

const KEY = /^[\x21-\x7e]{1,100}$/;

export function commandContext(request: FastifyRequest, actor: Principal): CommandContext {
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
    commandHash:
      key === undefined
        ? undefined
        : createHash('sha256')
            .update(
              `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.params)}\n${canonicalize(request.body ?? null)}`,
            )
            .digest('hex'),
    expectedRevision,
    correlationId: correlation && KEY.test(correlation) ? correlation : randomUUID(),
    now: new Date().toISOString(),
  };
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (Array.isArray(value)) throw new BadInputError('duplicate-header', `Send ${name} once`);
  return value;
}
