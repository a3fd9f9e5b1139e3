import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import { Partitioners } from 'kafkajs';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { testKafkaBrokers } from '../../../test/support/kafka';
import { readTopic } from '../../../test/support/kafka-reader';
import { KafkaRelay } from './kafka-relay';
import type { KafkaSession, RelayMessage } from './kafka-port';
import { firehoseTopic, KafkaSettings, partyTopic } from './kafka-settings';
import { connectPlatformaticKafka } from './platformatic-kafka';

/**
 * The relay's Kafka client (@platformatic/kafka behind the relay's port) against a real broker:
 * over PLAINTEXT, and through the broker's secure listeners (infra/kafka/start.sh: SASL_PLAINTEXT
 * with PLAIN and SCRAM-SHA-256/512, SSL with a test CA, SASL_SSL), read back over PLAINTEXT as a
 * party's consumer would; and the refusals a user meets: a wrong password, an
 * untrusted certificate, the wrong protocol on a port. The listeners are described by
 * infra/kafka/run/secure-listeners.json (or the file ACCORD_TEST_KAFKA_SECURE names). Without a
 * broker the suite skips, as the other Kafka suites do; with a broker but no secure listeners the
 * secure part skips with a warning, except under CI=true, where that fails.
 */
interface SecureListeners {
  host: string;
  saslPlaintextPort: number;
  sslPort: number;
  saslSslPort: number;
  username: string;
  password: string;
  caFile: string;
}
type Mechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
interface Received {
  key: string;
  partition: number;
  value: string;
  position: string;
}

const SECURE_FILE =
  process.env.ACCORD_TEST_KAFKA_SECURE ||
  join(__dirname, '..', '..', '..', 'infra', 'kafka', 'run', 'secure-listeners.json');
const brokers = testKafkaBrokers();
const listeners =
  brokers && existsSync(SECURE_FILE) ? (JSON.parse(readFileSync(SECURE_FILE, 'utf8')) as SecureListeners) : undefined;
const missing = `no secure Kafka listeners (${SECURE_FILE} is missing: start the broker with infra/kafka/start.sh)`;

if (!brokers)
  describe.skip('Kafka client (no Kafka broker: see infra/kafka/README.md)', () => {
    // A suite with no test is an error in jest: this one is listed as skipped instead.
    it('against a real broker', () => undefined);
  });
