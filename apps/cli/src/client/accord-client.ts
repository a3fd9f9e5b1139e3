/**
 * A small typed HTTP client for the Accord API, for programs that drive a running instance (the
 * `accord demo` command, the command benchmark). It mints each caller's bearer token with the
 * embedded default's local Ed25519 key (the one the server keeps in its data directory), caches
 * it until shortly before it expires, and turns RFC 9457 problems into `AccordRequestError`s
 * carrying the status and the stable problem `code`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SIGNING_KEY_FILE, loadOrCreateLocalSigningKey, mintToken, Role, TokenSigningKey } from '@accord/access';

/** Who makes a request: the claims of the token minted for it. */
export interface Caller {
  personId: string;
  orgId: string;
  roles: readonly Role[];
}

/** One event a command appended (or, for a replay, had appended). */
export interface AppendedEvent {
  eventId: string;
  type: string;
  position: number;
  revision: number;
}

/** What every command answers: ids, the stream's new revision and the log position it wrote. */
export interface CommandResult {
  ids: Record<string, string>;
  streamId: string;
  revision: number;
  position: number;
  events: AppendedEvent[];
  /** True when this answers a retried Idempotency-Key: nothing new was written. */
  replayed: boolean;
}

export interface CommandOptions {
  /** Retries with the same key (by the same person) get the first result and write nothing. */
  idempotencyKey?: string;
  /** The stream revision last seen; 409 `wrong-expected-revision` if the stream moved on. */
  ifMatch?: number;
}

/** An RFC 9457 problem body as Accord sends it (`code` is the stable part). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

/** A request the API refused (or could not answer): status, problem code, and what was asked. */
export class AccordRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status; 0 when no answer came (connection refused, timeout). */
    readonly status: number,
    /** The problem's stable `code`, e.g. `authority-value-exceeded`; `network-error` when no answer came. */
    readonly code: string,
    readonly problem: Problem | undefined,
    readonly caller?: Caller,
    options?: { cause?: unknown },
  ) {
    const who = caller ? ` as ${caller.personId} (${caller.orgId})` : '';
    const what = status === 0 ? code : `${status} ${code}`;
    super(`${method} ${path}${who}: ${what}${problem?.detail ? ` — ${problem.detail}` : ''}`, options);
    this.name = 'AccordRequestError';
  }
}

/** The client cannot mint tokens (no signing key where the server keeps it). */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** True when `err` is an AccordRequestError with this problem code (and status, if given). */
export function isProblem(err: unknown, code: string, status?: number): err is AccordRequestError {
  return err instanceof AccordRequestError && err.code === code && (status === undefined || err.status === status);
}

export interface AccordClientOptions {
  /** e.g. http://127.0.0.1:3000 (a trailing slash is fine). */
  baseUrl: string;
  /** The server's data directory (ACCORD_DATA_DIR), which holds the local signing key. */
  dataDir: string;
  /** Token `iss`; the server's AUTH_ISSUER (default `accord-local`). */
  issuer?: string;
  /** Token `aud`; the server's AUTH_AUDIENCE (default `accord`). */
  audience?: string;
  /** Lifetime of minted tokens in seconds (default 3600); cached tokens are renewed a minute before they expire. */
  tokenLifetimeSeconds?: number;
  /** Per-request timeout in milliseconds (default 30,000). */
  timeoutMs?: number;
  /** How often a 429 or 503 answer is retried after its Retry-After (default 5; 0 = never). */
  maxRetries?: number;
  /**
   * Create the signing key when the data directory has none (default false: a missing key almost
   * always means the wrong directory, and tokens signed with a new key would all be refused).
   */
  createKey?: boolean;
}

interface CachedToken {
  token: Promise<string>;
  expiresAtMs: number;
}

const RENEW_BEFORE_EXPIRY_MS = 60_000;

export class AccordClient {
  readonly baseUrl: string;
  private readonly tokens = new Map<string, CachedToken>();
  private key: Promise<TokenSigningKey> | undefined;

