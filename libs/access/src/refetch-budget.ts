/**
 * How often an unknown key id may make the verifier fetch the issuer's key set again: a token
 * bucket of `capacity` fetches that regains one every `refillMs`. A rotated key is fetched at
 * once (the bucket is full in normal running), while tokens with made-up key ids, which anyone
 * can send, cost the identity provider at most `capacity` fetches and then one per `refillMs`.
 */
export class RefetchBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be a positive integer');
    if (!Number.isFinite(refillMs) || refillMs <= 0) throw new Error('refillMs must be a positive number');
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Spends one fetch if any is left. */
  take(): boolean {
    const now = this.now();
    const regained = Math.floor((now - this.updatedAt) / this.refillMs);
    if (regained > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + regained);
      this.updatedAt = this.tokens === this.capacity ? now : this.updatedAt + regained * this.refillMs;
    }
    if (this.tokens === 0) return false;
    this.tokens -= 1;
    return true;
  }
}
