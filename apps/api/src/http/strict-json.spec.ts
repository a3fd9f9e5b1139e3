import fc from 'fast-check';
import { BadInputError } from '@accord/platform';
import { MAX_JSON_DEPTH, parseStrictJson } from './strict-json';

const codeOf = (text: string): string | undefined => {
  try {
    parseStrictJson(text);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return (err as BadInputError).code;
  }
};

describe('parseStrictJson', () => {
  it('reads what JSON.parse reads, for any JSON value without duplicate keys, NULs or lone surrogates', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0'));
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        text,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(text, tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2), (v, indent) => {
        const json = JSON.stringify(v, null, indent);
        expect(parseStrictJson(json)).toEqual(JSON.parse(json));
      }),
    );
  });

  it('refuses exactly what JSON.parse refuses, as malformed-json', () => {
    const alphabet = fc.constantFrom(
      ...'{}[]:,"\\ \n0123456789-+.eEtrufalsn'.split(''),
      'true',
      'null',
      '"a"',
      '\\u0041',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 14 }), (parts) => {
        const json = parts.join('');
        let parsed = true;
        try {
          JSON.parse(json);
        } catch {
          parsed = false;
        }
        const code = codeOf(json);
        if (parsed) expect(code === undefined || code === 'duplicate-key').toBe(true);
        else expect(code).toBe('malformed-json');
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ['', 'malformed-json'],
    ['{"a":1,}', 'malformed-json'],
    ['[1,]', 'malformed-json'],
    ['{"a" 1}', 'malformed-json'],
    ['01', 'malformed-json'],
    ['1.', 'malformed-json'],
    ['"\\x41"', 'malformed-json'],
    ['"\\u12"', 'malformed-json'],
    ['{} {}', 'malformed-json'],
    ["{'a':1}", 'malformed-json'],
    ['"a\tb"', 'malformed-json'],
    ['NaN', 'malformed-json'],
    ['{"a":1,"a":2}', 'duplicate-key'],
    ['{"a":1,"\\u0061":2}', 'duplicate-key'],
    ['{"x":{"b":[{"c":1,"c":1}]}}', 'duplicate-key'],
    ['"a\\u0000b"', 'nul-character'],
    ['{"\\u0000":1}', 'nul-character'],
    ['"\\ud800"', 'lone-surrogate'],
    ['"\\udc00\\ud800"', 'lone-surrogate'],
    ['"\\ud800\\u0041"', 'lone-surrogate'],
    ['"\ud800x"', 'lone-surrogate'],
    ['"x\udc00"', 'lone-surrogate'],
  ])('refuses %j with %s', (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it.each([
    ['{"a":{"k":1},"b":{"k":2}}', { a: { k: 1 }, b: { k: 2 } }],
    ['"\\ud83d\\ude00 \ud83d\ude00"', '😀 😀'],
    ['"\\\\u0000"', '\\u0000'],
    [' [ 1 , -0.5e+3 , "\\/\\b\\f\\n\\r\\t\\"" ] ', [1, -500, '/\b\f\n\r\t"']],
    ['{"__proto__":1}', JSON.parse('{"__proto__":1}')],
  ])('reads %j', (text, value) => {
    expect(parseStrictJson(text)).toEqual(value);
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, without recursing however deep the text`, () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    expect(codeOf(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(codeOf(`{"a":${nested(MAX_JSON_DEPTH - 1)}}`)).toBeUndefined();
    expect(codeOf(`{"a":${nested(MAX_JSON_DEPTH)}}`)).toBe('json-too-deep');
    expect(codeOf(nested(1_000_000))).toBe('json-too-deep');
    expect(codeOf('['.repeat(1_000_000))).toBe('json-too-deep');
  });
});
