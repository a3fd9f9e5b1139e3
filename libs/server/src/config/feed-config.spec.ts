import { ConfigError, loadConfig } from './app-config';

describe('loadConfig: change feeds and Kafka', () => {
  it('leaves Kafka off without KAFKA_BROKERS and gives the SSE defaults', () => {
    const config = loadConfig({});
    expect(config.kafka).toBeUndefined();
    expect(config.feed).toEqual({ heartbeatMs: 15_000, slowReaderMs: 10_000, ringBytes: 8 * 2 ** 20 });
  });

  it('reads brokers, client id, prefix, SASL and TLS', () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'k1.example:9093,k2.example:9093',
      KAFKA_CLIENT_ID: 'accord-prod',
      KAFKA_TOPIC_PREFIX: 'ledger.',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'accord',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_SSL: 'true',
      FEED_HEARTBEAT_SECONDS: '5',
      FEED_RING_MIB: '2',
    });
    expect(config.kafka).toEqual({
      brokers: ['k1.example:9093', 'k2.example:9093'],
      clientId: 'accord-prod',
      topicPrefix: 'ledger.',
      sasl: { mechanism: 'scram-sha-512', username: 'accord', password: 'secret' },
      ssl: true,
    });
    expect(config.feed.heartbeatMs).toBe(5000);
    expect(config.feed.ringBytes).toBe(2 * 2 ** 20);
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' }).kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'accord',
      topicPrefix: 'accord.',
      sasl: undefined,
      ssl: false,
    });
  });

  it.each([
    [{ KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS must be host:port/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_TOPIC_PREFIX: 'has space' }, /KAFKA_TOPIC_PREFIX/],
    [
      { KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain' },
      /KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM/,
    ],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'gssapi' }, /KAFKA_SASL_MECHANISM/],
    [{ KAFKA_SSL: 'yes' }, /KAFKA_SSL/],
    [{ FEED_SLOW_READER_SECONDS: '0' }, /FEED_SLOW_READER_SECONDS/],
    [{ FEED_RING_MIB: '0' }, /FEED_RING_MIB/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
