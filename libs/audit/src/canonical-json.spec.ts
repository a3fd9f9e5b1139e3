import { canonicalize, MAX_CANONICAL_DEPTH, NotCanonicalisableError } from './canonical-json';

describe('canonicalize (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    // RFC 8785 §3.2.3 sorting example.
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the order off the text: JS objects list integer-like keys first, the canonical form does not.
    const values = [...canonicalize(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(values).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  // These literals are the RFC's own samples: their lost precision is the point of the test.
  /* eslint-disable no-loss-of-precision */
  it('writes numbers in ECMAScript shortest form', () => {
    // RFC 8785 §3.2.2.3 / Appendix B samples.
    expect(canonicalize([333333333.33333329, 1e30, 4.5, 2e-3, 0.000001, 1e-7, -0])).toBe(
      '[333333333.3333333,1e+30,4.5,0.002,0.000001,1e-7,0]',
    );
  });

  it('matches the RFC 8785 §3.2.4 example output', () => {
    const input = {
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000001],
      string: '\u20ac$\u000f\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,0.000001],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  /* eslint-enable no-loss-of-precision */

  it.each([
    ['undefined member', { a: undefined }, '$.a'],
    ['NaN', { a: [1, Number.NaN] }, '$.a[1]'],
    ['Infinity', { n: Infinity }, '$.n'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a bigint', { big: 10n }, '$.big'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a lone surrogate', { s: 'a\ud800b' }, '$.s'],
  ])('refuses %s and names where it is', (_label, value, path) => {
    expect(() => canonicalize(value)).toThrow(NotCanonicalisableError);
    try {
      canonicalize(value);
    } catch (err) {
      expect((err as NotCanonicalisableError).path).toBe(path);
    }
  });

  it('refuses nesting deeper than MAX_CANONICAL_DEPTH before the stack runs out', () => {
    const nested = (levels: number): unknown => {
      let value: unknown = [];
      for (let i = 1; i < levels; i++) value = { a: value };
      return value;
    };
    expect(canonicalize(nested(MAX_CANONICAL_DEPTH))).toMatch(/^(\{"a":){127}\[\]\}+$/);
    for (const levels of [MAX_CANONICAL_DEPTH + 1, 100_000])
      expect(() => canonicalize(nested(levels))).toThrow(NotCanonicalisableError);
  });

  it('refuses circular structures', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalize(a)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
