/**
 * A party's housing system following Accord's Kafka feed, idempotently.
 *
 * Accord publishes at least once: after a broker outage or a relay restart some events arrive
 * again. Every message carries its log `position` (header and envelope), and within one
 * partnership (the message key) positions only grow, so the consumer remembers the last position
 * it applied per key and skips anything at or below it. The remembered positions are saved
 * before Kafka's offsets are committed, so a crash between the two replays events that are then
 * skipped, never loses one.
 *
 *   npx tsc examples/firehose-consumer/consumer.ts --outDir /tmp/consumer --target es2022 \
 *     --module commonjs --esModuleInterop --skipLibCheck
 *   KAFKA_BROKERS=127.0.0.1:9092 TOPIC=accord.party.peabody GROUP_ID=peabody-housing \
 *     node /tmp/consumer/consumer.js
 *
 * TOPIC is `<prefix>firehose` (everything; for auditors) or `<prefix>party.<organisationId>`
 * (what one party may see). STATE_FILE (default ./consumer-state.json) holds the positions.
 *
 * kafkajs because it is the client most Node developers know. It has had no release since 2023 and,
 * on Node 24, prints `TimeoutNegativeWarning` once a connection is made (kafkajs#1751): harmless
 * (Node clamps the timer to 1 ms); `node --disable-warning=TimeoutNegativeWarning` silences it.
 * Accord itself publishes with @platformatic/kafka, which a new consumer may prefer.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

interface Envelope {
  position: number;
  streamId: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  recordedAt: string;
  leafHash: string;
}

/** Last applied position per key (partnership id, or the stream id of organisation events). */
type Applied = Record<string, number>;

export class IdempotentApplier {
  constructor(
    private readonly applied: Applied,
    private readonly apply: (event: Envelope) => Promise<void>,
  ) {}

  /** Applies the event unless this key has already seen its position; says whether it did. */
  async handle(key: string, event: Envelope): Promise<boolean> {
    if (event.position <= (this.applied[key] ?? 0)) return false; // a duplicate from a resend
    await this.apply(event);
    this.applied[key] = event.position;
    return true;
  }

  snapshot(): Applied {
    return { ...this.applied };
  }
}

function load(file: string): Applied {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Applied) : {};
}

/** Write-then-rename, so a crash leaves the old file or the new one, never half of one. */
function save(file: string, applied: Applied): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(applied));
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const topic = process.env.TOPIC ?? 'accord.firehose';
  const groupId = process.env.GROUP_ID ?? 'housing-system';
  const stateFile = process.env.STATE_FILE ?? './consumer-state.json';

  const applier = new IdempotentApplier(load(stateFile), async (event) => {
    // The housing system's own work goes here (update a tenancy, open a case, notify someone).
    console.log(`${event.position}\t${event.type}\t${event.streamId}`);
  });

  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(String(message.value)) as Envelope;
      const key = String(message.key);
      // Applied positions are saved before this handler returns, i.e. before kafkajs commits
      // the message's offset.
      if (await applier.handle(key, event)) save(stateFile, applier.snapshot());
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
