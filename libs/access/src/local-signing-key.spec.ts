import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT } from 'jose';
import { LOCAL_SIGNING_KEY_FILE, loadOrCreateLocalSigningKey, LocalSigningKeyError } from './local-signing-key';

const posix = process.platform !== 'win32';

describe('loadOrCreateLocalSigningKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-access-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates an Ed25519 PKCS#8 PEM with mode 0600, and reuses it (same kid) on the next call', async () => {
    const nested = join(dir, 'data', 'keys');
    const first = await loadOrCreateLocalSigningKey(nested);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(nested, LOCAL_SIGNING_KEY_FILE));
    const pem = await readFile(first.path, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    if (posix) {
      expect((await stat(first.path)).mode & 0o777).toBe(0o600);
      expect((await stat(nested)).mode & 0o777).toBe(0o700);
    }
    expect(await readdir(nested)).toEqual([LOCAL_SIGNING_KEY_FILE]); // no temp file left behind

    const second = await loadOrCreateLocalSigningKey(nested);
    expect(second.created).toBe(false);
    expect(second.kid).toBe(first.kid);
    expect(await readFile(second.path, 'utf8')).toBe(pem);

    // The reloaded public key verifies what the first private key signed.
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).sign(first.privateKey);
    await expect(jwtVerify(token, second.publicKey)).resolves.toBeDefined();
  });

  it('gives the RFC 7638 thumbprint as kid and a publishable public JWK', async () => {
    const key = await loadOrCreateLocalSigningKey(dir);
    const jwk = await exportJWK(key.publicKey);
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x! }, 'sha256'));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.publicJwk).toEqual({ ...jwk, kid: key.kid, alg: 'EdDSA', use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('makes different keys in different directories', async () => {
    const a = await loadOrCreateLocalSigningKey(join(dir, 'a'));
    const b = await loadOrCreateLocalSigningKey(join(dir, 'b'));
    expect(a.kid).not.toBe(b.kid);
  });

  it('concurrent first calls all end up with the one key on disk', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalSigningKey(dir)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(keys.filter((k) => k.created)).toHaveLength(1);
    expect(await readdir(dir)).toEqual([LOCAL_SIGNING_KEY_FILE]);
    expect((await loadOrCreateLocalSigningKey(dir)).kid).toBe(keys[0]!.kid);
  });

  (posix ? it : it.skip)('refuses a key file that group or others can read', async () => {
    const key = await loadOrCreateLocalSigningKey(dir);
    await chmod(key.path, 0o644);
    await expect(loadOrCreateLocalSigningKey(dir)).rejects.toThrow(LocalSigningKeyError);
    await expect(loadOrCreateLocalSigningKey(dir)).rejects.toThrow(/chmod 600/);
  });

  it('refuses a file that is not an Ed25519 private key', async () => {
    const path = join(dir, LOCAL_SIGNING_KEY_FILE);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await expect(loadOrCreateLocalSigningKey(dir)).rejects.toThrow(/expected Ed25519/);
    await writeFile(path, 'not a key', { mode: 0o600 });
    await expect(loadOrCreateLocalSigningKey(dir)).rejects.toThrow(LocalSigningKeyError);
  });
});
