/**
 * Builds a Kafka request body in one buffer: sized up front by the caller's estimate, grown by
 * doubling only when the estimate was short, with slots reserved for lengths and checksums that
 * are only known once what follows them is written.
 */
export class WireWriter {
  private buf: Buffer;
  offset = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** The bytes written so far (a view, not a copy). */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.offset);
  }

  int8(value: number): this {
    this.ensure(1);
    this.buf[this.offset++] = value & 0xff;
    return this;
  }

  int16(value: number): this {
    this.ensure(2);
    this.offset = this.buf.writeInt16BE(value, this.offset);
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.offset = this.buf.writeInt32BE(value, this.offset);
    return this;
  }

  int64(value: bigint): this {
    this.ensure(8);
    this.offset = this.buf.writeBigInt64BE(value, this.offset);
    return this;
  }

  /** Zigzag varint (signed, as record fields use). */
  varint(value: number): this {
    let v = ((value << 1) ^ (value >> 31)) >>> 0;
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.offset++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.offset++] = v;
    return this;
  }

  /** int16-length string; null as length -1. */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value);
    this.int16(length).ensure(length);
    this.offset += this.buf.write(value, this.offset, 'utf8');
    return this;
  }

  /** int32-length bytes. */
  bytes32(value: Buffer): this {
    return this.int32(value.length).raw(value);
  }

  raw(value: Buffer): this {
    this.ensure(value.length);
    this.offset += value.copy(this.buf, this.offset);
    return this;
  }

  /** A varint-length UTF-8 string, as record keys, values and headers are written. */
  varintString(value: string, byteLength = Buffer.byteLength(value)): this {
    this.varint(byteLength).ensure(byteLength);
    this.offset += this.buf.write(value, this.offset, byteLength, 'utf8');
    return this;
  }

  /** Skips `size` bytes to fill in later with patchInt32/patchUInt32; returns where they are. */
  reserve(size: number): number {
    this.ensure(size);
    const at = this.offset;
    this.offset += size;
    return at;
  }

  patchInt32(at: number, value: number): void {
    this.buf.writeInt32BE(value, at);
  }

  patchUInt32(at: number, value: number): void {
    this.buf.writeUInt32BE(value, at);
  }

  private ensure(size: number): this {
    if (this.offset + size > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + size));
      this.buf.copy(grown, 0, 0, this.offset);
      this.buf = grown;
    }
    return this;
  }
}

/** Bytes a zigzag varint of `value` takes. */
export function varintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size++;
  }
  return size;
}
