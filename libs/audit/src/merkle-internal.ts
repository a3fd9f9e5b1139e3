/** Helpers shared by merkle-tree.ts and proofs.ts; not part of the package API. */

export function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}
