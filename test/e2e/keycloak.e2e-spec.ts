import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { Browser } from 'playwright-core';
import { ApiHarness, startApi } from '../support/api-harness';
import { chromiumAvailable, launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { describeWithKeycloak, KeycloakAdmin, KeycloakServer, passwordGrant } from '../support/keycloak';
import { DEMO_RUN_LIMIT_MS } from '../support/processes';

/**
 * Accord against a real identity provider: Keycloak (infra/keycloak: start.sh imports
 * realm-accord.json as realm `accord`), the real API in JWKS mode and Debian's Chromium. The ledger
 * is `accord demo`'s, whose person ids are the realm's user ids, i.e. the tokens' `sub`. The suite
 * adds what it needs to that realm under names of its own, and removes them afterwards: a copy of
 * the file's console client that redirects to this run's port, test-only clients (one allowing the
 * password grant, which the console's never does; one whose tokens live 1 s; one for another
 * audience) and a person with no role. Key rotation happens in a realm of its own, made from the
 * same file, so other runs keep their keys.
 */
const LAMBETH = 'lambeth-council';
const SOUTHBANK = 'southbank-homes';
const PARTNERSHIP = 'lambeth-homes';
const AWAITING = '2026-09-clapham-park-lettings';
const PASSWORD = 'accord-demo';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const engine = testEngines()[0];

type Mapper = { name: string; protocol: string; protocolMapper: string; config: Record<string, string> };
interface ClientRep {
  clientId: string;
  protocolMappers: Mapper[];
  [key: string]: unknown;
}
interface RealmRep {
  realm: string;
  clients: ClientRep[];
  users: { id?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}
const REALM_FILE = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'infra', 'keycloak', 'realm-accord.json'), 'utf8'),
) as RealmRep;
const CONSOLE_CLIENT = REALM_FILE.clients.find((c) => c.clientId === 'accord-console') as ClientRep;
/** The org, roles and audience mappers of the file's console client. */
const ACCORD_MAPPERS = CONSOLE_CLIENT.protocolMappers;

const passwordClient = (clientId: string, mappers: Mapper[], attributes: Record<string, string> = {}) => ({
  clientId,
  publicClient: true,
  standardFlowEnabled: false,
  directAccessGrantsEnabled: true,
  protocolMappers: mappers,
  attributes,
});

function describeWithBrowserAndKeycloak(name: string, body: (server: KeycloakServer) => void): void {
  if (chromiumAvailable()) describeWithKeycloak(name, body);
  else describe.skip(name, () => body({ url: '', adminUsername: '', adminPassword: '' }));
}

