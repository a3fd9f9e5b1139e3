import { bytea, hexBytea, int, intArrayLiteral, text, textArrayLiteral, utf8Bytea } from './sql-literals';

describe('sql literals', () => {
  it('escapes quotes and backslashes so a value cannot end its literal', () => {
    expect(text("o'brien")).toBe("'o''brien'");
    expect(text('a\\b')).toBe(" E'a\\\\b'");
    expect(text('decision-9')).toBe("'decision-9'");
    expect(textArrayLiteral(['a', 'q"\\', "x'); --"])).toBe(` E'{"a","q\\\\"\\\\\\\\","x''); --"}'`);
  });

  it('refuses what it cannot represent', () => {
    expect(() => text('nul\0')).toThrow(/NUL/);
    expect(() => int(1.5)).toThrow();
    expect(() => int(Number.NaN)).toThrow();
    expect(() => hexBytea("00'; DROP TABLE events; --")).toThrow(/hex/);
    expect(() => intArrayLiteral([1, 0.5])).toThrow();
  });

  it('writes bytes as hex and empty arrays', () => {
    expect(bytea(Buffer.from([0, 255]))).toBe("E'\\\\x00ff'::bytea");
    expect(textArrayLiteral([])).toBe("'{}'");
  });

  it('writes text as its UTF-8 bytes in escape format, or hex when that is shorter', () => {
    expect(utf8Bytea('{"a":1}')).toBe(`'{"a":1}'::bytea`);
    expect(utf8Bytea('{"name":"o\'b\\\\é"}')).toBe(`E'{"name":"o\\\\047b\\\\134\\\\134\\\\303\\\\251"}'::bytea`);
    expect(utf8Bytea('日本')).toBe("E'\\\\xe697a5e69cac'::bytea");
  });
});