else
  describe('Kafka client', () => {
    const run = randomBytes(4).toString('hex');
    const admin = new Admin({ clientId: 'accord-test', bootstrapBrokers: brokers.split(',') });
    const created: string[] = [];
    const sessions: KafkaSession[] = [];
    const open = async (settings: KafkaSettings) => {
      const session = await connectPlatformaticKafka(settings);
      sessions.push(session);
      return session;
    };
    const topicNamed = (name: string) => {
      const topic = `accord-test-client-${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${run}`;
      created.push(topic);
      return topic;
    };
    const message = (key: string, n: number, pad = 0): RelayMessage => ({
      key: Buffer.from(key),
      value: Buffer.from(JSON.stringify({ key, n, pad: 'x'.repeat(pad) })),
      headers: new Map([[Buffer.from('position'), Buffer.from(String(n))]]),
    });

    /** Every message of a topic from the beginning, over PLAINTEXT, until `count` arrived (or 30 s). */
    const readBack = async (topic: string, count: number, settleMs = 0): Promise<Received[]> =>
      (await readTopic(brokers, topic, (read) => read.length >= count, { settleMs })).map((m) => ({
        key: m.key,
        partition: m.partition,
        value: m.value,
        position: m.headers.position ?? 'undefined',
      }));
    const numbersOf = (msgs: Received[], key: string) =>
      msgs.filter((m) => m.key === key).map((m) => (JSON.parse(m.value) as { n: number }).n);

    afterAll(async () => {
      await Promise.all(sessions.map((s) => s.close()));
      await admin.deleteTopics({ topics: created }).catch(() => undefined);
      await admin.close();
    });

    describe('over PLAINTEXT', () => {
      const settings = (topicPrefix = ''): KafkaSettings => ({
        brokers: brokers.split(','),
        clientId: 'accord-test',
        topicPrefix,
        ssl: false,
      });

      it('delivers overlapping sends in order per key, on the partition the Java client would pick, with headers intact', async () => {
        const topic = topicNamed('partitions');
        await admin.createTopics({ topics: [topic], partitions: 3 });
        const kafka = await open(settings());
        await kafka.ensureTopics([topic]);
        const keys = ['camden-homes', 'south-homes', 'organisation-peabody', 'north-homes', 'east-homes'];
        const sent: Array<{ key: string; n: number }> = [];
        const batches = Array.from({ length: 6 }, () =>
          Array.from({ length: 50 }, () => {
            const entry = { key: keys[sent.length % keys.length], n: sent.length };
            sent.push(entry);
            return message(entry.key, entry.n);
          }),
        );
        // All six in flight at once, as the relay pipelines them.
        await Promise.all(batches.map((messages) => kafka.send([{ topic, messages }])));

        const received = await readBack(topic, sent.length);
        expect(received).toHaveLength(sent.length);
        const partitioner = Partitioners.DefaultPartitioner();
        const partitionMetadata = [0, 1, 2].map((partitionId) => ({
          partitionId,
          partitionErrorCode: 0,
          leader: 1,
          replicas: [1],
          isr: [1],
          offlineReplicas: [],
        }));
        for (const key of keys) {
          expect(numbersOf(received, key)).toEqual(sent.filter((s) => s.key === key).map((s) => s.n));
          expect(new Set(received.filter((m) => m.key === key).map((m) => m.partition))).toEqual(
            new Set([partitioner({ topic, partitionMetadata, message: { key, value: null } })]),
          );
        }
        expect(received.every((m) => m.position === String((JSON.parse(m.value) as { n: number }).n))).toBe(true);
      });

      it('writes nothing after a send the broker refused, so a partition never has a gap', async () => {
        const topic = topicNamed('gap');
        const kafka = await open(settings());
        await kafka.ensureTopics([topic]);
        // The middle send holds a message over the broker's message.max.bytes (1 MiB): refused for good.
        const [before, refused, after] = await Promise.allSettled([
          kafka.send([{ topic, messages: [message('k', 1), message('k', 2)] }]),
          kafka.send([{ topic, messages: [message('k', 3, 2 * 1024 * 1024)] }]),
          kafka.send([{ topic, messages: [message('k', 4)] }]),
        ]);
        expect([before.status, refused.status, after.status]).toEqual(['fulfilled', 'rejected', 'rejected']);
        expect((refused as PromiseRejectedResult).reason.message).toMatch(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/);
        expect(numbersOf(await readBack(topic, 2, 2000), 'k')).toEqual([1, 2]);
      });

      it('creates the topics the cluster lacks, and says so when asked for ones it has', async () => {
        const [fresh, existing] = [topicNamed('fresh'), topicNamed('existing')];
        await admin.createTopics({ topics: [existing] });
        const kafka = await open(settings());
        await kafka.ensureTopics([fresh, existing]);
        await kafka.send([
          { topic: fresh, messages: [message('k', 1)] },
          { topic: existing, messages: [message('k', 2)] },
        ]);
        expect(numbersOf(await readBack(fresh, 1), 'k')).toEqual([1]);
        expect(numbersOf(await readBack(existing, 1), 'k')).toEqual([2]);
      });
    });

    if (!listeners && process.env.CI === 'true')
      it('needs the secure listeners under CI=true', () => {
        throw new Error(`${missing} (CI=true: a missing service fails the run)`);
      });
    else if (!listeners) {
      process.stderr.write(`\n⚠ ${missing}; the SASL/TLS suite is skipped\n`);
      describe.skip(`over SASL and TLS (${missing})`, () => undefined);
    } else secureSuite(listeners, { open, topicNamed, message, readBack, numbersOf, created });
  });

