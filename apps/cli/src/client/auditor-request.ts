import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SIGNING_KEY_FILE, loadOrCreateLocalSigningKey, mintToken } from '@accord/access';
import { loadConfig } from '@accord/server';

/**
 * GET `path` from the API as an auditor: at --api, ACCORD_URL or http://127.0.0.1:3000, with
 * --token or ACCORD_TOKEN, else a short-lived auditor token minted with the embedded default's
 * local key in ACCORD_DATA_DIR. A refusal is written to stderr as `accord <command>: …` and
 * returned as the exit code.
 */
export async function auditorGet(
  command: string,
  options: { api?: string; token?: string },
  path: string,
  accept: string,
): Promise<Response | number> {
  const base = (options.api ?? process.env.ACCORD_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const token = options.token ?? process.env.ACCORD_TOKEN ?? (await localAuditorToken());
  if (token === undefined) {
    process.stderr.write(
      `accord ${command}: give --token (or ACCORD_TOKEN) with the auditor role; no local signing key in ACCORD_DATA_DIR to mint one\n`,
    );
    return 2;
  }
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
  } catch (err) {
    process.stderr.write(
      `accord ${command}: no answer from ${base}: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}\n`,
    );
    return 1;
  }
  if (!response.ok || response.body === null) {
    const text = await response.text();
    let detail = text.slice(0, 300);
    try {
      const problem = JSON.parse(text) as { code?: string; detail?: string };
      detail = `${problem.code ?? ''}${problem.detail ? ` — ${problem.detail}` : ''}`;
    } catch {
      // not a problem document: show the text
    }
    process.stderr.write(`accord ${command}: ${response.status} ${detail}\n`);
    return 1;
  }
  return response;
}

async function localAuditorToken(): Promise<string | undefined> {
  const config = loadConfig(process.env);
  if (config.auth.jwksUrl || !existsSync(join(config.dataDir, LOCAL_SIGNING_KEY_FILE))) return undefined;
  const key = await loadOrCreateLocalSigningKey(config.dataDir);
  return mintToken(
    {
      personId: 'accord-cli',
      orgId: 'platform',
      roles: ['auditor'],
      expiresIn: '10m',
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    },
    key,
  );
}
