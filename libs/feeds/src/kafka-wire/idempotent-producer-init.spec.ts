import { IdempotentProducer } from './idempotent-producer';
import { KafkaConnection } from './kafka-connection';

/** InitProducerId v0 responses: throttle, error code, producer id, epoch. */
function initResponse(code: number, producerId = 0n): Buffer {
  const body = Buffer.alloc(16);
  body.writeInt16BE(code, 4);
  body.writeBigInt64BE(producerId, 6);
  return body;
}

describe('IdempotentProducer.init', () => {
  afterEach(() => jest.restoreAllMocks());

  const producerAnswering = (answers: Buffer[]) => {
    const request = jest.fn(async () => answers.shift()!);
    jest
      .spyOn(KafkaConnection, 'open')
      .mockResolvedValue({ request, close: () => undefined } as unknown as KafkaConnection);
    const producer = new IdempotentProducer({
      clientId: 't',
      ssl: false,
      connectTimeoutMs: 100,
      requestTimeoutMs: 100,
      ackTimeoutMs: 100,
    });
    producer.useLayout({ brokers: new Map([[1, { host: '127.0.0.1', port: 1 }]]), leaders: new Map() });
    return { producer, request };
  };

  it('asks again while a just-started broker is still loading its coordinator', async () => {
    const { producer, request } = producerAnswering([initResponse(14), initResponse(15), initResponse(0, 42n)]);
    await producer.init();
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('gives up after its retries, naming the error', async () => {
    const { producer, request } = producerAnswering([initResponse(14), initResponse(14), initResponse(14)]);
    await expect(producer.init(2)).rejects.toThrow(
      /COORDINATOR_LOAD_IN_PROGRESS \(error 14\) asking for a producer id/,
    );
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors', async () => {
    const { producer, request } = producerAnswering([initResponse(31)]);
    await expect(producer.init()).rejects.toThrow(/CLUSTER_AUTHORIZATION_FAILED/);
    expect(request).toHaveBeenCalledTimes(1);
  });
});
