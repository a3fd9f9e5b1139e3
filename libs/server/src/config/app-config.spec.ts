import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: resolve('./data'),
      eventMaxBytes: 262144,
    });
    expect(config.auth).toEqual({
      jwksUrl: undefined,
      issuer: 'accord-local',
      audience: 'accord',
      clockToleranceSeconds: 30,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it.each([
    [{ PORT: 'eighty' }, /^invalid configuration: PORT .*\(got "eighty"\)$/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ EVENT_MAX_BYTES: '-1' }, /EVENT_MAX_BYTES/],
    [{ DATABASE_POOL_SIZE: '1' }, /DATABASE_POOL_SIZE/],
    [{ AUTH_JWKS_URL: 'https://id.example/jwks' }, /AUTH_ISSUER must name the OIDC issuer/],
    [
      { AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_ISSUER: 'https://id.example', CONSOLE_LOCAL_SIGN_IN: 'on' },
      /CONSOLE_LOCAL_SIGN_IN cannot be on with AUTH_JWKS_URL/,
    ],
    [{ CONSOLE_OIDC_CLIENT_ID: 'accord-console' }, /CONSOLE_OIDC_CLIENT_ID needs AUTH_JWKS_URL/],
    [{ DATABASE_READ_URL: 'postgres://replica/accord' }, /DATABASE_READ_URL needs DATABASE_URL/],
    [{ ACCORD_NOTICE_KEY: 'c2hvcnQ=' }, /ACCORD_NOTICE_KEY must be base64 of 32 bytes/],
    [
      { DATABASE_URL: 'postgres://primary/accord', DATABASE_READ_URL: 'replica' },
      /DATABASE_READ_URL must be a postgres/,
    ],
    [{ AUTH_CLOCK_TOLERANCE_SECONDS: '600' }, /AUTH_CLOCK_TOLERANCE_SECONDS/],
    [{ KAFKA_BROKERS: 'k:9092', KAFKA_SSL_CA_FILE: '/etc/ca.pem' }, /KAFKA_SSL_CA_FILE needs KAFKA_SSL=true/],
    [
      { KAFKA_BROKERS: 'k:9092', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' },
      /KAFKA_SSL_CA_FILE cannot be used \(ENOENT/,
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret it refuses', () => {
    expect(() => loadConfig({ ACCORD_NOTICE_KEY: 'c2VjcmV0LXRvby1zaG9ydA==' })).toThrow(
      /^invalid configuration: ACCORD_NOTICE_KEY must be base64 of 32 bytes \(openssl rand -base64 32\)$/,
    );
    expect(loadConfig({ ACCORD_NOTICE_KEY: Buffer.alloc(32, 7).toString('base64') }).noticeKey).toEqual(
      Buffer.alloc(32, 7),
    );
  });

  it('offers the console local sign-in in the embedded default only, and OIDC sign-in when a client id is set', () => {
    expect(loadConfig({}).console).toEqual({ localSignIn: true, oidc: undefined });
    expect(loadConfig({ CONSOLE_LOCAL_SIGN_IN: 'off' }).console.localSignIn).toBe(false);
    const oidc = loadConfig({
      AUTH_JWKS_URL: 'https://id.example/jwks',
      AUTH_ISSUER: 'https://id.example',
      CONSOLE_OIDC_CLIENT_ID: 'accord-console',
    });
    expect(oidc.console).toEqual({ localSignIn: false, oidc: { clientId: 'accord-console', scope: 'openid profile' } });
  });
});
