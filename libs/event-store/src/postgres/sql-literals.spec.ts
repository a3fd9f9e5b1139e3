import { bytea, int, text, textArray } from './sql-literals';

describe('sql literals', () => {
  it('escapes quotes and backslashes so a value cannot end its literal', () => {
    expect(text("o'brien")).toBe("'o''brien'");
    expect(text('a\\b')).toBe(" E'a\\\\b'");
    expect(textArray(["x'); DROP TABLE events; --"])).toBe("ARRAY['x''); DROP TABLE events; --']::text[]");
  });

  it('refuses what it cannot represent', () => {
    expect(() => text('nul\0')).toThrow(/NUL/);
    expect(() => int(1.5)).toThrow();
    expect(() => int(Number.NaN)).toThrow();
  });

  it('writes bytes as hex and empty arrays with a type', () => {
    expect(bytea(Buffer.from([0, 255]))).toBe("'\\x00ff'::bytea");
    expect(textArray([])).toBe('ARRAY[]::text[]');
  });
});