  constructor(private readonly options: AccordClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** The caller's bearer token, minted once and reused until shortly before it expires. */
  token(caller: Caller): Promise<string> {
    const cacheKey = `${caller.personId}\n${caller.orgId}\n${[...caller.roles].sort().join(',')}`;
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expiresAtMs - RENEW_BEFORE_EXPIRY_MS > Date.now()) return cached.token;
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const token = this.signingKey().then((key) =>
      mintToken(
        {
          personId: caller.personId,
          orgId: caller.orgId,
          roles: caller.roles,
          expiresIn: lifetime,
          issuer: this.options.issuer ?? 'accord-local',
          audience: this.options.audience ?? 'accord',
        },
        key,
      ),
    );
    this.tokens.set(cacheKey, { token, expiresAtMs: Date.now() + lifetime * 1000 });
    token.catch(() => this.tokens.delete(cacheKey));
    return token;
  }

  /** POST a command; resolves to the command response, rejects with AccordRequestError. */
  async command(
    caller: Caller,
    path: string,
    body: unknown = {},
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const headers: Record<string, string> = {};
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    return (await this.request<CommandResult>('POST', path, { caller, body, headers })).body;
  }

  /** GET a resource as the caller; resolves to the parsed JSON body. */
  async get<T = unknown>(caller: Caller, path: string): Promise<T> {
    return (await this.request<T>('GET', path, { caller })).body;
  }

  /** GET without a token (health, docs). */
  async getPublic<T = unknown>(path: string): Promise<T> {
    return (await this.request<T>('GET', path, {})).body;
  }

  /** Polls GET /health/ready until it answers 200; throws after `timeoutMs` with the last failure. */
  async waitUntilReady(timeoutMs = 60_000, intervalMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.request('GET', '/health/ready', { retries: 0, timeoutMs: 2000 });
        return;
      } catch (err) {
        if (Date.now() + intervalMs > deadline) throw err;
      }
      await sleep(intervalMs);
    }
  }

  /** The one request path: JSON in and out, problems → AccordRequestError, 429/503 retried after Retry-After. */
  async request<T>(
    method: string,
    path: string,
    options: {
      caller?: Caller;
      body?: unknown;
      headers?: Record<string, string>;
      retries?: number;
      timeoutMs?: number;
    },
  ): Promise<{ status: number; headers: Headers; body: T }> {
    const maxRetries = options.retries ?? this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (options.caller) headers.authorization = `Bearer ${await this.token(options.caller)}`;
      let payload: string | undefined;
      if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000),
        });
      } catch (err) {
        const reason = describeNetworkError(err);
        throw new AccordRequestError(
          method,
          path,
          0,
          'network-error',
          { detail: `no answer from ${this.baseUrl}: ${reason}` },
          options.caller,
          { cause: err },
        );
      }
      const text = await response.text();
      let parsed: unknown = undefined;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      if (response.ok) return { status: response.status, headers: response.headers, body: parsed as T };

      const problem: Problem =
        typeof parsed === 'object' && parsed !== null
          ? (parsed as Problem)
          : { detail: typeof parsed === 'string' ? parsed.slice(0, 300) : undefined };
      const retryable = response.status === 429 || response.status === 503;
      if (retryable && attempt < maxRetries) {
        await sleep(retryAfterMs(response.headers.get('retry-after')));
        continue;
      }
      throw new AccordRequestError(
        method,
        path,
        response.status,
        problem.code ?? `http-${response.status}`,
        problem,
        options.caller,
      );
    }
  }

  private signingKey(): Promise<TokenSigningKey> {
    this.key ??= (async () => {
      if (!this.options.createKey && !existsSync(join(this.options.dataDir, LOCAL_SIGNING_KEY_FILE))) {
        throw new SigningKeyError(
          `no token-signing key in ${this.options.dataDir} (${LOCAL_SIGNING_KEY_FILE}): point ACCORD_DATA_DIR at the data directory of the running server`,
        );
      }
      return loadOrCreateLocalSigningKey(this.options.dataDir);
    })();
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}

function retryAfterMs(header: string | null): number {
  const seconds = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  const date = header === null ? Number.NaN : Date.parse(header);
  if (Number.isFinite(date)) return Math.min(Math.max(date - Date.now(), 0), 60_000);
  return 1000;
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'timed out';
  return err instanceof Error ? err.message : String(err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