function secureSuite(
  l: SecureListeners,
  t: {
    open: (settings: KafkaSettings) => Promise<KafkaSession>;
    topicNamed: (name: string) => string;
    message: (key: string, n: number, pad?: number) => RelayMessage;
    readBack: (topic: string, count: number) => Promise<Received[]>;
    numbersOf: (msgs: Received[], key: string) => number[];
    created: string[];
  },
): void {
  describe('over SASL and TLS', () => {
    const ca = readFileSync(l.caFile, 'utf8');
    const run = randomBytes(4).toString('hex');
    const sasl = (mechanism: Mechanism, password = l.password) => ({ mechanism, username: l.username, password });
    const ways: Array<{ name: string; port: number; ssl: KafkaSettings['ssl']; sasl?: KafkaSettings['sasl'] }> = [
      { name: 'SASL PLAIN', port: l.saslPlaintextPort, ssl: false, sasl: sasl('plain') },
      { name: 'SASL SCRAM-SHA-256', port: l.saslPlaintextPort, ssl: false, sasl: sasl('scram-sha-256') },
      { name: 'SASL SCRAM-SHA-512', port: l.saslPlaintextPort, ssl: false, sasl: sasl('scram-sha-512') },
      { name: 'TLS (test CA)', port: l.sslPort, ssl: { ca }, sasl: undefined },
      { name: 'SASL SCRAM-SHA-512 over TLS', port: l.saslSslPort, ssl: { ca }, sasl: sasl('scram-sha-512') },
      { name: 'SASL PLAIN over TLS', port: l.saslSslPort, ssl: { ca }, sasl: sasl('plain') },
    ];
    const settingsFor = (
      way: { port: number; ssl: KafkaSettings['ssl']; sasl?: KafkaSettings['sasl'] },
      topicPrefix = '',
    ): KafkaSettings => ({
      brokers: [`${l.host}:${way.port}`],
      clientId: 'accord-test',
      topicPrefix,
      ssl: way.ssl,
      sasl: way.sasl,
    });
    const refusal = (settings: KafkaSettings) =>
      connectPlatformaticKafka(settings).then(
        async (session) => {
          await session.close();
          return undefined;
        },
        (e: Error) => e,
      );

    describe.each(ways)('through $name', (way) => {
      it('creates a topic and produces overlapping idempotent sends that arrive complete and in order', async () => {
        const topic = t.topicNamed(`secure-${way.name}`);
        const kafka = await t.open(settingsFor(way));
        await kafka.ensureTopics([topic]);
        const sent = Array.from({ length: 4 }, (_, b) =>
          Array.from({ length: 100 }, (_, i) => ({ key: `k-${i % 7}`, n: b * 100 + i })),
        );
        // Large enough messages that a send spans many TLS records / TCP segments.
        await Promise.all(
          sent.map((batch) => kafka.send([{ topic, messages: batch.map((m) => t.message(m.key, m.n, 500)) }])),
        );
        const received = await t.readBack(topic, 400);
        expect(received).toHaveLength(400);
        for (let k = 0; k < 7; k++)
          expect(t.numbersOf(received, `k-${k}`)).toEqual(
            sent
              .flat()
              .filter((m) => m.key === `k-${k}`)
              .map((m) => m.n),
          );
        expect(received.every((m) => m.position === String((JSON.parse(m.value) as { n: number }).n))).toBe(true);
      });
    });

    describe('refusals', () => {
      it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
        'a wrong %s password fails quickly with a SASL authentication error',
        async (mechanism) => {
          const started = Date.now();
          const err = await refusal(
            settingsFor({ port: l.saslPlaintextPort, ssl: false, sasl: sasl(mechanism, 'not-the-password') }),
          );
          expect(err?.message).toMatch(
            new RegExp(
              `SASL ${mechanism.toUpperCase()} authentication failed for user ${l.username}: .*(Invalid username or password|invalid credentials)`,
            ),
          );
          expect(err).toMatchObject({ code: 'kafka-authentication-failed' });
          expect(Date.now() - started).toBeLessThan(10_000);
        },
      );

      it('a broker certificate from a CA the client does not trust fails the TLS handshake with a clear error', async () => {
        for (const port of [l.sslPort, l.saslSslPort]) {
          const err = await refusal(
            settingsFor({ port, ssl: true, sasl: port === l.saslSslPort ? sasl('plain') : undefined }),
          );
          expect(err?.message).toMatch(
            new RegExp(
              `kafka ${l.host}:${port}: TLS handshake failed: self[- ]signed certificate in certificate chain`,
            ),
          );
        }
      });

      it('a client speaking TLS to the SASL_PLAINTEXT listener, or plaintext to the SSL one, fails rather than hangs', async () => {
        for (const [port, ssl] of [
          [l.saslPlaintextPort, { ca }],
          [l.sslPort, false],
        ] as const) {
          const started = Date.now();
          expect((await refusal(settingsFor({ port, ssl })))?.message).toMatch(
            /kafka .*(TLS handshake failed|connection closed)/,
          );
          expect(Date.now() - started).toBeLessThan(10_000);
        }
      });
    });

    describe('the whole relay', () => {
      let db: TestDatabase;
      let store: PostgresEventStore;
      const meta = {
        actor: { personId: 'p', orgId: 'acme', roles: ['member'] },
        correlationId: null,
        causationId: null,
      };

      beforeAll(async () => {
        db = await createTestDatabase(testEngines()[0]);
        store = new PostgresEventStore(db.pool);
        for (let i = 0; i < 30; i++)
          await store.append(
            `organisation-acme-${i}`,
            [{ type: 'OrganisationNoted', data: { organisationId: 'acme', i } }],
            { expectedRevision: 'no-stream', metadata: meta },
          );
      });
      afterAll(async () => {
        await store.close();
        await db.drop();
      });

      const relayUntil = async (relay: KafkaRelay, done: () => boolean, timeoutMs: number) => {
        const stop = new AbortController();
        const running = relay.run(stop.signal);
        const deadline = Date.now() + timeoutMs;
        while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        stop.abort();
        await running;
      };

      it.each(ways.filter((w) => w.name !== 'SASL PLAIN over TLS'))(
        'relays the log to the firehose and party topics through $name',
        async (way) => {
          const prefix = `accord-test-secure-relay-${randomBytes(4).toString('hex')}.`;
          t.created.push(firehoseTopic(prefix), partyTopic(prefix, 'acme'));
          const relay = new KafkaRelay({
            store,
            pool: db.pool,
            settings: settingsFor(way, prefix),
            checkpointName: `kafka-${prefix}`,
          });
          const head = await store.headPosition();
          await relayUntil(relay, () => relay.snapshot().acknowledged === head, 60_000);
          expect(relay.snapshot()).toMatchObject({ acknowledged: head, lastError: null });
          for (const topic of [firehoseTopic(prefix), partyTopic(prefix, 'acme')]) {
            const received = await t.readBack(topic, head);
            expect(received.map((m) => Number(m.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
          }
        },
      );

      it('reports a wrong SASL password as its last error and keeps retrying, without crashing', async () => {
        const relay = new KafkaRelay({
          store,
          pool: db.pool,
          settings: settingsFor(
            { port: l.saslPlaintextPort, ssl: false, sasl: sasl('scram-sha-256', 'not-the-password') },
            `accord-test-secure-denied-${run}.`,
          ),
          checkpointName: `kafka-denied-${run}`,
          backoff: { initialMs: 50, maxMs: 200 },
        });
        await relayUntil(relay, () => relay.snapshot().failures >= 2, 30_000);
        const status = relay.snapshot();
        expect(status).toMatchObject({ state: 'stopped', acknowledged: 0 });
        expect(status.failures).toBeGreaterThanOrEqual(2);
        expect(status.lastError).toMatch(/SASL SCRAM[- ]SHA-?256 authentication failed.*invalid credentials/i);
      });

      it('reports an untrusted broker certificate as its last error', async () => {
        const relay = new KafkaRelay({
          store,
          pool: db.pool,
          settings: settingsFor({ port: l.sslPort, ssl: true }, `accord-test-secure-untrusted-${run}.`),
          checkpointName: `kafka-untrusted-${run}`,
          backoff: { initialMs: 50, maxMs: 200 },
        });
        await relayUntil(relay, () => relay.snapshot().failures >= 1, 30_000);
        expect(relay.snapshot().lastError).toMatch(/self[- ]signed certificate in certificate chain/);
      });
    });
  });
}
