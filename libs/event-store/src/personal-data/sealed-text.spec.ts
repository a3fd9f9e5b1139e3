import { openSealed, parseSealed, sealText } from './sealed-text';

// Computed independently with Python's `cryptography` AESGCM: key 00..1f, iv 00..0b,
// additional data "pd1:person-1".
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const IV = Buffer.from(Array.from({ length: 12 }, (_, i) => i));
const PLAINTEXT = 'Her home is 200 m from the site.';
const VECTOR = 'pd1:cGVyc29uLTE:AAECAwQFBgcICQoLD2ekO62Kr36tKOSrg9lITe724UafFn8IUALF9nQdZZxehCEB4V8jXFNVPXNZpoXJ';

describe('sealed personal data (AES-256-GCM)', () => {
  it('seals to the fixed vector', () => {
    expect(sealText(PLAINTEXT, 'person-1', KEY, IV)).toBe(VECTOR);
  });

  it('opens the fixed vector under its subject and key', () => {
    const sealed = parseSealed(VECTOR)!;
    expect(sealed.subject).toBe('person-1');
    expect(openSealed(sealed, KEY)).toBe(PLAINTEXT);
  });

  it('refuses another key, another subject, and an altered byte', () => {
    const sealed = parseSealed(VECTOR)!;
    expect(() => openSealed(sealed, Buffer.alloc(32, 7))).toThrow();
    expect(() => openSealed({ ...sealed, subject: 'person-2' }, KEY)).toThrow();
    const altered = Buffer.from(sealed.ciphertext);
    altered[0] ^= 1;
    expect(() => openSealed({ ...sealed, ciphertext: altered }, KEY)).toThrow();
  });

  it('never reuses an IV by default', () => {
    expect(sealText(PLAINTEXT, 'person-1', KEY)).not.toBe(sealText(PLAINTEXT, 'person-1', KEY));
  });

  it('tells plain text from a sealed value', () => {
    for (const plain of ['', 'pd1:', 'pd1:abc', 'pd1:a b:c', 42, null, 'ordinary text'])
      expect(parseSealed(plain)).toBeNull();
    expect(sealText('', 'p', KEY, IV)).toMatch(/^pd1:/);
    expect(openSealed(parseSealed(sealText('', 'p', KEY, IV))!, KEY)).toBe('');
  });
});
