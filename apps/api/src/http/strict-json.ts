import { BadInputError, TEXT_FLAW_MESSAGE, TextFlaw } from '@accord/platform';

/** Deepest nesting a request body may have (DESIGN §8): the top-level object or array is level 1. */
export const MAX_JSON_DEPTH = 64;

/**
 * A JSON text (RFC 8259) as Accord takes it: at most `maxDepth` levels deep, no key twice in one
 * object (JSON.parse would keep the last silently, so a reviewer and the server could read two
 * different requests), and no text the log cannot hold (a NUL, a lone surrogate). Checked in one
 * pass over the text with an explicit stack before JSON.parse builds the value, so no input can
 * make anything recurse: the checks, then the parse, are linear in the text.
 *
 * Throws BadInputError: `malformed-json`, `json-too-deep`, `duplicate-key`, `nul-character`,
 * `lone-surrogate`.
 */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  new StrictJsonScanner(text, maxDepth).scan();
  return JSON.parse(text);
}

const enum Next {
  Value,
  ValueOrArrayEnd,
  Key,
  KeyOrObjectEnd,
  Colon,
  CommaOrEnd,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class StrictJsonScanner {
  private i = 0;
  /** One entry per open container: the keys seen so far for an object, null for an array. */
  private readonly open: (Set<string> | null)[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  scan(): void {
    const text = this.text;
    let next = Next.Value;
    for (;;) {
      this.skipWhitespace();
      if (this.i >= text.length) break;
      const c = text.charCodeAt(this.i);
      switch (next) {
        case Next.ValueOrArrayEnd:
        case Next.Value:
          if (c === 0x5d /* ] */ && next === Next.ValueOrArrayEnd) {
            this.open.pop();
            this.i++;
          } else if (c === 0x7b /* { */) {
            this.enter(new Set());
            next = Next.KeyOrObjectEnd;
            continue;
          } else if (c === 0x5b /* [ */) {
            this.enter(null);
            next = Next.ValueOrArrayEnd;
            continue;
          } else if (c === QUOTE) this.string(false);
          else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) this.number();
          else this.literal();
          next = Next.CommaOrEnd;
          break;
        case Next.KeyOrObjectEnd:
        case Next.Key: {
          if (c === 0x7d /* } */ && next === Next.KeyOrObjectEnd) {
            this.open.pop();
            this.i++;
            next = Next.CommaOrEnd;
            break;
          }
          if (c !== QUOTE) throw this.malformed('a key in double quotes');
          const at = this.i;
          const key = this.string(true);
          const keys = this.open[this.open.length - 1] as Set<string>;
          if (keys.has(key))
            throw new BadInputError('duplicate-key', `The key "${printable(key)}" appears twice in one object`, {
              key: printable(key),
              position: at,
            });
          keys.add(key);
          next = Next.Colon;
          break;
        }
        case Next.Colon:
          if (c !== 0x3a /* : */) throw this.malformed("':' after a key");
          this.i++;
          next = Next.Value;
          break;
        case Next.CommaOrEnd: {
          if (this.open.length === 0) throw this.malformed('the end of the text');
          const top = this.open[this.open.length - 1];
          this.i++;
          if (c === 0x2c /* , */) next = top === null ? Next.Value : Next.Key;
          else if ((c === 0x5d && top === null) || (c === 0x7d && top !== null)) this.open.pop();
          else {
            this.i--;
            throw this.malformed(top === null ? "',' or ']'" : "',' or '}'");
          }
          break;
        }
      }
    }
    if (next !== Next.CommaOrEnd || this.open.length > 0) throw this.malformed('more JSON');
  }

  private enter(container: Set<string> | null): void {
    if (this.open.length >= this.maxDepth)
      throw new BadInputError('json-too-deep', `The body is nested deeper than ${this.maxDepth} levels`, {
        maxDepth: this.maxDepth,
      });
    this.open.push(container);
    this.i++;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.i);
  }

  /**
   * Checks the string starting at the opening quote and moves past it. Returns the decoded text
   * when asked (keys, to compare them as JSON.parse will), else ''.
   */
  private string(decode: boolean): string {
    const text = this.text;
    let i = this.i + 1;
    let decoded = '';
    let runStart = i;
    for (;;) {
      if (i >= text.length) throw this.malformedAt(i, 'the closing double quote');
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c < 0x20) throw this.malformedAt(i, 'no control character inside a string (escape it)');
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = text.charCodeAt(i + 1);
        if (c >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) throw flaw('lone-surrogate', i);
        i += 2;
        continue;
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      if (decode) decoded += text.slice(runStart, i);
      const e = text.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        const unit = this.hex4(i + 2);
        if (unit === 0) throw flaw('nul-character', i);
        if (unit >= 0xd800 && unit <= 0xdfff) {
          const low = text.charCodeAt(i + 6) === BACKSLASH && text.charCodeAt(i + 7) === 0x75 ? this.hex4(i + 8) : -1;
          if (unit >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) throw flaw('lone-surrogate', i);
          if (decode) decoded += String.fromCharCode(unit, low);
          i += 12;
        } else {
          if (decode) decoded += String.fromCharCode(unit);
          i += 6;
        }
      } else {
        const simple = ESCAPES[e];
        if (simple === undefined)
          throw this.malformedAt(i, 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        if (decode) decoded += simple;
        i += 2;
      }
      runStart = i;
    }
    this.i = i + 1;
    if (!decode) return '';
    return decoded + text.slice(runStart, i);
  }

  private hex4(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw this.malformedAt(at, 'four hex digits after \\u');
    return parseInt(digits, 16);
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) throw this.malformed('a number');
    this.i += m[0].length;
  }

  private literal(): void {
    for (const word of LITERALS)
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    throw this.malformed('a value');
  }

  private malformed(expected: string): BadInputError {
    return this.malformedAt(this.i, expected);
  }

  private malformedAt(position: number, expected: string): BadInputError {
    return new BadInputError(
      'malformed-json',
      `The body is not valid JSON: expected ${expected} at offset ${position}`,
      {
        position,
      },
    );
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

function flaw(kind: TextFlaw, position: number): BadInputError {
  return new BadInputError(kind, `The body's ${TEXT_FLAW_MESSAGE[kind]}`, { position });
}

/** A key as it may be shown back: control characters escaped. */
function printable(key: string): string {
  return JSON.stringify(key).slice(1, -1);
}
