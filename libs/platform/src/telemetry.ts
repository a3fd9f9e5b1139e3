import {
  Attributes,
  Context,
  Counter,
  Histogram,
  Link,
  metrics,
  ObservableGauge,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  Tracer,
} from '@opentelemetry/api';

/**
 * What every library records, through the OpenTelemetry API only: without an SDK registered
 * (telemetry off, the default) each call is a no-op. The SDK is set up in libs/telemetry.
 */
export function tracer(): Tracer {
  // Looked up each time, not kept: a tracer taken from one SDK keeps recording into it after
  // another replaced it (the overhead bench turns telemetry on and off in one process).
  return trace.getTracer('accord');
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** Links one follower's batch span may carry: a batch of thousands of events links to the first ones. */
export const MAX_LINKS = 128;

/** The W3C traceparent of a span that is being recorded; undefined otherwise. */
export function traceparentOf(span: Span): string | undefined {
  if (!span.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

/** Links to the spans named by `traceparents` (malformed ones skipped, repeats once, at most MAX_LINKS). */
export function linksTo(traceparents: Iterable<string | undefined>): Link[] {
  const links = new Map<string, Link>();
  for (const tp of traceparents) {
    if (links.size >= MAX_LINKS) break;
    const m = tp === undefined ? null : TRACEPARENT.exec(tp);
    if (!m || links.has(tp!)) continue;
    links.set(tp!, {
      context: { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16) & TraceFlags.SAMPLED, isRemote: true },
    });
  }
  return [...links.values()];
}

/**
 * What a span is a child of. Passed by hand (the request's into the command, the command's into
 * decide and append), not through a context manager: Node 20's AsyncLocalStorage turns on promise
 * hooks for every promise in the process, which cost more CPU per command than the spans themselves.
 */
export type TraceContext = Context;

/** The context whose spans are children of `span`. */
export function contextOf(span: Span): TraceContext {
  return trace.setSpan(ROOT_CONTEXT, span);
}

/** Runs `work` in a new span, child of `parent`, ending it with the outcome (an error is recorded and rethrown). */
export async function inSpan<T>(
  name: string,
  options: { attributes?: Attributes; links?: Link[]; kind?: SpanKind; parent?: TraceContext },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, options, options.parent ?? ROOT_CONTEXT);
  try {
    return await work(span);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** inSpan for synchronous work (the domain's decide). */
export function inSyncSpan<T>(name: string, parent: TraceContext | undefined, work: () => T): T {
  const span = tracer().startSpan(name, undefined, parent ?? ROOT_CONTEXT);
  try {
    return work();
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

function failed(span: Span, err: unknown): void {
  span.recordException(err as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string') span.setAttribute('accord.error.code', code);
}

/** The instruments, made once per meter provider: the API's meters are not proxies, so ones made before the SDK started would stay no-ops. */
export interface Instruments {
  commands: Counter;
  appendDuration: Histogram;
  groupCommitAppends: Histogram;
  groupCommitEvents: Histogram;
  /** Positions behind the log's head, per follower (projection or relay), observed at each batch. */
  followerLag: ObservableGauge;
  checkpointAge: ObservableGauge;
}

const made = new WeakMap<object, Instruments>();

export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = made.get(provider);
  if (!found) {
    const meter = provider.getMeter('accord');
    found = {
      commands: meter.createCounter('accord.commands', { description: 'Commands handled, by type and outcome' }),
      appendDuration: meter.createHistogram('accord.append.duration', {
        description: 'Time from an append being submitted to its group commit answering it',
        unit: 's',
        advice: { explicitBucketBoundaries: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] },
      }),
      groupCommitAppends: meter.createHistogram('accord.group_commit.appends', {
        description: 'Appends sharing one group commit',
        advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048] },
      }),
      groupCommitEvents: meter.createHistogram('accord.group_commit.events', {
        description: 'Events written by one group commit',
        advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048] },
      }),
      followerLag: meter.createObservableGauge('accord.follower.lag', {
        description: 'Positions a follower (projection, relay, sealer) is behind the newest log head this process saw',
      }),
      checkpointAge: meter.createObservableGauge('accord.audit.checkpoint.age', {
        description: 'Seconds since the newest signed checkpoint this process knows of',
        unit: 's',
      }),
    };
    found.followerLag.addCallback((result) => {
      for (const [follower, position] of followers) result.observe(Math.max(0, logHead - position), { follower });
    });
    found.checkpointAge.addCallback((result) => {
      if (checkpointSignedAt !== undefined) result.observe((Date.now() - checkpointSignedAt) / 1000);
    });
    made.set(provider, found);
  }
  return found;
}

const followers = new Map<string, number>();
let logHead = 0;
let checkpointSignedAt: number | undefined;

/** Notes the newest log position this process has seen (an append's, or a head read). */
export function noteLogHead(position: number): void {
  if (position > logHead) logHead = position;
}

/** Notes the position `follower` has reached; its lag behind the head is computed when metrics are collected. */
export function noteFollowerPosition(follower: string, position: number): void {
  followers.set(follower, position);
}

/** Notes when the newest checkpoint was signed (ms since the epoch); its age is computed when metrics are collected. */
export function noteCheckpointSigned(atMs: number): void {
  if (checkpointSignedAt === undefined || atMs > checkpointSignedAt) checkpointSignedAt = atMs;
}
