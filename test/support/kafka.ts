import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/**
 * The Kafka broker the feed suites publish to: KAFKA_BROKERS, else the local one that
 * infra/kafka/start.sh runs on 127.0.0.1:9092. global-setup.ts probes it once; without it the
 * Kafka suites skip with a warning, and under CI=true its absence fails the run.
 */
export const KAFKA_ENV = 'ACCORD_TEST_KAFKA';

export async function detectKafka(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
  const [host, port] = brokers.split(',')[0].split(':');
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host, port: Number(port), timeout: 2000 }, () => {
        socket.end();
        resolve();
      });
      socket.on('timeout', () => socket.destroy(new Error('timed out')));
      socket.on('error', reject);
    });
    process.env[KAFKA_ENV] = brokers;
    process.stderr.write(`kafka broker: ${brokers}\n`);
  } catch (err) {
    const message = `Kafka broker at ${brokers} is unreachable (${(err as Error).message}); start one with infra/kafka/start.sh`;
    if (process.env.CI === 'true')
      throw new Error(`${message} (CI=true: a missing service fails the run)`, { cause: err });
    process.env[KAFKA_ENV] = '';
    process.stderr.write(`\n⚠ ${message}; the Kafka suites are skipped\n`);
  }
}

/** The brokers for this run, or undefined when the Kafka suites must skip. */
export function testKafkaBrokers(): string | undefined {
  return process.env[KAFKA_ENV] || undefined;
}

/** describe() when a broker is there, describe.skip() (with a printed reason) when not. */
export function describeWithKafka(name: string, body: (brokers: string) => void): void {
  const brokers = testKafkaBrokers();
  if (brokers) describe(name, () => body(brokers));
  else describe.skip(`${name} (no Kafka broker: see infra/kafka/README.md)`, () => body(''));
}

const LISTENER_PORTS: Record<string, string> = {
  PLAINTEXT: 'KAFKA_PORT',
  SASL_PLAINTEXT: 'KAFKA_SASL_PORT',
  SSL: 'KAFKA_SSL_PORT',
  SASL_SSL: 'KAFKA_SASL_SSL_PORT',
  CONTROLLER: 'KAFKA_CONTROLLER_PORT',
};

/**
 * The environment that makes infra/kafka/start.sh start the local broker again where it runs now
 * (its host and ports, from the run/server.properties it wrote), so a suite that stops and
 * starts it does not move a broker started on other ports back to the default ones.
 */
export function localBrokerEnv(kafkaDir: string): NodeJS.ProcessEnv {
  const properties = readFileSync(join(kafkaDir, 'run', 'server.properties'), 'utf8');
  const listeners = /^listeners=(.*)$/m.exec(properties)?.[1] ?? '';
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_SECURE_LISTENERS: 'off' };
  for (const listener of listeners.split(',')) {
    const [, name, host, port] = /^(\w+):\/\/(.+):(\d+)$/.exec(listener.trim()) ?? [];
    if (!name || !LISTENER_PORTS[name]) continue;
    env[LISTENER_PORTS[name]] = port;
    env.KAFKA_HOST = host;
    if (name === 'SASL_PLAINTEXT') env.KAFKA_SECURE_LISTENERS = 'on';
  }
  return env;
}
