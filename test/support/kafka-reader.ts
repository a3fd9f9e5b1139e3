import { randomBytes } from 'node:crypto';
import { Consumer, MessagesStreamModes } from '@platformatic/kafka';

/** One message as a party's consumer sees it: key, partition, value and headers as text. */
export interface ReadMessage {
  key: string;
  partition: number;
  value: string;
  headers: Record<string, string>;
}

/**
 * Reads `topic` from its beginning as a new consumer group until `enough` holds (or `timeoutMs`
 * passes), then reads on for `settleMs` so anything beyond what was expected would show. On the
 * relay's own maintained client: kafkajs sets negative timers that Node 24 warns about on every
 * connection (kafkajs#1751, no release since 2023), and the suites print no warnings.
 */
export async function readTopic(
  brokers: string,
  topic: string,
  enough: (messages: ReadMessage[]) => boolean,
  { timeoutMs = 30_000, settleMs = 0 } = {},
): Promise<ReadMessage[]> {
  const consumer = new Consumer({
    groupId: `check-${randomBytes(4).toString('hex')}`,
    clientId: 'accord-test',
    bootstrapBrokers: brokers.split(','),
  });
  const received: ReadMessage[] = [];
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
      maxWaitTime: 100,
    });
    stream.on('data', (m) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of m.headers) headers[String(name)] = String(value);
      received.push({ key: String(m.key), partition: m.partition, value: String(m.value), headers });
    });
    const deadline = Date.now() + timeoutMs;
    while (!enough(received) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, settleMs));
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return received;
}
