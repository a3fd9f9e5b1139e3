import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { AuditKeySettings } from '@accord/audit/postgres';
import type { KafkaSettings } from '@accord/feeds';

/**
 * Configuration comes from the environment only, validated once at start. A bad value stops the
 * process with one line naming the variable, instead of failing later in some request.
 */
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalUrl = z.string().url().optional();

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    // A streaming replica of DATABASE_URL's database: queries read their read models there.
    DATABASE_READ_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    // At least 2: the audit sealer reads a batch's leaves and checks its columns on two connections at once.
    DATABASE_POOL_SIZE: positiveInt.min(2).max(200).default(10),
    // What the ledger's cache of aggregate states may hold, in MiB (libs/server/src/ledger/held-states.ts).
    AGGREGATE_CACHE_MIB: positiveInt.max(65_536).default(64),
    ACCORD_DATA_DIR: z.string().min(1).default('./data'),
    EMBEDDED_PG_PORT: port.default(54329),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EVENT_MAX_BYTES: positiveInt.max(16 * 1024 * 1024).default(256 * 1024),
    BODY_LIMIT_BYTES: positiveInt.max(64 * 1024 * 1024).default(1024 * 1024),
    BACKGROUND_JOBS: z.enum(['in-process', 'off']).default('in-process'),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_READS_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(60),
    RATE_LIMIT_SIGN_INS_PER_MINUTE: z.coerce.number().int().min(0).default(30),
    RATE_LIMIT_PUBLIC_READS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    READ_MODEL_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    READ_MODEL_CHECK_EVERY_MINUTES: z.coerce.number().min(0).default(60),
    AUTH_JWKS_URL: optionalUrl,
    AUTH_ISSUER: z.string().min(1).default('accord-local'),
    AUTH_AUDIENCE: z.string().min(1).default('accord'),
    AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    // Web console (/console): sign-in by picking a person is for the embedded default only.
    CONSOLE_LOCAL_SIGN_IN: z.enum(['on', 'off']).optional(),
    CONSOLE_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    CONSOLE_OIDC_SCOPE: z.string().min(1).max(500).default('openid profile'),
    // Change feeds (libs/feeds): Kafka is off unless KAFKA_BROKERS names at least one broker.
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^\s,]+:\d{1,5}(,[^\s,]+:\d{1,5})*$/, 'must be host:port[,host:port…]')
      .optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default('accord'),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]{0,200}$/, 'may hold only letters, digits, dots, underscores and hyphens')
      .default('accord.'),
    KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_SSL: z.enum(['true', 'false']).default('false'),
    KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
    FEED_HEARTBEAT_SECONDS: positiveInt.max(3600).default(15),
    FEED_SLOW_READER_SECONDS: positiveInt.max(3600).default(10),
    FEED_RING_MIB: positiveInt.max(4096).default(8),
    AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
    // Personal data (DESIGN §4): the key-encryption key, base64 of 32 bytes, or a file holding it.
    ACCORD_KEK: z.string().min(1).optional(),
    ACCORD_KEK_FILE: z.string().min(1).optional(),
    // Authenticates the events a commit's notice carries to other processes' followers (libs/event-store).
    ACCORD_NOTICE_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes (openssl rand -base64 32)')
      .optional(),
    AUDIT_ORIGIN: z
      .string()
      .regex(
        /^[\x21-\x2a\x2c-\x7e]{1,200}$/,
        'must be printable ASCII without spaces or "+" (it is also the signing key name)',
      )
      .default('accord.local/log'),
    AUDIT_CHECKPOINT_EVERY_EVENTS: positiveInt.default(1000),
    AUDIT_CHECKPOINT_EVERY_SECONDS: z.coerce.number().positive().default(10),
    WEBHOOK_KEY_FILE: z.string().min(1).optional(),
    WEBHOOK_ALLOW_ADDRESSES: z
      .string()
      .regex(/^[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*$/, 'must be addresses or CIDR ranges, comma-separated')
      .optional(),
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(15),
    WEBHOOK_MAX_RESPONSE_BYTES: positiveInt.max(16 * 1024 * 1024).default(64 * 1024),
    WEBHOOK_RETRY_SCHEDULE_MS: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be delays in milliseconds, comma-separated')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD))
      ctx.addIssue({
        code: 'custom',
        path: [env.KAFKA_SASL_USERNAME ? 'KAFKA_SASL_PASSWORD' : 'KAFKA_SASL_USERNAME'],
        message: 'is required with KAFKA_SASL_MECHANISM',
      });
    if (env.KAFKA_SSL_CA_FILE && env.KAFKA_SSL !== 'true')
      ctx.addIssue({ code: 'custom', path: ['KAFKA_SSL_CA_FILE'], message: 'needs KAFKA_SSL=true' });
    if (env.AUTH_JWKS_URL && env.AUTH_ISSUER === 'accord-local')
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_ISSUER'],
        message: 'must name the OIDC issuer when AUTH_JWKS_URL is set',
      });
    if (env.AUTH_JWKS_URL && env.CONSOLE_LOCAL_SIGN_IN === 'on')
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_LOCAL_SIGN_IN'],
        message: 'cannot be on with AUTH_JWKS_URL: tokens then come from the OIDC issuer only',
      });
    if (env.CONSOLE_OIDC_CLIENT_ID && !env.AUTH_JWKS_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_OIDC_CLIENT_ID'],
        message: 'needs AUTH_JWKS_URL and AUTH_ISSUER (the OIDC issuer the console signs in with)',
      });
    if (env.DATABASE_READ_URL && !env.DATABASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_READ_URL'],
        message: 'needs DATABASE_URL (the replica streams from a primary you run, not from the embedded database)',
      });
  });

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** A streaming replica that serves queries (read models); commands and the log's writes stay on the primary. */
  databaseReadUrl?: string;
  databasePoolSize: number;
  /** The budget of the ledger's cache of aggregate states, in bytes as it reckons them. */
  aggregateCacheBytes: number;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  eventMaxBytes: number;
  bodyLimitBytes: number;
  /** 'off' when apps/worker runs the background jobs instead of the API. */
  backgroundJobs: 'in-process' | 'off';
  /** Per caller; 0 turns the limit off. */
  rateLimitWritesPerMinute: number;
  /** Per caller; 0 turns the limit off. */
  rateLimitReadsPerMinute: number;
  /** Requests with a missing or refused token, per remote address; 0 turns the limit off. */
  rateLimitAuthFailuresPerMinute: number;
  /** Local sign-ins per remote address; 0 turns the limit off. */
  rateLimitSignInsPerMinute: number;
  /** Reads of the public register (no token) per remote address; 0 turns the limit off. */
  rateLimitPublicReadsPerMinute: number;
  /** How long a query with `minPosition` waits for its read model before answering 503. */
  readModelWaitMs: number;
  /** How often the background jobs check every read model against the log; 0 never (the check rebuilds them all). */
  readModelCheckEveryMinutes: number;
  /** clockToleranceSeconds: leeway for a token's exp, nbf and iat (clock skew between Accord and the provider). */
  auth: { jwksUrl?: string; issuer: string; audience: string; clockToleranceSeconds: number };
  console: ConsoleConfig;
  /** Undefined when KAFKA_BROKERS is unset: no relay runs. */
  kafka?: KafkaSettings;
  /**
   * SSE: idle time before a heartbeat; how long a write may wait for a slow reader before it is
   * cut off; the memory for the recent events the feed hub keeps for subscribers near the head.
   */
  feed: { heartbeatMs: number; slowReaderMs: number; ringBytes: number };
  audit: AuditConfig;
  /** The key-encryption key: given, in a file, or else `<dataDir>/personal-data-kek` (created). */
  kek: { value?: string; file?: string };
  /** Shared by every process of the deployment: they then take each other's commits from their notices. */
  noticeKey?: Buffer;
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** Ed25519 PKCS#8 PEM every endpoint's signing keys are derived from (never stored, never in the ledger). */
  keyFile: string;
  /** Only the embedded default's own key file is created when missing: a fresh key would change every endpoint's. */
  createKeyFile: boolean;
  /** Private addresses (or ranges) deliveries may reach nonetheless; none by default. */
  allowAddresses: string[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** Delays after each failure of one event; the Standard Webhooks schedule unless set (tests). */
  retryScheduleMs?: number[];
}

