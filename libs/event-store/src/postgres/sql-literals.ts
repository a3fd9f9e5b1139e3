import { escapeLiteral } from 'pg';

/**
 * SQL literals for the group-commit statements. They are sent with the simple query protocol so
 * that a whole batch (several statements and its COMMIT) costs one round trip; parameters are
 * not allowed there. Every value goes through one of these functions: text via pg's own
 * escapeLiteral, bytes as hex or escape format, numbers only after an integer check.
 */
export function text(value: string): string {
  // Most values (ids, types, timestamps) hold neither quote nor backslash: escapeLiteral would
  // return them quoted as they are, after copying them character by character.
  if (!NEEDS_ESCAPING.test(value)) return `'${value}'`;
  if (value.includes('\0')) throw new Error('text literal contains NUL');
  return escapeLiteral(value);
}

const NEEDS_ESCAPING = /['\\\0]/;

export function nullableText(value: string | null): string {
  return value === null ? 'NULL' : text(value);
}

export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function bytea(value: Buffer): string {
  return hexBytea(value.toString('hex'));
}

/**
 * Bytes already written as hex (checked: the string goes into the statement as it is). E'' so that
 * the backslash reaches bytea's input whatever standard_conforming_strings says.
 */
export function hexBytea(hex: string): string {
  if (!HEX.test(hex)) throw new Error('not a hex string');
  return `E'\\\\x${hex}'::bytea`;
}

const HEX = /^(?:[0-9a-f]{2})*$/;

/**
 * The UTF-8 bytes of `value` as a bytea literal in escape format: printable ASCII (what canonical
 * JSON mostly is) travels as itself, about half the size of hex, and every other byte as \\ooo, so
 * the server stores exactly these bytes whatever its encoding or standard_conforming_strings. When
 * that would be longer than hex (text that is mostly not ASCII), hex it is.
 */
export function utf8Bytea(value: string): string {
  if (!NOT_PLAIN.test(value)) return `'${value}'::bytea`;
  const escaped = `E'${value.replace(NOT_PLAIN_ALL, escapeBytes)}'::bytea`;
  const bytes = Buffer.from(value, 'utf8');
  return escaped.length <= 2 * bytes.length + 14 ? escaped : bytea(bytes);
}

// Everything but printable ASCII, the quote and the backslash; with the u flag a surrogate pair is
// one match, so it is encoded as one code point (a lone surrogate as U+FFFD, as Buffer.from does).
const NOT_PLAIN = /[^\x20-\x26\x28-\x5b\x5d-\x7e]/u;
const NOT_PLAIN_ALL = new RegExp(NOT_PLAIN.source, 'gu');

function escapeBytes(c: string): string {
  let out = '';
  for (const byte of Buffer.from(c, 'utf8')) out += `\\\\${byte.toString(8).padStart(3, '0')}`;
  return out;
}

/** An array literal ('{"a","b"}') for a cast to text[], uuid[]…: one constant to parse, not one per element. */
export function textArrayLiteral(values: string[]): string {
  return text(`{${values.map((v) => `"${v.replace(ARRAY_ELEMENT_ESCAPES, '\\$&')}"`).join(',')}}`);
}

const ARRAY_ELEMENT_ESCAPES = /["\\]/g;

export function intArrayLiteral(values: number[]): string {
  return `'{${values.map(int).join(',')}}'`;
}
