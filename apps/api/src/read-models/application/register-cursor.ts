import { BadInputError } from '@accord/platform';

/**
 * The register's paging cursor: opaque to callers (base64url JSON), it holds the position of the
 * last decision's draft. The register is ordered by that position, newest first, which is unique
 * and never changes, so pages neither repeat nor skip a decision while others are drafted.
 */
export function encodeCursor(draftedPosition: number): string {
  return Buffer.from(JSON.stringify({ v: 1, before: draftedPosition })).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; before?: unknown };
    if (parsed.v === 1 && Number.isSafeInteger(parsed.before) && (parsed.before as number) > 0)
      return parsed.before as number;
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new BadInputError('invalid-cursor', 'The cursor is not one this register handed out', { field: 'cursor' });
}
