/**
 * `npm run bench:feeds`: change-feed latency and relay throughput on this machine.
 *
 * 1. Live: the real API (createApp, as `npm start` builds it, relay in-process) on a throwaway
 *    database of DATABASE_URL's server (else 127.0.0.1:5432) with Kafka at KAFKA_BROKERS (else
 *    127.0.0.1:9092). A separate writer (its own pool, as another API instance would be) appends
 *    --rate events/s for --seconds; one SSE subscriber (a party member, over HTTP) and one Kafka
 *    consumer on the firehose record when each event arrives. Latency = arrival - the moment the
 *    writer's append resolved (commit), on one clock (one process). Beside them a bare pg client
 *    LISTENs on the store's own commit notification: the database's own latency on the same load,
 *    which bounds the SSE subscriber's (commit → SSE p99 is judged against commit → LISTEN p99).
 * 2. Catch-up: with the API stopped, --backlog events are appended, then a fresh relay (own
 *    checkpoint and topics) is timed from start until the broker has acknowledged all of them,
 *    beside Kafka's own ProducerPerformance tool writing as many records of the relay's mean size
 *    to the same broker; --rounds rounds, interleaved, judged by the ratio of the two.
 * 3. Webhooks (issue 20): an endpoint of the SSE subscriber's organisation, registered through the
 *    API, delivers to a receiver in a process of its own during the live phase (commit → webhook p99 is
 *    judged against commit → SSE p99); then the SSE feed and the webhook deliverer each catch up
 *    on the first --webhook-backlog events of the backlog, rounds interleaved, judged by their ratio;
 *    and again on --webhook-backlog events of two partnerships (interleaved 50 at a time), which
 *    a second endpoint follows both of: a partnership's events go one receiver round trip at a
 *    time, different partnerships side by side.
 * Options: --rate 1000 --seconds 10 --backlog 50000 --rounds 3 --webhook-backlog 5000 --background 1 --notice-key 1
 * --sse-only 0. With --sse-only 1 only the SSE subscriber and the bare LISTEN client are measured
 * (no Kafka, no webhooks, no catch-up), to work on the SSE ratio alone. With --observers apart the
 * SSE subscriber and the bare LISTEN client run together in a process of their own (arrivals on the
 * wall clock), so the subscriber does not wait for turns of the loop running the API and the writer;
 * the default, here, keeps them in this process. With --background 0 the API
 * runs no background jobs (BACKGROUND_JOBS=off, as when apps/worker runs them) and the relay runs
 * beside it in this process, so the API's event loop serves only HTTP and SSE. The API and the
 * writer share an ACCORD_NOTICE_KEY, as a deployment of several processes would; with
 * --notice-key 0 they have none, and the API reads back every commit it is told of.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Admin, Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { loadOrCreateLocalSigningKey, mintToken } from '@accord/access';
import { MAX_EVENTS_PER_DELIVERY, partnershipStreamId } from '@accord/domain';
import { createPool, PostgresEventStore } from '@accord/event-store';
import { connectPlatformaticKafka, firehoseTopic, KafkaRelay, RelayCheckpoint, relayMessage } from '@accord/feeds';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig, WebhookKeys } from '@accord/server';
import { Observed, ObserversProcess, ObserverSetup, startObservers } from './feed-observers-process';
import {
  argNumber,
  argValue,
  Figure,
  percentile,
  printTable,
  ratioFigure,
  readConditions,
  writeResults,
} from './bench-kit';
import { benchServerUrl } from './bench-database';
import { runProducerPerformance } from './producer-performance';
import {
  Endpoint,
  Organisation,
  registerEndpoint,
  registerOrganisation,
  sseCatchUp,
  webhookCatchUp,
} from './feeds-webhooks';
import { ReceiverProcess } from './webhook-receiver-process';

const actor = { personId: 'bench.writer', orgId: 'council', roles: ['member'] };
const meta = { actor, correlationId: null, causationId: null };
const PARTNERSHIP = 'bench-homes';
/** The second partnership of the two-partnership webhook catch-up. */
const SECOND_PARTNERSHIP = 'bench-flats';
/** Each backlog event goes to the firehose and to both parties' topics. */
const RECORDS_PER_EVENT = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const spread = (values: number[], digits = 0) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/**
 * The relay's catch-up beside Kafka's own producer, both in records/s from the same rounds, judged
 * by the ratio of their medians (with the per-round ratios' range), and the relay's catch-up in events/s.
 */
