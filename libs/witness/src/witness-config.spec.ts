import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { encodeVerifierKey } from '@accord/audit';
import { loadWitnessConfig, WitnessConfigError } from './witness-config';

const vkey = (origin: string) => encodeVerifierKey(origin, generateKeyPairSync('ed25519').publicKey);

describe('loadWitnessConfig', () => {
  const log = vkey('accord.example/log');

  it('needs only the log key; the rest has embedded defaults', () => {
    const config = loadWitnessConfig({ WITNESS_LOGS: log });
    expect(config).toMatchObject({
      port: 3100,
      host: '127.0.0.1',
      name: 'accord.local/witness',
      dataDir: resolve('./data/witness'),
      keyFile: resolve('./data/witness/witness-key.pem'),
      createKey: true,
      databaseUrl: undefined,
    });
    expect(config.logs.origins).toEqual(['accord.example/log']);
  });

  it('reads several logs, and two keys of one log (rotation), separated by spaces, commas, newlines, with comments', () => {
    const rotated = vkey('accord.example/log');
    const config = loadWitnessConfig({
      WITNESS_LOGS: `# the council's ledger\n${log}, ${rotated}\n${vkey('other.example/log')} # a second log`,
    });
    expect(config.logs.origins).toEqual(['accord.example/log', 'other.example/log']);
    expect(config.logs.keys('accord.example/log')).toHaveLength(2);
  });

  it('trusts a named key file only if it exists (createKey false)', () => {
    expect(loadWitnessConfig({ WITNESS_LOGS: log, WITNESS_KEY_FILE: '/etc/witness.pem' })).toMatchObject({
      keyFile: '/etc/witness.pem',
      createKey: false,
    });
  });

  it.each([
    [{}, /^invalid configuration: WITNESS_LOGS is required \(or WITNESS_LOGS_FILE\)/],
    [{ WITNESS_LOGS: 'not-a-vkey' }, /^invalid configuration: WITNESS_LOGS a log key is not a vkey/],
    [{ WITNESS_LOGS: ' # only a comment' }, /WITNESS_LOGS it names no log/],
    [{ WITNESS_LOGS: log, WITNESS_NAME: 'two words' }, /WITNESS_NAME must be printable ASCII without spaces or "\+"/],
    [{ WITNESS_LOGS: log, WITNESS_PORT: '70000' }, /WITNESS_PORT/],
    [{ WITNESS_LOGS: log, WITNESS_DATABASE_URL: 'mysql://x' }, /WITNESS_DATABASE_URL must be a postgres:\/\/ URL/],
    [{ WITNESS_LOGS_FILE: '/nonexistent/logs' }, /WITNESS_LOGS_FILE cannot be read \(ENOENT/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadWitnessConfig(env)).toThrow(WitnessConfigError);
    expect(() => loadWitnessConfig(env)).toThrow(message);
  });
});
