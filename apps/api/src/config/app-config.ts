import { resolve } from 'node:path';
import { z } from 'zod';

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
    DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
    ACCORD_DATA_DIR: z.string().min(1).default('./data'),
    EMBEDDED_PG_PORT: port.default(54329),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EVENT_MAX_BYTES: positiveInt.max(16 * 1024 * 1024).default(256 * 1024),
    BODY_LIMIT_BYTES: positiveInt.max(64 * 1024 * 1024).default(1024 * 1024),
    BACKGROUND_JOBS: z.enum(['in-process', 'off']).default('in-process'),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    AUTH_JWKS_URL: optionalUrl,
    AUTH_ISSUER: z.string().min(1).default('accord-local'),
    AUTH_AUDIENCE: z.string().min(1).default('accord'),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_JWKS_URL && env.AUTH_ISSUER === 'accord-local')
      ctx.addIssue({ code: 'custom', path: ['AUTH_ISSUER'], message: 'must name the OIDC issuer when AUTH_JWKS_URL is set' });
  });

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  eventMaxBytes: number;
  bodyLimitBytes: number;
  /** 'off' when apps/worker runs the background jobs instead of the API. */
  backgroundJobs: 'in-process' | 'off';
  /** Per caller; 0 turns the limit off. */
  rateLimitWritesPerMinute: number;
  auth: { jwksUrl?: string; issuer: string; audience: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // `DATABASE_URL= npm start` means "unset", as in most tools.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const value = env[name];
    throw new ConfigError(`invalid configuration: ${name} ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: resolve(e.ACCORD_DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    eventMaxBytes: e.EVENT_MAX_BYTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    backgroundJobs: e.BACKGROUND_JOBS,
    rateLimitWritesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    auth: { jwksUrl: e.AUTH_JWKS_URL, issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE },
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
