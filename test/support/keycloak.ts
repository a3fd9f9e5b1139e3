import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Keycloak the identity-provider suites sign in with: KEYCLOAK_URL, else the local one that
 * infra/keycloak/start.sh runs and describes in infra/keycloak/run/keycloak.json (127.0.0.1:18080
 * by default). Its master-realm administrator comes from KEYCLOAK_ADMIN_USERNAME and
 * KEYCLOAK_ADMIN_PASSWORD, else from that file. global-setup.ts probes it once; without it the
 * Keycloak suites skip with a warning, and under CI=true its absence fails the run.
 */
export const KEYCLOAK_ENV = 'ACCORD_TEST_KEYCLOAK';
const DESCRIPTION = join(__dirname, '..', '..', 'infra', 'keycloak', 'run', 'keycloak.json');

export interface KeycloakServer {
  url: string;
  adminUsername: string;
  adminPassword: string;
}

function configured(): Partial<KeycloakServer> & { url: string } {
  let described: Partial<KeycloakServer> = {};
  try {
    described = JSON.parse(readFileSync(DESCRIPTION, 'utf8')) as Partial<KeycloakServer>;
  } catch {
    // not started by infra/keycloak/start.sh: the environment must say it all
  }
  return {
    url: (process.env.KEYCLOAK_URL || described.url || 'http://127.0.0.1:18080').replace(/\/+$/, ''),
    adminUsername: process.env.KEYCLOAK_ADMIN_USERNAME || described.adminUsername,
    adminPassword: process.env.KEYCLOAK_ADMIN_PASSWORD || described.adminPassword,
  };
}

export async function detectKeycloak(): Promise<void> {
  const server = configured();
  try {
    if (!server.adminUsername || !server.adminPassword)
      throw new Error(
        `no administrator: set KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD, or start it with infra/keycloak/start.sh`,
      );
    await new KeycloakAdmin(server as KeycloakServer).accessToken();
    process.env[KEYCLOAK_ENV] = JSON.stringify(server);
    process.stderr.write(`keycloak: ${server.url}\n`);
  } catch (err) {
    const message = `Keycloak at ${server.url} cannot be used (${(err as Error).message}); start one with infra/keycloak/start.sh`;
    if (process.env.CI === 'true')
      throw new Error(`${message} (CI=true: a missing service fails the run)`, { cause: err });
    process.env[KEYCLOAK_ENV] = '';
    process.stderr.write(`\n⚠ ${message}; the Keycloak suites are skipped\n`);
  }
}

/** describe() when Keycloak is there, describe.skip() (with a printed reason) when not. */
export function describeWithKeycloak(name: string, body: (server: KeycloakServer) => void): void {
  const raw = process.env[KEYCLOAK_ENV];
  if (raw) describe(name, () => body(JSON.parse(raw) as KeycloakServer));
  else
    describe.skip(`${name} (no Keycloak: see infra/keycloak/README.md)`, () =>
      body({ url: '', adminUsername: '', adminPassword: '' }));
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
}

/** The few calls of Keycloak's admin REST API the suites need, as its master-realm administrator. */
export class KeycloakAdmin {
  private token?: { value: string; expiresAtMs: number };

  constructor(readonly server: KeycloakServer) {}

  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAtMs > Date.now() + 5_000) return this.token.value;
    const response = await passwordGrant(this.server.url, 'master', 'admin-cli', {
      username: this.server.adminUsername,
      password: this.server.adminPassword,
    });
    this.token = { value: response.access_token, expiresAtMs: Date.now() + response.expires_in * 1000 };
    return response.access_token;
  }

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.server.url}/admin/realms${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`Keycloak ${method} /admin/realms${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  /** POSTs a representation under /admin/realms (`''` makes a realm) and answers the new resource's id. */
  async create(path: string, representation: Record<string, unknown>): Promise<string> {
    const response = await this.request('POST', path, representation);
    return (response.headers.get('location') ?? '').split('/').pop() as string;
  }

  async remove(path: string): Promise<void> {
    await this.request('DELETE', path);
  }

  /** Adds a generated RSA signing key; with a higher priority than the realm's others, new tokens are signed with it. */
  async addSigningKey(realm: string, name: string, priority: number): Promise<void> {
    const { id } = (await (await this.request('GET', `/${encodeURIComponent(realm)}`)).json()) as { id: string };
    await this.create(`/${encodeURIComponent(realm)}/components`, {
      name,
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: id,
      config: {
        priority: [String(priority)],
        keySize: ['2048'],
        algorithm: ['RS256'],
        active: ['true'],
        enabled: ['true'],
      },
    });
  }
}

/** Resource owner password grant: for test clients that allow it (never the console's). */
export async function passwordGrant(
  url: string,
  realm: string,
  clientId: string,
  user: { username: string; password: string },
): Promise<TokenResponse> {
  const response = await fetch(`${url}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, scope: 'openid', ...user }),
  });
  if (!response.ok)
    throw new Error(
      `Keycloak token for ${user.username} (${realm}/${clientId}): ${response.status} ${await response.text()}`,
    );
  return (await response.json()) as TokenResponse;
}