export interface ConsoleConfig {
  /** Sign in by choosing a person of the ledger, with a token minted by this server (embedded default, loopback callers only). */
  localSignIn: boolean;
  /** Authorization code + PKCE against AUTH_ISSUER, when a client id is configured. */
  oidc?: { clientId: string; scope: string };
}

export interface AuditConfig extends AuditKeySettings {
  checkpointEveryEvents: number;
  checkpointEverySeconds: number;
}

export class ConfigError extends Error {}

/** The CAs a private Kafka cluster's certificates chain to, read once at start (instead of Node's default CAs). */
function readCaFile(path: string): string {
  try {
    const pem = readFileSync(resolve(path), 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('it holds no PEM certificate');
    return pem;
  } catch (err) {
    throw new ConfigError(`invalid configuration: KAFKA_SSL_CA_FILE cannot be used (${(err as Error).message})`);
  }
}

/** Variables whose value a configuration error must not echo. */
const SECRETS = new Set(['ACCORD_KEK', 'ACCORD_NOTICE_KEY', 'KAFKA_SASL_PASSWORD']);

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // `DATABASE_URL= npm start` means "unset", as in most tools.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const value = SECRETS.has(name) ? undefined : env[name];
    throw new ConfigError(
      `invalid configuration: ${name} ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    aggregateCacheBytes: e.AGGREGATE_CACHE_MIB * 2 ** 20,
    dataDir: resolve(e.ACCORD_DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    eventMaxBytes: e.EVENT_MAX_BYTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    backgroundJobs: e.BACKGROUND_JOBS,
    rateLimitWritesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    rateLimitReadsPerMinute: e.RATE_LIMIT_READS_PER_MINUTE,
    rateLimitAuthFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    rateLimitSignInsPerMinute: e.RATE_LIMIT_SIGN_INS_PER_MINUTE,
    rateLimitPublicReadsPerMinute: e.RATE_LIMIT_PUBLIC_READS_PER_MINUTE,
    readModelWaitMs: e.READ_MODEL_WAIT_MS,
    readModelCheckEveryMinutes: e.READ_MODEL_CHECK_EVERY_MINUTES,
    kek: { value: e.ACCORD_KEK, file: e.ACCORD_KEK_FILE && resolve(e.ACCORD_KEK_FILE) },
    noticeKey: e.ACCORD_NOTICE_KEY === undefined ? undefined : Buffer.from(e.ACCORD_NOTICE_KEY, 'base64'),
    auth: {
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
    },
    console: {
      localSignIn: !e.AUTH_JWKS_URL && e.CONSOLE_LOCAL_SIGN_IN !== 'off',
      oidc: e.CONSOLE_OIDC_CLIENT_ID ? { clientId: e.CONSOLE_OIDC_CLIENT_ID, scope: e.CONSOLE_OIDC_SCOPE } : undefined,
    },
    kafka: e.KAFKA_BROKERS
      ? {
          brokers: e.KAFKA_BROKERS.split(','),
          clientId: e.KAFKA_CLIENT_ID,
          topicPrefix: e.KAFKA_TOPIC_PREFIX,
          sasl: e.KAFKA_SASL_MECHANISM
            ? { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME!, password: e.KAFKA_SASL_PASSWORD! }
            : undefined,
          ssl: e.KAFKA_SSL === 'true' ? (e.KAFKA_SSL_CA_FILE ? { ca: readCaFile(e.KAFKA_SSL_CA_FILE) } : true) : false,
        }
      : undefined,
    feed: {
      heartbeatMs: e.FEED_HEARTBEAT_SECONDS * 1000,
      slowReaderMs: e.FEED_SLOW_READER_SECONDS * 1000,
      ringBytes: e.FEED_RING_MIB * 2 ** 20,
    },
    audit: {
      signingKeyFile: resolve(e.AUDIT_SIGNING_KEY_FILE ?? join(e.ACCORD_DATA_DIR, 'audit-signing-key.pem')),
      createSigningKey: e.AUDIT_SIGNING_KEY_FILE === undefined,
      origin: e.AUDIT_ORIGIN,
      checkpointEveryEvents: e.AUDIT_CHECKPOINT_EVERY_EVENTS,
      checkpointEverySeconds: e.AUDIT_CHECKPOINT_EVERY_SECONDS,
    },
    webhooks: {
      keyFile: resolve(e.WEBHOOK_KEY_FILE ?? join(e.ACCORD_DATA_DIR, 'webhook-key.pem')),
      createKeyFile: e.WEBHOOK_KEY_FILE === undefined,
      allowAddresses: e.WEBHOOK_ALLOW_ADDRESSES?.split(',') ?? [],
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      maxResponseBytes: e.WEBHOOK_MAX_RESPONSE_BYTES,
      retryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE_MS?.split(',').map(Number),
    },
  };
}

export const APP_CONFIG = Symbol('AppConfig');

/** For process entry points: a bad value ends the process with its one-line message and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
