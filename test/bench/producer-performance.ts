import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const KAFKA_DIR = join(__dirname, '..', '..', '..', 'infra', 'kafka');

export interface ProducerPerformanceResult {
  records: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
}

/**
 * Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance, from the broker's
 * jars in infra/kafka/lib, run with the JDK as infra/kafka/start.sh runs the broker): `records`
 * records of `recordSize` bytes to `topic` as fast as the Java producer goes, with the relay's
 * guarantees (acks=all, idempotent) and batches as large as the relay's (up to 1 MiB per
 * partition, 5 ms linger as in Kafka 4's defaults). With 3.9's defaults (16 KiB batches, no
 * linger) it manages about a third of that, which would flatter the relay.
 */
export async function runProducerPerformance(
  bootstrap: string,
  topic: string,
  records: number,
  recordSize: number,
): Promise<ProducerPerformanceResult> {
  const lib = join(KAFKA_DIR, 'lib');
  if (!existsSync(lib)) throw new Error(`${lib} is missing: infra/kafka/fetch.sh (or start.sh) fetches the jars`);
  const log4j = join(KAFKA_DIR, 'run', 'tools-log4j.properties');
  const args = [
    '-Xms256m',
    '-Xmx512m',
    ...(existsSync(log4j) ? [`-Dlog4j.configuration=file:${log4j}`] : []),
    '-cp',
    `${lib}/*`,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${bootstrap}`,
    'acks=all',
    'enable.idempotence=true',
    'batch.size=1048576',
    'linger.ms=5',
  ];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.env.JAVA || 'java', args, { maxBuffer: 1 << 20 }, (err, out, errOut) =>
      err ? reject(new Error(`ProducerPerformance failed: ${err.message}\n${errOut}`)) : resolve(out),
    ),
  );
  // Its last line: "150000 records sent, 61349.5 records/sec (35.67 MB/sec), 312.5 ms avg latency, …"
  const summary = /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(
    stdout.trim().split('\n').pop()!,
  );
  if (!summary) throw new Error(`ProducerPerformance printed no summary:\n${stdout}`);
  return {
    records: Number(summary[1]),
    recordsPerSecond: Number(summary[2]),
    megabytesPerSecond: Number(summary[3]),
  };
}
