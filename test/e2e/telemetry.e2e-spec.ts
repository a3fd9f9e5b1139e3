import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { leafHash } from '@accord/audit';
import { startTelemetry, Telemetry } from '@accord/telemetry';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { describeWithKafka } from '../support/kafka';
import { readTopic } from '../support/kafka-reader';
import { SMALL_LEDGER, seedSmallLedger } from '../support/small-ledger';

/**
 * OpenTelemetry through the real API and PostgreSQL, with the SDK's in-memory exporter: one vote's
 * trace, from the caller's traceparent to the projection batches that applied its event, and the
 * Prometheus endpoint's rule (only the holder of the metrics token).
 */
const METRICS_TOKEN = 'metrics-token-for-the-test';

const until = async <T>(find: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Votes on the small ledger's decision with a traceparent of a new trace; returns the trace id. */
async function voteInNewTrace(api: ApiHarness): Promise<{ traceId: string; callerSpanId: string }> {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const res = await api.request('POST', `/v1/decisions/${SMALL_LEDGER.decisionId}/votes`, {
    token: await api.token(SMALL_LEDGER.reid),
    body: { stance: 'agree', reason: 'Good value' },
    headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
  });
  expect(res.status).toBeLessThan(300);
  return { traceId, callerSpanId };
}

interface Traced {
  spans: InMemorySpanExporter;
  db: TestDatabase;
  api: ApiHarness;
}

/**
 * In the enclosing describe: telemetry on with the in-memory exporter, then the real API on its
 * own database with the small ledger, all ended after its tests.
 */
function tracedApi(env: Record<string, string> = {}): Traced {
  const traced = { spans: new InMemorySpanExporter() } as Traced;
  let telemetry: Telemetry | undefined;
  beforeAll(async () => {
    telemetry = startTelemetry(
      { serviceName: 'accord-test', traces: 'none', metrics: 'prometheus', metricsToken: METRICS_TOKEN },
      { spanExporter: traced.spans },
    );
    traced.db = await createTestDatabase(testEngines()[0]);
    traced.api = await startApi({ DATABASE_URL: traced.db.url, ...env });
    await seedSmallLedger(traced.api);
  });
  afterAll(async () => {
    await traced.api?.close();
    await traced.db?.drop();
    await telemetry?.shutdown();
  });
  return traced;
}

describe('OpenTelemetry', () => {
  const traced = tracedApi();

  it("puts one vote's request, append and the projection batches that read it in one trace", async () => {
    const { api, spans, db } = traced;
    const { traceId, callerSpanId } = await voteInNewTrace(api);

    const inTrace = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const named = (name: string | RegExp) =>
      inTrace().find((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
    const request = await until(() => named('POST /v1/decisions/:decisionId/votes'), 'the request span');
    expect(request.parentSpanContext?.spanId).toBe(callerSpanId);
    const command = named('accord.command decision.CastVote')!;
    expect(command.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(named('accord.decide')!.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
    const append = named('accord.append')!;
    expect(append.parentSpanContext?.spanId).toBe(command.spanContext().spanId);

    // The event names the append's span; its leaf hash still covers its bytes, metadata included.
    const { rows } = await db.pool.query<{ canonical: Buffer; leaf_hash: Buffer }>(
      `SELECT canonical, leaf_hash FROM events WHERE type = 'VoteCast' ORDER BY position DESC LIMIT 1`,
    );
    const stored = JSON.parse(rows[0].canonical.toString('utf8'));
    expect(stored.metadata.traceparent).toBe(`00-${traceId}-${append.spanContext().spanId}-01`);
    expect(leafHash(rows[0].canonical).equals(rows[0].leaf_hash)).toBe(true);

    // The group commit it joined: linked both ways.
    const commit = await until(
      () =>
        spans
          .getFinishedSpans()
          .find(
            (s) =>
              s.name === 'accord.group_commit' && s.links.some((l) => l.context.spanId === append.spanContext().spanId),
          ),
      'the group commit span',
    );
    expect(append.links.map((l) => l.context.spanId)).toContain(commit.spanContext().spanId);

    // Projections are followers in their own traces, linked to the append whose event they applied.
    const linkedToAppend = (s: ReadableSpan) => s.links.some((l) => l.context.spanId === append.spanContext().spanId);
    const batches = await until(
      () => {
        const found = spans.getFinishedSpans().filter((s) => s.name === 'accord.projection.batch' && linkedToAppend(s));
        return found.length > 0 ? found : undefined;
      },
      `a projection batch linked to the append ${append.spanContext().spanId}: ${JSON.stringify(
        spans
          .getFinishedSpans()
          .filter((s) => s.name === 'accord.projection.batch')
          .map((s) => [s.attributes, s.links.map((l) => l.context.spanId)]),
      )}`,
    );
    expect(batches[0].attributes['accord.position.from']).toBeLessThanOrEqual(stored.position);
    expect(batches[0].attributes['accord.position.to']).toBeGreaterThanOrEqual(stored.position);
  });

  it('serves /metrics in Prometheus text format only to the holder of the metrics token', async () => {
    const { api } = traced;
    expect((await api.request('GET', '/metrics')).body.code).toBe('metrics-token-required');
    const wrong = await api.request('GET', '/metrics', { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'metrics-token-required']);
    // A user's token is not the metrics token either.
    const user = await api.request('GET', '/metrics', { token: await api.token(SMALL_LEDGER.admin) });
    expect(user.status).toBe(401);

    const res = await api.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body as string;
    expect(text).toMatch(/^accord_commands_total\{.*type="decision\.CastVote".*outcome="ok".*\} [1-9]/m);
    expect(text).toMatch(/^accord_append_duration_count\{.*outcome="ok".*\} [1-9]/m);
    expect(text).toMatch(/^accord_group_commit_appends_bucket\{/m);
    expect(text).toMatch(/^accord_follower_lag\{.*follower="projection:[a-z-]+".*\} \d+/m);
  });
});

describeWithKafka('OpenTelemetry through the Kafka relay', (brokers) => {
  const prefix = `accord-otel-${randomBytes(4).toString('hex')}.`;
  const traced = tracedApi({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix });

  it("passes the vote's traceparent on in its Kafka message's header, and links the relay batch to the append", async () => {
    const { api, spans } = traced;
    const { traceId } = await voteInNewTrace(api);
    const append = await until(
      () => spans.getFinishedSpans().find((s) => s.name === 'accord.append' && s.spanContext().traceId === traceId),
      'the append span',
    );
    const messages = await readTopic(brokers, `${prefix}firehose`, (read) =>
      read.some((m) => m.headers.type === 'VoteCast'),
    );
    const vote = messages.find((m) => m.headers.type === 'VoteCast')!;
    expect(vote.headers.traceparent).toBe(`00-${traceId}-${append.spanContext().spanId}-01`);
    await until(
      () =>
        spans
          .getFinishedSpans()
          .find(
            (s) =>
              s.name === 'accord.relay.batch' && s.links.some((l) => l.context.spanId === append.spanContext().spanId),
          ),
      'a relay batch linked to the append',
    );
  });
});
