import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadOrCreateLocalSigningKey, mintToken, Role } from '@accord/access';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '@accord/server';
import { TEST_KEK } from './test-keys';

export interface Caller {
  personId: string;
  orgId: string;
  roles: Role[];
}

/**
 * The real API (the same createApp as `npm start`) listening on a free port of 127.0.0.1. Its data
 * directory is a fresh one it deletes on close, unless `env` names one (ACCORD_DATA_DIR), which is
 * then the caller's: e.g. to start the API again on the same ledger with another configuration.
 */
export interface ApiHarness {
  baseUrl: string;
  app: NestFastifyApplication;
  dataDir: string;
  token(caller: Caller, expiresIn?: string | number, issuedAt?: Date): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever came back
}

/** One line of the API's log (pino's JSON): `level` 40 is a warning, 50 an error. */
export interface LogLine {
  level: number;
  msg: string;
  context?: string;
}

/**
 * The API's log as a test that makes it warn on purpose (a witness refusing, a replica stopped)
 * reads it (startApi's `log`): the lines whose message matches what the test provokes are kept
 * for it to assert instead of printed; every other line is printed as it would have been, so a
 * warning nobody expected still shows.
 */
export class ApiLog {
  /** The lines the test provoked, in the order logged. */
  readonly provoked: LogLine[] = [];

  constructor(private readonly provoking: readonly RegExp[]) {}

  write(line: string): void {
    const parsed = JSON.parse(line) as LogLine;
    if (this.provoking.some((pattern) => pattern.test(parsed.msg))) this.provoked.push(parsed);
    else process.stdout.write(line);
  }
}

export async function startApi(env: Record<string, string>, log?: ApiLog): Promise<ApiHarness> {
  const ownDataDir = !env.ACCORD_DATA_DIR;
  const dataDir = env.ACCORD_DATA_DIR || mkdtempSync(join(tmpdir(), 'accord-api-'));
  const config = loadConfig({ LOG_LEVEL: 'warn', ACCORD_KEK: TEST_KEK, ...env, ACCORD_DATA_DIR: dataDir });
  const app = await createApp(config, log);
  // A free port unless `env` names one (a caller confined to a range of ports).
  await app.listen({ port: env.PORT ? config.port : 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const key = await loadOrCreateLocalSigningKey(dataDir);
  return {
    baseUrl,
    app,
    dataDir,
    token: (caller, expiresIn = '1h', issuedAt) =>
      mintToken({ ...caller, expiresIn, issuedAt, issuer: config.auth.issuer, audience: config.auth.audience }, key),
    request: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    close: async () => {
      await app.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