describeWithBrowserAndKeycloak('Accord with Keycloak as its identity provider', (keycloak) => {
  const admin = new KeycloakAdmin(keycloak);
  const realm = REALM_FILE.realm;
  const issuer = `${keycloak.url}/realms/${realm}`;
  const suffix = randomBytes(4).toString('hex');
  const ownRealm = `accord-e2e-${suffix}`;
  const client = {
    console: `accord-console-e2e-${suffix}`,
    password: `e2e-password-${suffix}`,
    shortLived: `e2e-short-lived-${suffix}`,
    otherAudience: `other-app-${suffix}`,
  };
  const roleless = `no-role-${suffix}`;
  const cleanUp: string[] = [];
  const databases: TestDatabase[] = [];
  const apis: ApiHarness[] = [];
  let dataDir: string;
  let api: ApiHarness;
  let browser: Browser;

  /** The API in JWKS mode with a Keycloak realm: no local key, no local sign-in. */
  const startWithKeycloak = async (db: TestDatabase, env: Record<string, string> = {}, realmName = realm) => {
    const realmIssuer = `${keycloak.url}/realms/${realmName}`;
    const started = await startApi({
      DATABASE_URL: db.url,
      AUTH_JWKS_URL: `${realmIssuer}/protocol/openid-connect/certs`,
      AUTH_ISSUER: realmIssuer,
      AUTH_AUDIENCE: 'accord',
      // Exactly at `exp`, so the 1 s token is expired once a second has passed, not 31.
      AUTH_CLOCK_TOLERANCE_SECONDS: '0',
      CONSOLE_OIDC_CLIENT_ID: client.console,
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      ...env,
    });
    apis.push(started);
    return started;
  };
  const token = async (username: string, clientId = client.password, realmName = realm) =>
    (await passwordGrant(keycloak.url, realmName, clientId, { username, password: PASSWORD })).access_token;
  const partnerships = (bearer: string, on = api) => on.request('GET', '/v1/partnerships', { token: bearer });
  const added = async (path: string, representation: Record<string, unknown>) => {
    const id = await admin.create(path, representation);
    cleanUp.unshift(`${path}/${id}`);
  };

  beforeAll(async () => {
    const db = await createTestDatabase(engine);
    databases.push(db);
    // The demo mints local tokens, so it fills the ledger through the API in its default mode first.
    dataDir = mkdtempSync(join(tmpdir(), 'accord-keycloak-'));
    const seeding = await startApi({
      DATABASE_URL: db.url,
      ACCORD_DATA_DIR: dataDir,
      AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    });
    try {
      const demo = await run(process.execPath, [cli, 'demo', '--url', seeding.baseUrl], {
        env: { ...process.env, ACCORD_DATA_DIR: dataDir },
        timeout: DEMO_RUN_LIMIT_MS,
      });
      expect(demo.stdout).toMatch(/decisions: 39/);
    } finally {
      await seeding.close();
    }
    api = await startWithKeycloak(db, { ACCORD_DATA_DIR: dataDir });

    const clients = `/${realm}/clients`;
    await added(clients, { ...CONSOLE_CLIENT, clientId: client.console, redirectUris: [`${api.baseUrl}/console/*`] });
    await added(clients, passwordClient(client.password, ACCORD_MAPPERS));
    await added(clients, passwordClient(client.shortLived, ACCORD_MAPPERS, { 'access.token.lifespan': '1' }));
    await added(
      clients,
      passwordClient(client.otherAudience, [
        ...ACCORD_MAPPERS.filter((m) => m.protocolMapper !== 'oidc-audience-mapper'),
        {
          name: 'other audience',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-audience-mapper',
          config: { 'included.custom.audience': 'other-app', 'access.token.claim': 'true' },
        },
      ]),
    );
    // A member of the council whom the realm gives no role: their tokens carry no `roles` claim.
    await added(`/${realm}/users`, {
      username: roleless,
      enabled: true,
      firstName: 'Tahmina',
      lastName: 'Begum',
      email: `${roleless}@lambeth.example`,
      emailVerified: true,
      attributes: { org: [LAMBETH] },
      credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
    });
    // Made through the admin API, the person has the realm's default roles (none of them Accord's): take those away too.
    const [person] = (await (await admin.request('GET', `/${realm}/users?exact=true&username=${roleless}`)).json()) as {
      id: string;
    }[];
    const defaults = await (await admin.request('GET', `/${realm}/roles/default-roles-${realm}`)).json();
    await admin.request('DELETE', `/${realm}/users/${person!.id}/role-mappings/realm`, [defaults]);
    // The same realm under another name: user ids are unique across a Keycloak, so it gets new ones.
    await admin.create('', {
      ...REALM_FILE,
      realm: ownRealm,
      users: REALM_FILE.users.map(({ id: _id, ...user }) => user),
      clients: [passwordClient(client.password, ACCORD_MAPPERS)],
    });
    cleanUp.push(`/${ownRealm}`);
    browser = await launchChromium();
  }, DEMO_RUN_LIMIT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const started of apis) await started.close();
    for (const db of databases) await db.drop();
    for (const path of cleanUp) await admin.remove(path);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in through Keycloak’s login page (PKCE) and signs off a decision as that person', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    const authorizations: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/protocol/openid-connect/auth')) authorizations.push(url);
    });
    try {
      await page.goto(`${api.baseUrl}/console/`);
      await page.getByRole('button', { name: `Sign in with ${new URL(keycloak.url).host}` }).click();
      // Keycloak's own page: the console never sees the password.
      await page.getByLabel('Username').fill('d.hargreaves');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.screenshot({ path: join(SCREENSHOT_DIR, '13-keycloak-login.png'), fullPage: true });
      await page.getByRole('button', { name: 'Sign In' }).click();
      await page.getByRole('heading', { name: 'Partnerships', level: 1 }).waitFor();
      await page.getByText(`d.hargreaves · ${LAMBETH}`).waitFor();
      expect(new URL(page.url()).search).toBe(''); // the code and state are gone from the address bar
      expect(
        authorizations.map((u) => [u.searchParams.get('client_id'), u.searchParams.get('code_challenge_method')]),
      ).toEqual([[client.console, 'S256']]);

      await page.goto(`${api.baseUrl}/console/#/p/${PARTNERSHIP}/approvals`);
      const cell = (party: string) => page.locator(`tr[data-decision="${AWAITING}"] td[data-party="${party}"]`);
      await cell(SOUTHBANK)
        .getByText(/Signed off/)
        .waitFor();
      await cell(LAMBETH)
        .getByRole('button', { name: /^Sign off/ })
        .click();
      await page.getByRole('button', { name: 'Confirm sign-off' }).click();
      await cell(LAMBETH).getByText('Signed off').waitFor();
      await page.screenshot({ path: join(SCREENSHOT_DIR, '14-keycloak-signed-off.png'), fullPage: true });
    } finally {
      await context.close();
    }
    const { rows } = await databases[0]!.pool.query(
      "SELECT 1 FROM events WHERE stream_id = $1 AND type = 'SignOffRecorded' AND convert_from(canonical, 'UTF8') LIKE '%\"personId\":\"d.hargreaves\"%'",
      [`decision-${AWAITING}`],
    );
    expect(rows).toHaveLength(1);
  });

  it('accepts the realm’s tokens and refuses another realm’s, an expired one and another audience’s (401)', async () => {
    const accepted = await partnerships(await token('d.hargreaves'));
    expect(accepted.status).toBe(200);
    expect(accepted.body.items.map((p: { partnershipId: string }) => p.partnershipId)).toEqual([PARTNERSHIP]);

    const refusal = async (bearer: string) => {
      const response = await partnerships(bearer);
      return { status: response.status, code: response.body.code, claim: response.body.claim };
    };
    // Same users, same mappers, same audience: only the issuer (and its keys) differ.
    expect(await refusal(await token('d.hargreaves', client.password, ownRealm))).toEqual({
      status: 401,
      code: 'token-invalid-claims',
      claim: 'iss',
    });
    const otherAudience = await token('d.hargreaves', client.otherAudience);
    expect(decodeJwt(otherAudience)).toMatchObject({
      iss: issuer,
      sub: 'd.hargreaves',
      org: LAMBETH,
      aud: 'other-app',
    });
    expect(await refusal(otherAudience)).toEqual({ status: 401, code: 'token-invalid-claims', claim: 'aud' });

    const shortLived = await token('d.hargreaves', client.shortLived);
    const { exp } = decodeJwt(shortLived) as { exp: number };
    // The same clock as Keycloak's: wait until the token's second has passed.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (exp + 1) * 1000 - Date.now())));
    expect(await refusal(shortLived)).toEqual({ status: 401, code: 'token-expired', claim: undefined });
  });

  it('takes a person the realm gives no role as signed in, and refuses them by role (403)', async () => {
    const bearer = await token(roleless);
    expect(decodeJwt(bearer)).not.toHaveProperty('roles');
    const response = await partnerships(bearer);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'role-required' });
  });

  it('accepts tokens signed with a key added in Keycloak at once, without restarting the API', async () => {
    // An API of its own, so its first fetch of the key set is seconds before the rotation.
    const db = await createTestDatabase(engine);
    databases.push(db);
    const fresh = await startWithKeycloak(db, {}, ownRealm);
    const before = await token('p.adeyemi', client.password, ownRealm);
    expect((await partnerships(before, fresh)).status).toBe(200);

    await admin.addSigningKey(ownRealm, 'rotated', 1000);
    const after = await token('p.adeyemi', client.password, ownRealm);
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    const response = await partnerships(after, fresh);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 200, code: undefined });
    expect((await partnerships(before, fresh)).status).toBe(200); // the old key still verifies its tokens
  });
});