function catchUpFigures(relay: number[], java: number[], events: number, recordSize: number): Figure[] {
  const ratios = relay.map((v, round) => v / java[round]);
  const eventRates = relay.map((v) => v / RECORDS_PER_EVENT);
  const of = `median of ${relay.length}`;
  return [
    {
      name: `Kafka ProducerPerformance, ${(events * RECORDS_PER_EVENT).toLocaleString('en-GB')} records of ${recordSize} B (${of}, ${spread(java)})`,
      value: median(java),
      unit: 'records/s',
    },
    { name: `relay catch-up, the same records (${of}, ${spread(relay)})`, value: median(relay), unit: 'records/s' },
    ratioFigure(
      `relay / ProducerPerformance, medians of ${relay.length} rounds (per-round ratios ${spread(ratios, 2)})`,
      { name: 'relay, median', value: median(relay), unit: 'records/s' },
      { name: 'ProducerPerformance, median', value: median(java), unit: 'records/s' },
      '≥',
      0.5,
    ),
    {
      name: `relay catch-up of a ${events.toLocaleString('en-GB')}-event backlog (firehose + party topics; ${of}, ${spread(eventRates)})`,
      value: median(eventRates),
      unit: 'events/s',
    },
  ];
}

async function main(): Promise<void> {
  const rate = argNumber('rate', 1000);
  const seconds = argNumber('seconds', 10);
  const backlog = argNumber('backlog', 50_000);
  const rounds = argNumber('rounds', 3);
  const webhookBacklog = argNumber('webhook-backlog', 5000);
  const background = process.argv.includes('--background')
    ? process.argv[process.argv.indexOf('--background') + 1] !== '0'
    : true;
  const noticeKey = argNumber('notice-key', 1, { allowZero: true }) !== 0 ? randomBytes(32) : undefined;
  const sseOnly = argNumber('sse-only', 0, { allowZero: true }) !== 0;
  const observersApart = argValue('observers') === 'apart';
  const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  const loadBefore = os.loadavg()[0];
  const prefix = `accord-bench-${Date.now()}.`;
  const kafkaVersion =
    'Apache Kafka 3.9.2 single-node KRaft (infra/kafka); relay on @platformatic/kafka 2.12.1 (idempotent producer, acks=all); the same client as the consumer';
  console.log(
    `feeds benchmark: ${rate} events/s for ${seconds} s, backlog ${backlog.toLocaleString('en-GB')}; PostgreSQL ${conditions.postgres.server_version} (synchronous_commit=${conditions.postgres.synchronous_commit}, fsync=${conditions.postgres.fsync}), Kafka at ${brokers} (${kafkaVersion}), ${conditions.cpus} CPUs, Node ${conditions.node}`,
  );

  const dbName = `accord_bench_feeds_${Date.now()}`;
  const admin = createPool({ connectionString: serverUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-feeds-'));
  const writerPool = createPool({ connectionString: dbUrl, max: 8, applicationName: 'accord-bench-writer' });
  const kafkaSettings = { brokers: brokers.split(','), clientId: 'accord-bench', topicPrefix: prefix, ssl: false };
  // Topics the bench makes and drops itself (the firehose it listens to, ProducerPerformance's).
  const topics = sseOnly ? undefined : await connectPlatformaticKafka(kafkaSettings);
  const kafkaAdmin = sseOnly
    ? undefined
    : new Admin({ clientId: 'accord-bench', bootstrapBrokers: kafkaSettings.brokers });
  try {
    // --- 1. live latency -------------------------------------------------------------------
    const config = loadConfig({
      DATABASE_URL: dbUrl,
      ACCORD_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: sseOnly ? undefined : brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      BACKGROUND_JOBS: background ? 'in-process' : 'off',
      WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
      ACCORD_NOTICE_KEY: noticeKey?.toString('base64'),
    });
    const app = await createApp(config);
    const sideRelayStop = new AbortController();
    const sideStore = new PostgresEventStore(writerPool, { noticeKey });
    const sideRelay =
      background || sseOnly
        ? undefined
        : new KafkaRelay({ store: sideStore, pool: writerPool, settings: config.kafka! }).run(sideRelayStop.signal);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const writer = new PostgresEventStore(writerPool, { noticeKey });
    for (const partnershipId of [PARTNERSHIP, SECOND_PARTNERSHIP])
      await writer.append(
        partnershipStreamId(partnershipId),
        [
          {
            type: 'PartnershipProposed',
            data: {
              partnershipId,
              title: 'Bench',
              purpose: 'Bench',
              parties: ['council', 'association'],
              proposedBy: { personId: actor.personId, orgId: 'council' },
            },
          },
        ],
        { expectedRevision: 'no-stream', metadata: meta },
      );

    const key = await loadOrCreateLocalSigningKey(dataDir);
    const token = await mintToken(
      {
        personId: 'bench.reader',
        orgId: 'association',
        roles: ['member'],
        expiresIn: '1h',
        issuer: config.auth.issuer,
        audience: config.auth.audience,
      },
      key,
    );
    // The webhook deliverer is one of the API's background jobs: without them there is none.
    const receiver = sseOnly ? undefined : await ReceiverProcess.start();
    const organisation =
      background && receiver
        ? await registerOrganisation(baseUrl, { key, config }, 'association', ['bench.reader'])
        : undefined;
    const endpoint =
      organisation && receiver
        ? await registerEndpoint(baseUrl, organisation, [PARTNERSHIP], receiver, MAX_EVENTS_PER_DELIVERY)
        : undefined;
    const committedAt = new Map<number, number>();
    const kafkaAt = new Map<number, number>();
    const observerSetup = {
      feedUrl: `${baseUrl}/v1/feed?from=now&partnershipId=${PARTNERSHIP}`,
      token,
      databaseUrl: dbUrl,
    };
    const observers = observersApart ? await ObserversProcess.start(observerSetup) : await observersHere(observerSetup);

    const firehose = topics ? await followFirehose(topics, brokers, prefix, kafkaAt) : undefined;
    await new Promise((r) => setTimeout(r, 1000)); // let the relay publish the proposal and settle

    const total = rate * seconds;
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const appends: Promise<void>[] = [];
    // Every hop of the SSE path after the NOTIFY waits for a turn of this one process's event loop.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const started = performance.now();
    let sent = 0;
    // Paced by the clock, not by the timer's drift: each tick sends what is due by now.
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + perTick);
      for (; sent < due; sent++) {
        const n = sent;
        appends.push(
          writer
            .append(
              `decision-bench-${n}`,
              [
                {
                  type: 'VoteCast',
                  data: {
                    decisionId: `bench-${n}`,
                    partnershipId: PARTNERSHIP,
                    personId: 'p',
                    stance: 'agree',
                    reason: 'Supports the housing objective',
                  },
                },
              ],
              { expectedRevision: 'no-stream', metadata: meta },
            )
            .then((r) => {
              committedAt.set(r.lastPosition, performance.now());
            }),
        );
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
    await Promise.all(appends);
    const appendSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 30_000;
    const webhookAt = new Map<number, number>();
    const webhooksDone = async () => {
      for (const r of (await receiver?.collect()) ?? [])
        for (const p of r.positions) if (!webhookAt.has(p)) webhookAt.set(p, r.at);
      return !endpoint || [...committedAt.keys()].every((p) => webhookAt.has(p));
    };
    while (
      ((await observers.sseCount()) < total ||
        (firehose && [...committedAt.keys()].some((p) => !kafkaAt.has(p))) ||
        !(await webhooksDone())) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 100));
    loopDelay.disable();
    const { sseAt, heard } = await observers.finish();
    await firehose?.close();
    sideRelayStop.abort();
    await sideRelay;
    await sideStore.close();
    await app.close();

    const latencies = (arrivals: Map<number, number>) => {
      const values = [...committedAt].map(([p, at]) =>
        arrivals.has(p) ? Math.max(0, arrivals.get(p)! - at) : Number.POSITIVE_INFINITY,
      );
      return values.sort((a, b) => a - b);
    };
    // One writer commits at a time (group commit), so notifications come in position order.
    const listenAt = new Map<number, number>();
    let h = 0;
    for (const p of [...committedAt.keys()].sort((a, b) => a - b)) {
      while (h < heard.length && heard[h].upTo < p) h++;
      if (h < heard.length) listenAt.set(p, heard[h].at);
    }
    const listenLat = latencies(listenAt);
    const sseLat = latencies(sseAt);
    const kafkaLat = latencies(kafkaAt);
    const sseMissing = sseLat.filter((v) => !Number.isFinite(v)).length;
    const kafkaMissing = kafkaLat.filter((v) => !Number.isFinite(v)).length;
    const webhookLat = endpoint ? latencies(webhookAt) : [];
    const webhookMissing = webhookLat.filter((v) => !Number.isFinite(v)).length;
    const liveSse: Figure[] = [
      { name: `appended while measuring (target rate ${rate}/s)`, value: total / appendSeconds, unit: 'events/s' },
      { name: 'commit → LISTEN (bare pg client) p50', value: percentile(listenLat, 50), unit: 'ms' },
      { name: 'commit → SSE subscriber p50', value: percentile(sseLat, 50), unit: 'ms' },
      ratioFigure(
        'commit → SSE subscriber p99 / commit → LISTEN p99, same load',
        { name: 'SSE p99', value: percentile(sseLat, 99), unit: 'ms' },
        { name: 'LISTEN p99', value: percentile(listenLat, 99), unit: 'ms' },
        '≤',
        2,
      ),
      { name: 'commit → SSE subscriber max', value: sseLat[sseLat.length - 1], unit: 'ms' },
      {
        name: "this process's event loop delay p99 meanwhile (a turn each SSE hop after the NOTIFY may wait for)",
        value: loopDelay.percentile(99) / 1e6,
        unit: 'ms',
      },
    ];
    if (sseOnly) {
      liveSse.push({
        name: 'events missing on SSE',
        value: sseMissing,
        unit: 'events',
        target: '0',
        met: sseMissing === 0,
      });
      const table = printTable('change feeds, SSE beside LISTEN only', liveSse);
      const note = `- machine load (1-min load average, ${conditions.cpus} CPUs): ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end; --sse-only: no Kafka, webhooks or catch-up`;
      console.log(`${table}\n\n${note}`);
      console.log(
        `figures written to ${writeResults('feeds-sse', conditions, liveSse, `${note}\n\n${table}`)}/feeds-sse.{md,json}`,
      );
      await writer.close();
      if (sseMissing > 0) process.exitCode = 1;
      return;
    }

    // --- 2. relay catch-up, beside Kafka's own producer ---------------------------------------
    const headBefore = await writer.headPosition();
    const batch = 200;
    for (let s = 0; s < backlog / batch; s++) {
      await writer.append(
        `decision-backlog-${s}`,
        Array.from({ length: batch }, (_, i) => ({
          type: 'VoteCast',
          data: {
            decisionId: `backlog-${s}`,
            partnershipId: PARTNERSHIP,
            personId: `p${i}`,
            stance: 'agree',
            reason: 'Supports the housing objective',
          },
        })),
        { expectedRevision: 'no-stream', metadata: meta },
      );
    }
    const head = await writer.headPosition();
    const from = (await new RelayCheckpoint(writerPool, 'kafka').read()).position;
    const events = head - from;
    const records = events * RECORDS_PER_EVENT;
    // The backlog's events are all alike: their first 10,000 give the mean record size.
    const sample = await writer.readAll({ fromPosition: from + 1, limit: 10_000 });
    let payloadBytes = 0;
    for (const event of sample) {
      const m = relayMessage(event);
      payloadBytes += m.key.length + m.value.length;
      for (const [k, v] of m.headers) payloadBytes += k.length + v.length;
    }
    const recordSize = Math.round(payloadBytes / sample.length);
    const dropTopics = async (match: string) => {
      const ours = (await kafkaAdmin!.listTopics()).filter((t) => t.startsWith(match));
      await kafkaAdmin!.deleteTopics({ topics: ours }).catch(() => undefined);
    };
    /** The relay's CPU time (this process) per 1,000 events, per run. */
    const cpuMs: number[] = [];
    /** One catch-up of the backlog by a fresh relay with its own checkpoint and topics, in records/s. */
    const catchUp = async (round: number): Promise<number> => {
      const checkpoint = new RelayCheckpoint(writerPool, `kafka-catch-up-${round}`);
      await checkpoint.advance(from);
      const relay = new KafkaRelay({
        store: writer,
        pool: writerPool,
        settings: { ...kafkaSettings, topicPrefix: `${prefix}catch-up-${round}.` },
        checkpointName: checkpoint.name,
      });
      const stop = new AbortController();
      const startedAt = performance.now();
      const cpuBefore = process.cpuUsage();
      const running = relay.run(stop.signal);
      while ((await checkpoint.read()).position < head) await new Promise((r) => setTimeout(r, 20));
      const seconds = (performance.now() - startedAt) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      cpuMs.push((cpu.user + cpu.system) / events);
      stop.abort();
      await running;
      await dropTopics(`${prefix}catch-up-${round}.`);
      return records / seconds;
    };
    const producerPerformance = async (round: number): Promise<number> => {
      const topic = `${prefix}producer-performance-${round}`;
      await topics!.ensureTopics([topic]);
      const result = await runProducerPerformance(kafkaSettings.brokers[0], topic, records, recordSize);
      await dropTopics(topic);
      return result.recordsPerSecond;
    };
    // Interleaved, the first in turn, so a slow minute on the shared machine favours neither.
    const relayRuns: number[] = [];
    const javaRuns: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const relayFirst = round % 2 === 0;
      if (!relayFirst) javaRuns.push(await producerPerformance(round));
      relayRuns.push(await catchUp(round));
      if (relayFirst) javaRuns.push(await producerPerformance(round));
      console.log(
        `round ${round + 1}: relay ${Math.round(relayRuns[round]).toLocaleString('en-GB')}, ProducerPerformance ${Math.round(javaRuns[round]).toLocaleString('en-GB')} records/s`,
      );
    }
    const webhookFigures =
      endpoint && organisation
        ? await catchUpsOnTheBacklog(
            config,
            writer,
            writerPool,
            { organisation, endpoint, receiver: receiver!, token },
            { from: headBefore, to: Math.min(head, headBefore + webhookBacklog), rounds },
            await appendTwoPartnershipBacklog(writer, webhookBacklog),
          )
        : [];
    await receiver?.close();
    await writer.close();
    const figures: Figure[] = [
      ...liveSse,
      { name: 'commit → Kafka consumer p50', value: percentile(kafkaLat, 50), unit: 'ms' },
      {
        name: 'commit → Kafka consumer p99 / commit → LISTEN p99 (the broker and its consumer add to it)',
        value: percentile(kafkaLat, 99) / percentile(listenLat, 99),
        unit: '×',
        ratio: {
          ours: { name: 'Kafka consumer p99', value: percentile(kafkaLat, 99), unit: 'ms' },
          bound: { name: 'LISTEN p99', value: percentile(listenLat, 99), unit: 'ms' },
        },
      },
      { name: 'commit → Kafka consumer max', value: kafkaLat[kafkaLat.length - 1], unit: 'ms' },
      ...(endpoint
        ? [
            { name: 'commit → webhook receiver p50', value: percentile(webhookLat, 50), unit: 'ms' },
            ratioFigure(
              'commit → webhook receiver p99 / commit → SSE subscriber p99, same load',
              { name: 'webhook p99', value: percentile(webhookLat, 99), unit: 'ms' },
              { name: 'SSE p99', value: percentile(sseLat, 99), unit: 'ms' },
              '≤',
              2,
            ),
            { name: 'commit → webhook receiver max', value: webhookLat[webhookLat.length - 1], unit: 'ms' },
          ]
        : []),
      {
        name: `events missing on SSE / Kafka${endpoint ? ' / webhooks' : ''}`,
        value: sseMissing + kafkaMissing + webhookMissing,
        unit: 'events',
        target: '0',
        met: sseMissing + kafkaMissing + webhookMissing === 0,
      },
      ...catchUpFigures(relayRuns, javaRuns, events, recordSize),
      ...webhookFigures,
    ];
    const table = printTable('change feeds', figures);
    const notes = [
      `- machine load (1-min load average, ${conditions.cpus} CPUs): ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end: other work on the machine competes with the API, PostgreSQL and the broker`,
      `- Kafka: ${kafkaVersion}, broker at ${brokers}; each event goes to the firehose and to 2 party topics`,
      `- relay CPU (this process) per 1,000 events: ${cpuMs.map((x) => x.toFixed(0)).join(' / ')} ms`,
      `- catch-up: ${rounds} rounds, each a fresh relay (own checkpoint and topics) and Kafka's ProducerPerformance (${records.toLocaleString('en-GB')} records of ${recordSize} bytes, the relay's mean key + value + headers, to a 1-partition topic; acks=all, idempotent, 1 MiB batches, 5 ms linger), the first in turn; runs: relay ${relayRuns.map((x) => Math.round(x).toLocaleString('en-GB')).join(' / ')}, ProducerPerformance ${javaRuns.map((x) => Math.round(x).toLocaleString('en-GB')).join(' / ')} records/s`,
      `- live phase: ${total.toLocaleString('en-GB')} single-event appends over ${appendSeconds.toFixed(1)} s from a separate pool; SSE subscriber is a party member filtered to the partnership; backlog from position ${headBefore + 1} to ${head}`,
      `- API, writer, SSE client and Kafka consumer share one Node process (one clock); the webhook receiver runs in a process of its own (its arrival times on the same wall clock, by performance.timeOrigin); PostgreSQL and the broker run on the same machine`,
      noticeKey
        ? "- the API and the writer share an ACCORD_NOTICE_KEY: the API takes the writer's commits from their authenticated notices"
        : '- no ACCORD_NOTICE_KEY (--notice-key 0): the API reads back each commit of the writer it is told of',
      background
        ? '- background jobs in the API process (the default: closing times, projections, audit sealer, Kafka relay)'
        : '- API with BACKGROUND_JOBS=off; the Kafka relay runs beside it (as apps/worker would run it); no webhooks (the deliverer is a background job)',
      endpoint
        ? `- webhooks: one endpoint of the subscriber's organisation for the partnership taking up to ${MAX_EVENTS_PER_DELIVERY} events per delivery (a JSON array under one signature; registered through the API by its org-admin, Ed25519 v1a), to a receiver in a process of its own that verifies every signature; catch-up: a fresh API without background jobs serves the SSE subscriber, and a deliverer as the API runs it takes the endpoint from the same position, ${rounds} rounds each, the first in turn; two partnerships: ${webhookBacklog.toLocaleString('en-GB')} events appended after the backlog, 50 of each partnership in turn, for a second endpoint following both, also up to ${MAX_EVENTS_PER_DELIVERY} per delivery (the SSE subscriber unnarrowed, types=VoteCast); and a third endpoint on the one partnership taking one event per delivery (the default; information); a partnership's next delivery leaves after the receiver's 2xx for the one before`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    console.log(`${table}\n\n${notes}`);
    // The default layout is what `npm run bench` reads (feeds.json); the worker layout is kept apart.
    const name = background ? 'feeds' : 'feeds-background-off';
    console.log(
      `figures written to ${writeResults(name, conditions, figures, `${notes}\n\n${table}`)}/${name}.{md,json}`,
    );
    if (sseMissing + kafkaMissing + webhookMissing > 0) process.exitCode = 1;
  } finally {
    await topics?.close();
    await kafkaAdmin?.close();
    await writerPool.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The SSE subscriber and the bare LISTEN client in this process, on its performance.now() clock. */
async function observersHere(
  setup: ObserverSetup,
): Promise<{ sseCount(): Promise<number>; finish(): Promise<Observed> }> {
  const observers = await startObservers(setup, () => performance.now());
  return {
    sseCount: async () => observers.sseCount(),
    finish: async () => {
      const { arrivals, heard } = await observers.finish();
      return { sseAt: new Map(arrivals), heard };
    },
  };
}

/**
 * A consumer of the firehose from its start, noting when each position arrives in `arrivals`. The
 * firehose is created here rather than left to the relay: subscribing to a topic that is still
 * being created fails (UNKNOWN_TOPIC_OR_PARTITION) on a freshly started broker.
 */
async function followFirehose(
  topics: Awaited<ReturnType<typeof connectPlatformaticKafka>>,
  brokers: string,
  prefix: string,
  arrivals: Map<number, number>,
): Promise<{ close(): Promise<void> }> {
  await topics.ensureTopics([firehoseTopic(prefix)]);
  const consumer = new Consumer({
    groupId: `bench-${Date.now()}`,
    clientId: 'accord-bench',
    bootstrapBrokers: brokers.split(','),
  });
  // Resolves once the group is joined, so nothing published from here on is missed.
  const stream = await consumer.consume({
    topics: [firehoseTopic(prefix)],
    mode: MessagesStreamModes.EARLIEST,
    autocommit: false,
    maxWaitTime: 100,
  });
  stream.on('data', (message) => {
    const position = message.headerEntries.find(([name]) => String(name) === 'position')?.[1];
    arrivals.set(Number(String(position ?? '0')), performance.now());
  });
  return {
    close: async () => {
      await stream.close();
      await consumer.close(true);
    },
  };
}

/**
 * `events` events of the two partnerships after the head, 50 at a time of each in turn, as
 * single-stream appends of 50; their range of positions.
 */
async function appendTwoPartnershipBacklog(
  store: PostgresEventStore,
  events: number,
): Promise<{ from: number; to: number }> {
  const from = await store.headPosition();
  const chunk = 50;
  for (let s = 0; s < events / chunk; s++) {
    const partnershipId = s % 2 === 0 ? PARTNERSHIP : SECOND_PARTNERSHIP;
    await store.append(
      `decision-two-${s}`,
      Array.from({ length: chunk }, (_, i) => ({
        type: 'VoteCast',
        data: {
          decisionId: `two-${s}`,
          partnershipId,
          personId: `p${i}`,
          stance: 'agree',
          reason: 'Supports the housing objective',
        },
      })),
      { expectedRevision: 'no-stream', metadata: meta },
    );
  }
  return { from, to: await store.headPosition() };
}

/**
 * The SSE feed's and the webhook deliverer's catch-up on the same part of the backlog, rounds
 * interleaved: an API without background jobs (so nothing else reads the backlog meanwhile)
 * serves the SSE subscriber; the deliverer runs in this process with that API's keys. First the
 * live phase's endpoint on `one` (its one partnership), then a second endpoint, following both
 * partnerships, on `two` (the SSE subscriber unnarrowed, which shows it both too).
 */
async function catchUpsOnTheBacklog(
  config: ReturnType<typeof loadConfig>,
  store: PostgresEventStore,
  pool: ReturnType<typeof createPool>,
  subscriber: { organisation: Organisation; endpoint: Endpoint; receiver: ReceiverProcess; token: string },
  one: { from: number; to: number; rounds: number },
  two: { from: number; to: number },
): Promise<Figure[]> {
  const app = await createApp({ ...config, backgroundJobs: 'off' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const keys = app.get(WebhookKeys);
  const { token } = subscriber;
  const both = await registerEndpoint(
    base,
    subscriber.organisation,
    [PARTNERSHIP, SECOND_PARTNERSHIP],
    subscriber.receiver,
    MAX_EVENTS_PER_DELIVERY,
  );
  const single = await registerEndpoint(base, subscriber.organisation, [PARTNERSHIP], subscriber.receiver);
  const runs = {
    sse: [] as number[],
    webhooks: [] as number[],
    sse2: [] as number[],
    webhooks2: [] as number[],
    sse1: [] as number[],
    webhooks1: [] as number[],
  };
  try {
    for (let round = 0; round < one.rounds; round++) {
      const sseFirst = round % 2 === 0;
      const pair = async (sse: () => Promise<number>, webhooks: () => Promise<number>) => {
        const first = await (sseFirst ? sse : webhooks)();
        const second = await (sseFirst ? webhooks : sse)();
        return sseFirst ? [first, second] : [second, first];
      };
      const [sse, webhooks] = await pair(
        () => sseCatchUp(`${base}/v1/feed?partnershipId=${PARTNERSHIP}`, token, one.from, one.to),
        () => webhookCatchUp(store, pool, keys, subscriber.endpoint, one),
      );
      const [sse2, webhooks2] = await pair(
        () => sseCatchUp(`${base}/v1/feed?types=VoteCast`, token, two.from, two.to),
        () => webhookCatchUp(store, pool, keys, both, two),
      );
      const [sse1, webhooks1] = await pair(
        () => sseCatchUp(`${base}/v1/feed?partnershipId=${PARTNERSHIP}`, token, one.from, one.to),
        () => webhookCatchUp(store, pool, keys, single, one),
      );
      Object.entries({ sse, webhooks, sse2, webhooks2, sse1, webhooks1 }).forEach(([k, v]) =>
        runs[k as keyof typeof runs].push(v),
      );
      const rate = (v: number) => Math.round(v).toLocaleString('en-GB');
      console.log(
        `webhook round ${round + 1}: one partnership SSE ${rate(sse)}, webhooks ${rate(webhooks)}; two partnerships SSE ${rate(sse2)}, webhooks ${rate(webhooks2)}; one event per delivery SSE ${rate(sse1)}, webhooks ${rate(webhooks1)} events/s`,
      );
    }
  } finally {
    await app.close();
  }
  const of = `median of ${one.rounds}`;
  const judged = (what: string, sse: number[], webhooks: number[], events: number, judge = true): Figure[] => [
    { name: `SSE subscriber catch-up, ${what} (${of}, ${spread(sse)})`, value: median(sse), unit: 'events/s' },
    {
      name: `webhook delivery catch-up, ${what} (${of}, ${spread(webhooks)})`,
      value: median(webhooks),
      unit: 'events/s',
    },
    judge
      ? ratioFigure(
          `webhook delivery / SSE feed, ${what}: ${events.toLocaleString('en-GB')} events, medians of ${one.rounds} rounds`,
          { name: 'webhooks, median', value: median(webhooks), unit: 'events/s' },
          { name: 'SSE, median', value: median(sse), unit: 'events/s' },
          '≥',
          0.5,
        )
      : {
          name: `webhook delivery / SSE feed, ${what} (information: the endpoint's own choice)`,
          value: median(webhooks) / median(sse),
          unit: '×',
        },
  ];
  const batched = `up to ${MAX_EVENTS_PER_DELIVERY} events per delivery`;
  return [
    ...judged(`one partnership, ${batched}`, runs.sse, runs.webhooks, one.to - one.from),
    ...judged(`two partnerships, ${batched}`, runs.sse2, runs.webhooks2, two.to - two.from),
    ...judged('one partnership, one event per delivery', runs.sse1, runs.webhooks1, one.to - one.from, false),
  ];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
