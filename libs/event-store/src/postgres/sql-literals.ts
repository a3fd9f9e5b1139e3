import { escapeLiteral } from 'pg';

/**
 * SQL literals for the group-commit statements. They are sent with the simple query protocol so
 * that a whole batch (several statements and its COMMIT) costs one round trip; parameters are
 * not allowed there. Every value goes through one of these functions: text via pg's own
 * escapeLiteral, bytes as hex, numbers only after an integer check.
 */
export function text(value: string): string {
  if (value.includes('\0')) throw new Error('text literal contains NUL');
  return escapeLiteral(value);
}

export function nullableText(value: string | null): string {
  return value === null ? 'NULL' : text(value);
}

export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function bytea(value: Buffer): string {
  return `'\\x${value.toString('hex')}'::bytea`;
}

export function textArray(values: string[]): string {
  return values.length === 0 ? 'ARRAY[]::text[]' : `ARRAY[${values.map(text).join(',')}]::text[]`;
}
