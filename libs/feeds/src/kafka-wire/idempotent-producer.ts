import { KafkaBrokerError, KafkaProtocolError } from './kafka-errors';
import { BrokerAddress, KafkaConnection } from './kafka-connection';
import { authenticate, SaslSettings } from './kafka-sasl';
import { partitionOf } from './murmur2';
import { EncodedRecord, ProducerIdentity, writeRecordBatch } from './record-batch';
import { WireReader } from './wire-reader';
import { WireWriter } from './wire-writer';

const PRODUCE = 0; // v3: record batches v2 with producer id/epoch/sequence (Kafka 0.11+, kept in 4.x)
const INIT_PRODUCER_ID = 22; // v0
const COORDINATOR_STARTING = new Set([14, 15]); // COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE

/** Where each partition's leader is, as of the producer's session (from the admin client). */
export interface ClusterLayout {
  brokers: ReadonlyMap<number, BrokerAddress>;
  /** Leader node id of each partition, by topic. */
  leaders: ReadonlyMap<string, readonly number[]>;
}

export interface ProducerOptions {
  clientId: string;
  /** TLS: `true` trusts Node's default CAs, `{ ca }` only these PEM certificates. */
  ssl: boolean | { ca?: string | string[] };
  sasl?: SaslSettings;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long the broker may wait for in-sync replicas before answering a produce (acks=all). */
  ackTimeoutMs: number;
}

/**
 * An idempotent producer reduced to what the relay needs, so that an event's bytes are encoded
 * once and copied into each topic's batch (kafkajs re-encodes every message per topic through
 * many small buffers, which capped the relay at a few thousand events/s on two cores).
 *
 * acks=all, one producer id per instance, a sequence per partition: the broker keeps each
 * partition's batches in the order sent and refuses one that would leave a gap, so up to five
 * produce requests may be in flight per connection. It never retries: on any failure the caller
 * drops the instance and resends from its checkpoint with a new one (at least once, never a gap).
 */
export class IdempotentProducer {
  private readonly connections = new Map<number, Promise<KafkaConnection>>();
  private readonly sequences = new Map<string, number>();
  private identity: ProducerIdentity | undefined;
  private layout: ClusterLayout = { brokers: new Map(), leaders: new Map() };

  constructor(private readonly options: ProducerOptions) {}

  /** Takes a newer layout (e.g. with a topic added); partitions keep their sequences. */
  useLayout(layout: ClusterLayout): void {
    this.layout = layout;
  }

  knowsTopic(topic: string): boolean {
    return this.layout.leaders.has(topic);
  }

  /**
   * Asks a broker for a producer id; must precede send(). A broker that has just started answers
   * COORDINATOR_LOAD_IN_PROGRESS (or COORDINATOR_NOT_AVAILABLE) until its transaction state is
   * loaded: asked again every 250 ms, up to initRetries times (5 s by default), as the Java client retries.
   */
  async init(initRetries = 20): Promise<void> {
    const [node] = this.layout.brokers.keys();
    if (node === undefined) throw new KafkaProtocolError('no brokers in the cluster layout');
    const body = new WireWriter(8).string(null).int32(60_000).bytes;
    for (let attempt = 0; ; attempt++) {
      const reader = new WireReader(
        await (await this.connection(node)).request('InitProducerId', INIT_PRODUCER_ID, 0, body),
      );
      reader.int32(); // throttle time
      const code = reader.int16();
      if (code === 0) {
        this.identity = { producerId: reader.int64(), producerEpoch: reader.int16() };
        return;
      }
      if (!COORDINATOR_STARTING.has(code) || attempt >= initRetries)
        throw new KafkaBrokerError(code, 'asking for a producer id');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * Sends each topic's records, in order, keyed to partitions as the Java client would; resolves
   * once the broker acknowledged all of them. Requests go out in call order, so calls may overlap.
   */
  send(batches: ReadonlyArray<{ topic: string; records: readonly EncodedRecord[] }>): Promise<void> {
    const identity = this.identity;
    if (!identity) return Promise.reject(new KafkaProtocolError('send() before init()'));
    // leader node → topic → partition → records
    const byLeader = new Map<number, Map<string, Map<number, EncodedRecord[]>>>();
    let bytes = 0;
    for (const { topic, records } of batches) {
      const leaders = this.layout.leaders.get(topic);
      if (!leaders) return Promise.reject(new KafkaProtocolError(`no layout for topic ${topic}`));
      for (const record of records) {
        const partition = leaders.length === 1 ? 0 : partitionOf(record.key, leaders.length);
        let topics = byLeader.get(leaders[partition]);
        if (!topics) byLeader.set(leaders[partition], (topics = new Map()));
        let partitions = topics.get(topic);
        if (!partitions) topics.set(topic, (partitions = new Map()));
        let list = partitions.get(partition);
        if (!list) partitions.set(partition, (list = []));
        list.push(record);
        bytes += record.tail.length + 16;
      }
    }
    const timestamp = BigInt(Date.now());
    const acks: Promise<void>[] = [];
    for (const [node, topics] of byLeader) {
      const w = new WireWriter(bytes + 256);
      w.string(null).int16(-1).int32(this.options.ackTimeoutMs).int32(topics.size);
      for (const [topic, partitions] of topics) {
        w.string(topic).int32(partitions.size);
        for (const [partition, records] of partitions) {
          w.int32(partition);
          const sizeAt = w.reserve(4);
          writeRecordBatch(w, records, identity, this.nextSequence(`${topic}:${partition}`, records.length), timestamp);
          w.patchInt32(sizeAt, w.offset - sizeAt - 4);
        }
      }
      const body = w.bytes;
      acks.push(
        this.connection(node)
          .then((c) => c.request('Produce', PRODUCE, 3, body))
          .then(checkProduceResponse),
      );
    }
    return Promise.all(acks).then(() => undefined);
  }

  close(): void {
    for (const pending of this.connections.values())
      pending.then(
        (c) => c.close(),
        () => undefined,
      );
    this.connections.clear();
  }

  /** The partition's next base sequence, advanced past `count` records (wrapping as Kafka does). */
  private nextSequence(partitionKey: string, count: number): number {
    const base = this.sequences.get(partitionKey) ?? 0;
    this.sequences.set(partitionKey, (base + count) % 2 ** 31);
    return base;
  }

  private connection(node: number): Promise<KafkaConnection> {
    let pending = this.connections.get(node);
    if (!pending) {
      const address = this.layout.brokers.get(node);
      if (!address) return Promise.reject(new KafkaProtocolError(`no address for broker ${node}`));
      pending = this.open(address);
      pending.catch(() => this.connections.delete(node));
      this.connections.set(node, pending);
    }
    return pending;
  }

  private async open(address: BrokerAddress): Promise<KafkaConnection> {
    const connection = await KafkaConnection.open(address, this.options);
    try {
      if (this.options.sasl) await authenticate(connection, this.options.sasl);
    } catch (err) {
      connection.close();
      throw err;
    }
    return connection;
  }
}

function checkProduceResponse(body: Buffer): void {
  const reader = new WireReader(body);
  for (const topic of reader.array((r) => ({
    name: r.string(),
    partitions: r.array((p) => ({ index: p.int32(), code: p.int16(), offset: p.int64(), appendTime: p.int64() })),
  }))) {
    for (const partition of topic.partitions)
      if (partition.code !== 0)
        throw new KafkaBrokerError(partition.code, `producing to ${topic.name}[${partition.index}]`);
  }
}
