import { badInput, ErrorCode } from './errors';

/**
 * Defensive checks of command shapes. The HTTP layer validates DTOs first; these keep the
 * domain safe when called from anywhere else (CLI, replays, tests). Failures are 400s.
 */

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badInput(ErrorCode.FieldRequired, `${field} is required`, { field });
  }
  if (!ID.test(value)) {
    throw badInput(ErrorCode.InvalidField, `${field} must be 1-128 letters, digits, '.', '_', ':' or '-'`, { field });
  }
  return value;
}

/** A non-blank string. Text is stored exactly as given (no trimming: the record is verbatim). */
export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw badInput(ErrorCode.FieldRequired, `${field} is required`, { field });
  }
  return value;
}

export function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

export function isNonEmptyTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every(isNonBlankString);
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badInput(ErrorCode.InvalidField, `${field} must be one of: ${allowed.join(', ')}`, {
      field,
      allowed: [...allowed],
    });
  }
  return value as T;
}

export function requireInteger(
  field: string,
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw badInput(ErrorCode.InvalidField, `${field} must be an integer from ${min} to ${max}`, { field, min, max });
  }
  return value;
}

/** Money: a non-negative whole number of pence. */
export function requirePence(field: string, value: unknown): number {
  return requireInteger(field, value, 0);
}

export function requireSha256Hex(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw badInput(ErrorCode.InvalidField, `${field} must be 64 lowercase hex digits (SHA-256)`, { field });
  }
  return value;
}

export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw badInput(ErrorCode.InvalidField, `${field} must be true or false`, { field });
  return value;
}
