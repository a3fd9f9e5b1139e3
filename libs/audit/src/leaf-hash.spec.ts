import { leafHash, leafHashHex } from './leaf-hash';

describe('leafHashHex', () => {
  it('is the RFC 9162 hash of an empty leaf for an empty text', () => {
    expect(leafHashHex('')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it.each([
    ['ASCII', '{"data":{"stance":"agree"},"position":1}'],
    ['two- and three-byte characters', '{"reason":"Geb\u00e4ude \u20ac 12"}'],
    ['a character beyond the BMP', '{"reason":"\ud83d\ude00"}'],
    ['a lone surrogate (as U+FFFD, as Buffer.from writes it)', 'a\ud800b'],
    ['a NUL character', 'a\u0000b'],
  ])('hashes the UTF-8 bytes of %s as leafHash does', (_label, text) => {
    expect(leafHashHex(text)).toBe(leafHash(Buffer.from(text, 'utf8')).toString('hex'));
  });
});
