import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('audit configuration', () => {
  it('defaults to a key file in the data directory that may be created', () => {
    expect(loadConfig({ ACCORD_DATA_DIR: '/srv/accord' }).audit).toEqual({
      signingKeyFile: join('/srv/accord', 'audit-signing-key.pem'),
      createSigningKey: true,
      origin: 'accord.local/log',
      checkpointEveryEvents: 1000,
      checkpointEverySeconds: 10,
    });
  });

  it('never creates a key file it was told to use', () => {
    const audit = loadConfig({
      AUDIT_SIGNING_KEY_FILE: 'keys/audit.pem',
      AUDIT_ORIGIN: 'camden.gov.uk/accord',
      AUDIT_CHECKPOINT_EVERY_EVENTS: '50',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5',
    }).audit;
    expect(audit).toEqual({
      signingKeyFile: resolve('keys/audit.pem'),
      createSigningKey: false,
      origin: 'camden.gov.uk/accord',
      checkpointEveryEvents: 50,
      checkpointEverySeconds: 0.5,
    });
  });

  it.each([
    [{ AUDIT_ORIGIN: 'has space' }, /AUDIT_ORIGIN/],
    [{ AUDIT_ORIGIN: 'a+b' }, /AUDIT_ORIGIN/],
    [{ AUDIT_CHECKPOINT_EVERY_EVENTS: '0' }, /AUDIT_CHECKPOINT_EVERY_EVENTS/],
    [{ AUDIT_CHECKPOINT_EVERY_SECONDS: '-1' }, /AUDIT_CHECKPOINT_EVERY_SECONDS/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
