import { murmur2, partitionOf } from './murmur2';

describe('murmur2', () => {
  it("matches the Java client's Utils.murmur2 (its own test vectors)", () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('picks partitions as the positive hash modulo the partition count', () => {
    expect(partitionOf(Buffer.from('foobar'), 1)).toBe(0);
    expect(partitionOf(Buffer.from('foobar'), 7)).toBe((-790332482 & 0x7fffffff) % 7);
  });
});
