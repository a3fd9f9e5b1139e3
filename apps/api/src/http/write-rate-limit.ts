import { Inject, Injectable } from '@nestjs/common';
import { PrincipalRequest } from '@accord/access';
import { AppError } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '@accord/server';

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('rate-limited', 'rate-limited', `Too many writes; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_TRACKED = 50_000;

/**
 * Per-caller token bucket on writes, applied by EdgeGuard right after authentication, so it counts
 * verified callers, not claimed ones, and refuses before the body is validated. It refills at RATE_LIMIT_WRITES_PER_MINUTE / 60 per second
 * and holds a quarter of a minute's allowance, so short bursts pass and sustained floods get 429.
 */
@Injectable()
export class WriteRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;
  private readonly capacity: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.perSecond = config.rateLimitWritesPerMinute / 60;
    this.capacity = Math.max(5, Math.ceil(config.rateLimitWritesPerMinute / 4));
  }

  /** Throws RateLimitedError when the request is a write and its caller has no allowance left. */
  check(request: PrincipalRequest & { method: string }): void {
    if (this.perSecond > 0 && !READS.has(request.method) && request.principal) this.take(request.principal.personId);
  }

  private take(caller: string): void {
    const now = Date.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) throw new RateLimitedError(Math.ceil((1 - bucket.tokens) / this.perSecond));
    bucket.tokens -= 1;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > MAX_TRACKED) this.forgetIdle(now);
  }

  /** Full buckets carry no information: dropping them bounds memory. */
  private forgetIdle(now: number): void {
    for (const [caller, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(caller);
  }
}
