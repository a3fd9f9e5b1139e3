import { crc32c } from './crc32c';
import { encodeRecord, recordSize, writeRecordBatch } from './record-batch';
import { WireWriter } from './wire-writer';

/** Reads a zigzag varint at `at`; returns [value, next offset]. */
function varint(buf: Buffer, at: number): [number, number] {
  let raw = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    raw |= (b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7;
  }
  return [(raw >>> 1) ^ -(raw & 1), at];
}

function field(buf: Buffer, at: number): [string, number] {
  const [length, next] = varint(buf, at);
  return [buf.toString('utf8', next, next + length), next + length];
}

describe('record batch v2', () => {
  const value = JSON.stringify({ position: 7, text: 'é'.repeat(70) }); // multi-byte, length > 63
  const records = [
    encodeRecord('camden-homes', value, [
      ['position', '7'],
      ['leafHash', 'ab'.repeat(32)],
    ]),
    encodeRecord('camden-homes', '{}', [
      ['position', '8'],
      ['leafHash', 'cd'.repeat(32)],
    ]),
  ];

  it('lays out the header, a valid CRC-32C and every record as Kafka reads them', () => {
    const w = new WireWriter(16); // too small on purpose: the writer grows
    writeRecordBatch(w, records, { producerId: 42n, producerEpoch: 3 }, 100, 1_700_000_000_000n);
    const buf = w.bytes;
    expect(buf.readBigInt64BE(0)).toBe(0n);
    expect(buf.readInt32BE(8)).toBe(buf.length - 12);
    expect(buf.readInt8(16)).toBe(2);
    expect(buf.readUInt32BE(17)).toBe(crc32c(buf, 21));
    expect(buf.readInt32BE(23)).toBe(1); // last offset delta
    expect(buf.readBigInt64BE(27)).toBe(1_700_000_000_000n);
    expect(buf.readBigInt64BE(43)).toBe(42n);
    expect(buf.readInt16BE(51)).toBe(3);
    expect(buf.readInt32BE(53)).toBe(100); // base sequence
    expect(buf.readInt32BE(57)).toBe(2);

    let at = 61;
    const seen: Array<{ offset: number; key: string; value: string; headers: Record<string, string> }> = [];
    for (let i = 0; i < 2; i++) {
      const [length, bodyAt] = varint(buf, at);
      const end = bodyAt + length;
      let p = bodyAt + 2; // attributes, timestamp delta 0
      const [offset, keyAt] = varint(buf, p);
      const [key, valueAt] = field(buf, keyAt);
      const [val, headersAt] = field(buf, valueAt);
      const [count, firstHeader] = varint(buf, headersAt);
      const headers: Record<string, string> = {};
      p = firstHeader;
      for (let h = 0; h < count; h++) {
        const [k, vAt] = field(buf, p);
        [headers[k], p] = field(buf, vAt);
      }
      expect(p).toBe(end);
      seen.push({ offset, key, value: val, headers });
      at = end;
    }
    expect(at).toBe(buf.length);
    expect(seen).toEqual([
      { offset: 0, key: 'camden-homes', value, headers: { position: '7', leafHash: 'ab'.repeat(32) } },
      { offset: 1, key: 'camden-homes', value: '{}', headers: { position: '8', leafHash: 'cd'.repeat(32) } },
    ]);
  });

  it('counts a record at no less than the bytes it takes in a batch', () => {
    const w = new WireWriter();
    writeRecordBatch(w, records.slice(0, 1), { producerId: 1n, producerEpoch: 0 }, 0, 0n);
    expect(recordSize(records[0])).toBeGreaterThanOrEqual(w.offset - 61);
  });
});
