import { crc32c } from './crc32c';
import { varintSize, WireWriter } from './wire-writer';

/**
 * A message encoded once, to be written into as many record batches (topics) as it goes to: the
 * tail of a Kafka record (key, value, headers) is the same in every batch; only the few bytes in
 * front of it (length, offset delta) differ. Encoding it once per event instead of once per
 * topic is most of what makes the relay cheap.
 */
export interface EncodedRecord {
  key: Buffer;
  /** key, value and headers in record v2 layout. */
  tail: Buffer;
}

export function encodeRecord(
  key: string,
  value: string,
  headers: ReadonlyArray<readonly [string, string]>,
): EncodedRecord {
  const keyBytes = Buffer.from(key);
  const valueLength = Buffer.byteLength(value);
  let size =
    varintSize(keyBytes.length) + keyBytes.length + varintSize(valueLength) + valueLength + varintSize(headers.length);
  for (const [k, v] of headers) size += 10 + Buffer.byteLength(k) + Buffer.byteLength(v);
  const w = new WireWriter(size);
  w.varint(keyBytes.length).raw(keyBytes).varintString(value, valueLength).varint(headers.length);
  for (const [k, v] of headers) w.varintString(k).varintString(v);
  return { key: keyBytes, tail: w.bytes };
}

/** Bytes one record takes in a batch at most (length, attributes, deltas, tail). */
export function recordSize(record: EncodedRecord): number {
  return 5 + 1 + 1 + 5 + record.tail.length;
}

export interface ProducerIdentity {
  producerId: bigint;
  producerEpoch: number;
}

/**
 * Writes a record batch (magic 2) for one partition: all records share the batch's timestamp
 * (delta 0), offsets count from 0, and `baseSequence` is the idempotent producer's sequence of
 * the first record, by which the broker drops a resent batch and refuses one out of order.
 */
export function writeRecordBatch(
  w: WireWriter,
  records: readonly EncodedRecord[],
  producer: ProducerIdentity,
  baseSequence: number,
  timestamp: bigint,
): void {
  w.int64(0n); // base offset: the broker assigns offsets
  const lengthAt = w.reserve(4);
  w.int32(-1); // partition leader epoch: producers leave it to the broker
  w.int8(2); // magic
  const crcAt = w.reserve(4);
  const crcFrom = w.offset;
  w.int16(0) // attributes: no compression, not transactional, create time
    .int32(records.length - 1)
    .int64(timestamp)
    .int64(timestamp)
    .int64(producer.producerId)
    .int16(producer.producerEpoch)
    .int32(baseSequence)
    .int32(records.length);
  for (let i = 0; i < records.length; i++) {
    const tail = records[i].tail;
    // attributes (1 byte) + timestamp delta 0 (1 byte) + offset delta + tail
    w.varint(2 + varintSize(i) + tail.length)
      .int8(0)
      .int8(0)
      .varint(i)
      .raw(tail);
  }
  w.patchInt32(lengthAt, w.offset - lengthAt - 4);
  w.patchUInt32(crcAt, crc32c(w.bytes, crcFrom, w.offset));
}
