import { KafkaProtocolError } from './kafka-errors';

/** Reads a Kafka response body; running past its end is a protocol error, never a silent zero. */
export class WireReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  int16(): number {
    this.need(2);
    const value = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(): bigint {
    this.need(8);
    const value = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length);
    const value = this.buf.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  bytes32(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    this.need(length);
    const value = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  array<T>(item: (reader: WireReader) => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(item(this));
    return items;
  }

  private need(size: number): void {
    if (this.offset + size > this.buf.length)
      throw new KafkaProtocolError(
        `response ended after ${this.buf.length} bytes, wanted ${size} more at ${this.offset}`,
      );
  }
}
