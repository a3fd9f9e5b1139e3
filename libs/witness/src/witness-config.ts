import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { KnownLogs } from './known-logs';

/**
 * A witness is configured by environment variables only, validated once at start: a bad value
 * stops it with one line naming the variable.
 */
const port = z.coerce.number().int().min(0).max(65535);

const schema = z
  .object({
    WITNESS_PORT: port.default(3100),
    WITNESS_HOST: z.string().min(1).default('127.0.0.1'),
    WITNESS_NAME: z
      .string()
      .regex(/^[\x21-\x2a\x2c-\x7e]{1,200}$/, 'must be printable ASCII without spaces or "+" (a signed-note key name)')
      .default('accord.local/witness'),
    WITNESS_DATA_DIR: z.string().min(1).default('./data/witness'),
    WITNESS_KEY_FILE: z.string().min(1).optional(),
    WITNESS_LOGS: z.string().min(1).optional(),
    WITNESS_LOGS_FILE: z.string().min(1).optional(),
    WITNESS_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    WITNESS_PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (!env.WITNESS_LOGS && !env.WITNESS_LOGS_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['WITNESS_LOGS'],
        message:
          "is required (or WITNESS_LOGS_FILE): the vkey of each log to witness, e.g. the Accord log's from GET /v1/audit/public-key",
      });
  });

export interface WitnessConfig {
  port: number;
  host: string;
  name: string;
  dataDir: string;
  keyFile: string;
  /** Only the default key file is created when missing; a named one must exist. */
  createKey: boolean;
  logs: KnownLogs;
  databaseUrl?: string;
  /** The submission prefix a log should call, as printed for registration. */
  publicUrl?: string;
  logLevel: string;
}

export class WitnessConfigError extends Error {}

export function loadWitnessConfig(env: NodeJS.ProcessEnv): WitnessConfig {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0]);
    const value = env[name];
    throw new WitnessConfigError(
      `invalid configuration: ${name} ${issue?.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
    );
  }
  const e = parsed.data;
  return {
    port: e.WITNESS_PORT,
    host: e.WITNESS_HOST,
    name: e.WITNESS_NAME,
    dataDir: resolve(e.WITNESS_DATA_DIR),
    keyFile: resolve(e.WITNESS_KEY_FILE ?? join(e.WITNESS_DATA_DIR, 'witness-key.pem')),
    createKey: e.WITNESS_KEY_FILE === undefined,
    logs: knownLogs(e.WITNESS_LOGS, e.WITNESS_LOGS_FILE),
    databaseUrl: e.WITNESS_DATABASE_URL,
    publicUrl: e.WITNESS_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
  };
}

function knownLogs(inline: string | undefined, file: string | undefined): KnownLogs {
  let text = inline ?? '';
  if (file !== undefined) {
    try {
      text += `\n${readFileSync(resolve(file), 'utf8')}`;
    } catch (err) {
      throw new WitnessConfigError(
        `invalid configuration: WITNESS_LOGS_FILE cannot be read (${(err as Error).message})`,
      );
    }
  }
  try {
    const logs = KnownLogs.parse(text);
    if (logs.origins.length === 0) throw new RangeError('it names no log');
    return logs;
  } catch (err) {
    const name = file !== undefined && inline === undefined ? 'WITNESS_LOGS_FILE' : 'WITNESS_LOGS';
    throw new WitnessConfigError(`invalid configuration: ${name} ${(err as Error).message}`);
  }
}
