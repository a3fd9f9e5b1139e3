import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import { AppError } from '@accord/platform';
import { APP_CONFIG, AppConfig } from '@accord/server';

export class RateLimitedError extends AppError {
  constructor(what: string, retryAfterSeconds: number) {
    super('rate-limited', 'rate-limited', `Too many ${what}; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_TRACKED = 50_000;

/**
 * A token bucket per key: it refills at `perMinute` / 60 a second and holds a quarter of a
 * minute's allowance (at least 5), so short bursts pass and sustained floods get 429. A rate of 0
 * turns it off.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;
  private readonly capacity: number;

  constructor(
    perMinute: number,
    private readonly what: string,
  ) {
    this.perSecond = perMinute / 60;
    this.capacity = Math.max(5, Math.ceil(perMinute / 4));
  }

  /** Takes one token for `key`; throws RateLimitedError when there is none. */
  take(key: string): void {
    if (this.perSecond <= 0) return;
    const now = Date.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens < 1) throw new RateLimitedError(this.what, Math.ceil((1 - bucket.tokens) / this.perSecond));
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_TRACKED) this.forgetIdle(now);
  }

  /** Throws RateLimitedError when `key` has no token left, without taking one. */
  check(key: string): void {
    if (this.perSecond <= 0) return;
    const bucket = this.refilled(key, Date.now());
    if (bucket.tokens < 1) throw new RateLimitedError(this.what, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Full buckets carry no information: dropping them bounds memory. */
  private forgetIdle(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
  }
}

export const COUNTED_PER_ADDRESS_KEY = 'accord:rate-limit:per-address';

/**
 * Marks `@Public()` routes whose every request counts against its remote address's public-reads
 * limit: anyone may read them, so the address is all there is to count.
 */
export const CountedPerAddress = (): MethodDecorator & ClassDecorator => SetMetadata(COUNTED_PER_ADDRESS_KEY, true);

/**
 * The API's rate limits (RATE_LIMIT_*_PER_MINUTE): writes and reads per verified caller, applied
 * by EdgeGuard right after authentication (so they count verified callers, not claimed ones, and
 * refuse before the body is validated); failed authentications, local sign-ins and reads of the
 * public register ({@link CountedPerAddress}) per remote address, so nobody can try tokens or
 * people by the thousand, nor flood what anyone may read.
 */
@Injectable()
export class RateLimits {
  readonly writes: TokenBuckets;
  readonly reads: TokenBuckets;
  readonly authFailures: TokenBuckets;
  readonly signIns: TokenBuckets;
  readonly publicReads: TokenBuckets;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.writes = new TokenBuckets(config.rateLimitWritesPerMinute, 'writes');
    this.reads = new TokenBuckets(config.rateLimitReadsPerMinute, 'reads');
    this.authFailures = new TokenBuckets(config.rateLimitAuthFailuresPerMinute, 'failed authentications');
    this.signIns = new TokenBuckets(config.rateLimitSignInsPerMinute, 'sign-ins');
    this.publicReads = new TokenBuckets(config.rateLimitPublicReadsPerMinute, 'reads of the public register');
  }
}
