import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the standard check value and the RFC 3720 vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
  });

  it('checksums a slice the same as a copy of it', () => {
    const buf = Buffer.from('xx123456789 and some more bytes to cross the 8-byte stride yy');
    expect(crc32c(buf, 2, buf.length - 2)).toBe(crc32c(Buffer.from(buf.subarray(2, buf.length - 2))));
  });
});
