import { BadInputError } from '@accord/platform';
import { decodeCursor, encodeCursor } from './register-cursor';

describe('register cursor', () => {
  it('round-trips and is opaque', () => {
    const cursor = encodeCursor(1234);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(1234);
  });

  it.each([
    '',
    'not-a-cursor',
    Buffer.from('{"v":1,"before":-3}').toString('base64url'),
    Buffer.from('{"v":2,"before":3}').toString('base64url'),
  ])('refuses %j with invalid-cursor', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadInputError);
    expect(() => decodeCursor(cursor)).toThrow(/cursor/);
  });
});
