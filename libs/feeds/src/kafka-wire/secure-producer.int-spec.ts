import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { testKafkaBrokers } from '../../../../test/support/kafka';
import { fetchClusterLayout } from '../cluster-layout';
import { KafkaRelay } from '../kafka-relay';
import { firehoseTopic, kafkaClientConfig, KafkaSettings, partyTopic } from '../kafka-settings';
import { IdempotentProducer } from './idempotent-producer';
import { encodeRecord } from './record-batch';

/**
 * The idempotent producer, and the whole relay, through the broker's secure listeners
 * (infra/kafka/start.sh: SASL_PLAINTEXT with PLAIN and SCRAM-SHA-256/512, SSL with a test CA,
 * SASL_SSL), read back over PLAINTEXT; and the refusals a user meets: a wrong password, an
 * untrusted certificate. The listeners are described by infra/kafka/run/secure-listeners.json
 * (or the file ACCORD_TEST_KAFKA_SECURE names). Without a broker at all the suite skips, as the
 * other Kafka suites do; with a broker but no secure listeners it skips with a warning, except
 * under CI=true, where that fails.
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

const SECURE_FILE =
  process.env.ACCORD_TEST_KAFKA_SECURE ||
  join(__dirname, '..', '..', '..', '..', 'infra', 'kafka', 'run', 'secure-listeners.json');
const brokers = testKafkaBrokers();
const listeners =
  brokers && existsSync(SECURE_FILE) ? (JSON.parse(readFileSync(SECURE_FILE, 'utf8')) as SecureListeners) : undefined;
const missing = `no secure Kafka listeners (${SECURE_FILE} is missing: start the broker with infra/kafka/start.sh)`;

if (!brokers)
  // A skipped test, not an empty skipped describe: Jest fails a file that declares no test at all.
  it.skip('Kafka producer over SASL and TLS (no Kafka broker: see infra/kafka/README.md)', () => undefined);
else if (!listeners && process.env.CI === 'true')
  describe('Kafka producer over SASL and TLS', () => {
    it('needs the secure listeners under CI=true', () => {
      throw new Error(`${missing} (CI=true: a missing service fails the run)`);
    });
  });
else if (!listeners) {
  process.stderr.write(`\n⚠ ${missing}; the SASL/TLS suite is skipped\n`);
  it.skip(`Kafka producer over SASL and TLS (${missing})`, () => undefined);
} else secureSuite(brokers, listeners);

function secureSuite(plaintextBrokers: string, l: SecureListeners): void {
  describe('Kafka producer over SASL and TLS', () => {
    const ca = readFileSync(l.caFile, 'utf8');
    const plaintext = new Kafka({
      clientId: 'accord-test',
      brokers: plaintextBrokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const run = randomBytes(4).toString('hex');
    const created: string[] = [];
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
    const producerFor = (settings: KafkaSettings) =>
      new IdempotentProducer({
        clientId: settings.clientId,
        ssl: settings.ssl,
        sasl: settings.sasl,
        connectTimeoutMs: 3000,
        requestTimeoutMs: 15_000,
        ackTimeoutMs: 10_000,
      });

    /** Every message of a topic from the beginning, over PLAINTEXT, until `count` arrived (or 30 s). */
    const readBack = async (
      topic: string,
      count: number,
    ): Promise<Array<{ key: string; value: string; position: string }>> => {
      const consumer = plaintext.consumer({ groupId: `check-${randomBytes(4).toString('hex')}` });
      const received: Array<{ key: string; value: string; position: string }> = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            received.push({
              key: String(message.key),
              value: String(message.value),
              position: String(message.headers?.position),
            });
          },
        });
        const deadline = Date.now() + 30_000;
        while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await consumer.disconnect();
      }
      return received;
    };

    afterAll(async () => {
      const admin = plaintext.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: created }).catch(() => undefined);
      await admin.disconnect();
    });

    describe.each(ways)('through $name', (way) => {
      it('produces overlapping idempotent batches that arrive complete and in order (metadata and layout over the same listener)', async () => {
        const settings = settingsFor(way);
        const topic = `accord-test-secure-${way.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${run}`;
        created.push(topic);
        // The admin side (kafkajs) over the same listener and settings as the relay uses.
        const admin = new Kafka(kafkaClientConfig(settings, { logLevel: logLevel.NOTHING })).admin();
        await admin.connect();
        const producer = producerFor(settings);
        try {
          await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
          const layout = await fetchClusterLayout(admin, [topic]);
          // The broker advertises this listener's port, so the producer connects back to it.
          expect([...layout.brokers.values()]).toEqual([{ host: l.host, port: way.port }]);
          producer.useLayout(layout);
          await producer.init();
          const sent = Array.from({ length: 4 }, (_, b) =>
            Array.from({ length: 100 }, (_, i) => ({ key: `k-${i % 7}`, n: b * 100 + i })),
          );
          // Large enough records that a batch spans many TLS records / TCP segments.
          await Promise.all(
            sent.map((batch) =>
              producer.send([
                {
                  topic,
                  records: batch.map((m) =>
                    encodeRecord(m.key, JSON.stringify({ ...m, pad: 'x'.repeat(500) }), [['position', String(m.n)]]),
                  ),
                },
              ]),
            ),
          );
          const received = await readBack(topic, 400);
          expect(received).toHaveLength(400);
          for (let k = 0; k < 7; k++) {
            const key = `k-${k}`;
            const ns = received.filter((m) => m.key === key).map((m) => (JSON.parse(m.value) as { n: number }).n);
            expect(ns).toEqual(
              sent
                .flat()
                .filter((m) => m.key === key)
                .map((m) => m.n),
            );
          }
          expect(received.every((m) => m.position === String((JSON.parse(m.value) as { n: number }).n))).toBe(true);
        } finally {
          producer.close();
          await admin.disconnect();
        }
      });
    });

    describe('refusals', () => {
      it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
        'a wrong %s password fails init() quickly with a SASL authentication error',
        async (mechanism) => {
          const producer = producerFor(
            settingsFor({ port: l.saslPlaintextPort, ssl: false, sasl: sasl(mechanism, 'not-the-password') }),
          );
          producer.useLayout({
            brokers: new Map([[1, { host: l.host, port: l.saslPlaintextPort }]]),
            leaders: new Map(),
          });
          const started = Date.now();
          const err = await producer.init().then(
            () => undefined,
            (e: Error) => e,
          );
          producer.close();
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
          const producer = producerFor(
            settingsFor({ port, ssl: true, sasl: port === l.saslSslPort ? sasl('plain') : undefined }),
          );
          producer.useLayout({ brokers: new Map([[1, { host: l.host, port }]]), leaders: new Map() });
          await expect(producer.init()).rejects.toThrow(
            new RegExp(
              `kafka ${l.host}:${port}: TLS handshake failed: self[- ]signed certificate in certificate chain`,
            ),
          );
          producer.close();
        }
      });

      it('a client speaking TLS to the SASL_PLAINTEXT listener, or plaintext to the SSL one, fails rather than hangs', async () => {
        for (const [port, ssl] of [
          [l.saslPlaintextPort, { ca }],
          [l.sslPort, false],
        ] as const) {
          const producer = producerFor(settingsFor({ port, ssl }));
          producer.useLayout({ brokers: new Map([[1, { host: l.host, port }]]), leaders: new Map() });
          const started = Date.now();
          await expect(producer.init()).rejects.toThrow(/kafka .*(TLS handshake failed|connection closed)/);
          expect(Date.now() - started).toBeLessThan(10_000);
          producer.close();
        }
      });
    });

    describe('the whole relay', () => {
      const engine = testEngines()[0];
      let db: TestDatabase;
      let store: PostgresEventStore;
      const meta = {
        actor: { personId: 'p', orgId: 'acme', roles: ['member'] },
        correlationId: null,
        causationId: null,
      };

      beforeAll(async () => {
        db = await createTestDatabase(engine);
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
          created.push(firehoseTopic(prefix), partyTopic(prefix, 'acme'));
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
            const received = await readBack(topic, head);
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
        // (kafkajs, which does the relay's admin side, fails first: "SASL SCRAM SHA256 authentication failed: …")
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
