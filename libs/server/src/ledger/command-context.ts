import { Principal } from '@accord/access';
import { TraceContext } from '@accord/platform';

/** What the HTTP edge knows about a command beyond its body: who, when, retries, concurrency, tracing. */
export interface CommandContext {
  actor: Principal;
  /** Scoped to the caller (organisation and person), so two people's Idempotency-Keys never collide. */
  commandId?: string;
  /** Fingerprint of method, route and body: the same key with another request is refused. */
  commandHash?: string;
  /** From If-Match: the revision the caller last saw. */
  expectedRevision?: number;
  correlationId: string;
  now: string;
  /** The request's span, which the command's span is a child of. */
  trace?: TraceContext;
}
