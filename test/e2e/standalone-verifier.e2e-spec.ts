import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cosignNoteText, encodeVerifierKey } from '@accord/audit';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { writeSyntheticBundle } from '../support/synthetic-bundle';
import { ed25519KeyFromSeed } from '../support/test-keys';

/**
 * `@accord/verify` as a partner gets it: `npm pack` of packages/verify installed offline from the
 * tarball into an empty prefix, and its one file copied alone into an empty folder and run with
 * plain `node`. Both check bundles exported by the API (clean, tampered, a wrong key) and must
 * reach exactly the verdict, output and exit code of `accord verify` on the same files.
 */
const ROOT = join(__dirname, '..', '..');
const ACCORD = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const PACKAGE = join(ROOT, 'packages', 'verify');

interface WitnessVectors {
  log: { keyName: string; ed25519Seed: string };
  witnesses: { keyName: string; ed25519Seed: string }[];
  policies: { description: string; text: string; cases: { cosigned: string[]; satisfied: boolean }[] }[];
}
const VECTORS = JSON.parse(
  readFileSync(join(ROOT, 'libs', 'audit', 'test-vectors', 'witness.json'), 'utf8'),
) as WitnessVectors;
/** The vectors' policies name their witnesses by party, in the order of `witnesses`. */
const PARTIES = ['camden', 'peabody', 'southwark'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The verdict without what differs between two runs on the same bundle: the time taken and the program's name. */
function verdict(result: Run, json: boolean) {
  const stdout = json
    ? { ...JSON.parse(result.stdout), seconds: undefined }
    : result.stdout.replace(/^ {2}time .*$/m, '');
  return { code: result.code, stdout, stderr: result.stderr.replace(/^accord(-| )verify: /gm, '') };
}

describe('@accord/verify, installed from its packed tarball and as one file in an empty folder', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let dir: string;
  let installed: string;
  let bare: string;
  let vkey: string;
  // Node for the installed bin's `#!/usr/bin/env node`: the one running the tests.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
  const bundle = (name: string) => join(dir, 'bundles', name);

  const verifiers: Record<string, (args: string[]) => Promise<Run>> = {
    'accord verify': (args) => run(process.execPath, [ACCORD, 'verify', ...args], { env }),
    'accord-verify (npm install -g of the tarball)': (args) => run(installed, args, { env, cwd: dirname(bare) }),
    'node accord-verify.mjs (the file alone)': (args) => run(process.execPath, [bare, ...args], { cwd: dirname(bare) }),
  };

  async function download(path: string, name: string): Promise<Buffer> {
    const res = await fetch(`${api.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await api.token(SMALL_LEDGER.admin)}` },
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    writeFileSync(bundle(name), body);
    return body;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-verify-package-'));
    mkdirSync(join(dir, 'bundles'));
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({ DATABASE_URL: db.url, AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2' });
    await seedSmallLedger(api);
    vkey = (await api.request('GET', '/v1/audit/public-key')).body.vkey;

    const npm = (args: string[], cwd: string) =>
      run('npm', [...args, '--cache', join(dir, 'npm-cache'), '--offline', '--no-audit', '--no-fund'], {
        cwd,
        env,
      });
    const packed = await npm(['pack', '--pack-destination', dir], PACKAGE);
    expect(packed).toMatchObject({ code: 0 });
    const tarball = join(dir, packed.stdout.trim().split('\n').pop() as string);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const install = await npm(['install', '--global', '--prefix', join(dir, 'prefix'), tarball], empty);
    expect(install).toMatchObject({ code: 0 });
    installed = join(dir, 'prefix', 'bin', 'accord-verify');
    mkdirSync(join(dir, 'bare'));
    bare = join(dir, 'bare', 'accord-verify.mjs');
    copyFileSync(join(PACKAGE, 'dist', 'accord-verify.mjs'), bare);

    const whole = await download('/v1/audit/export', 'whole.jsonl');
    const partnership = await download(
      `/v1/audit/export?partnershipId=${SMALL_LEDGER.partnershipId}`,
      'partnership.jsonl',
    );
    // Its last decision event left out (the rescission, say): every event left still proves.
    const lines = partnership.toString('utf8').split('\n');
    lines.splice(
      lines.findLastIndex((l) => /"streamId":"decision-[^"]+","type":"[^"]+"\}\}$/.test(l)),
      1,
    );
    const events = (JSON.parse(lines[lines.length - 2] as string) as { end: { events: number } }).end.events;
    lines[lines.length - 2] = JSON.stringify({ end: { events: events - 1 } });
    writeFileSync(bundle('partnership-cut.jsonl'), lines.join('\n'));
    const at = whole.indexOf('Camden Council');
    expect(at).toBeGreaterThan(0);
    whole[at] = 'K'.charCodeAt(0);
    writeFileSync(bundle('tampered.jsonl'), whole);
    const origin = vkey.slice(0, vkey.indexOf('+'));
    writeFileSync(bundle('wrong.vkey'), encodeVerifierKey(origin, generateKeyPairSync('ed25519').privateKey));

    // Bundles signed with the test vectors' log key and cosigned by each set of their witnesses
    // the policies' cases name, checked against those policies.
    VECTORS.policies.forEach((policy, index) => writeFileSync(bundle(`policy-${index}`), policy.text));
    const witnessKeys = VECTORS.witnesses.map((w) => ({
      name: w.keyName,
      privateKey: ed25519KeyFromSeed(Buffer.from(w.ed25519Seed, 'hex')),
    }));
    const sets = new Set(VECTORS.policies.flatMap((policy) => policy.cases.map((c) => c.cosigned.join('-'))));
    for (const set of sets)
      await writeSyntheticBundle(bundle(`cosigned-${set || 'none'}.jsonl`), {
        events: 20,
        checkpointEvery: 8,
        origin: VECTORS.log.keyName,
        logKey: ed25519KeyFromSeed(Buffer.from(VECTORS.log.ed25519Seed, 'hex')),
        cosignHeader: async (note) =>
          (set ? set.split('-') : [])
            .map((party, i) =>
              cosignNoteText(
                note.slice(0, note.indexOf('\n\n') + 1),
                witnessKeys[PARTIES.indexOf(party)] as (typeof witnessKeys)[number],
                1_767_225_600 + i,
              ),
            )
            .join(''),
      });
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs the one file and nothing else: no dependencies at run time', () => {
    const modules = join(dir, 'prefix', 'lib', 'node_modules');
    expect(readdirSync(modules)).toEqual(['@accord']);
    const pkg = JSON.parse(readFileSync(join(modules, '@accord', 'verify', 'package.json'), 'utf8'));
    expect(pkg.dependencies).toBeUndefined();
    expect(readdirSync(join(modules, '@accord', 'verify')).sort()).toEqual(['README.md', 'dist', 'package.json']);
    expect(readdirSync(join(dir, 'bare'))).toEqual(['accord-verify.mjs']);
    const imports = readFileSync(bare, 'utf8').match(/^import .* from "([^"]+)";$/gm) ?? [];
    expect(imports.filter((line) => !/from "node:/.test(line))).toEqual([]);
  });

  const cases: { name: string; args: () => string[]; code: number; stdout: RegExp }[] = [
    {
      name: 'the whole log, with the key pinned',
      args: () => [bundle('whole.jsonl'), '--key', vkey],
      code: 0,
      stdout: /^OK: the bundle verifies\n {2}scope {8}whole log/,
    },
    {
      name: "one partnership, on the bundle's own key (warned)",
      args: () => [bundle('partnership.jsonl')],
      code: 0,
      stdout: /^OK: the bundle verifies\n {2}scope {8}partnership camden-homes/,
    },
    {
      name: "one partnership without a decision's last event",
      args: () => [bundle('partnership-cut.jsonl'), '--key', vkey],
      code: 1,
      stdout:
        /^FAILED at line \d+: truncated\n {2}stream decision-\S+ ends at revision \d+ in the signed log, but the bundle stops at revision \d+/,
    },
    {
      name: 'a one-byte change in an event',
      args: () => [bundle('tampered.jsonl'), '--key', vkey],
      code: 1,
      stdout: /^FAILED at position \d+: altered/,
    },
    {
      name: 'the same change, with worker threads sharing the hashing',
      args: () => [bundle('tampered.jsonl'), '--key', vkey, '--threads', '2'],
      code: 1,
      stdout: /^FAILED at position \d+: altered/,
    },
    {
      name: 'a key other than the log’s',
      args: () => [bundle('whole.jsonl'), '--key', bundle('wrong.vkey')],
      code: 1,
      stdout: /^FAILED at line \d+: bad-signature/,
    },
  ];

  describe.each(cases)('$name', ({ args, code, stdout }) => {
    it.each(Object.keys(verifiers))('%s gives the verdict and exit code', async (name) => {
      const result = await (verifiers[name] as (args: string[]) => Promise<Run>)(args());
      expect(result.stdout).toMatch(stdout);
      expect(result.code).toBe(code);
    });

    it.each([false, true])('all three agree on it, word for word (--json: %s)', async (json) => {
      const extra = json ? ['--json'] : [];
      const [reference, ...others] = await Promise.all(
        Object.values(verifiers).map(async (verify) => verdict(await verify([...args(), ...extra]), json)),
      );
      for (const other of others) expect(other).toEqual(reference);
    });
  });

  describe.each(VECTORS.policies.map((policy, index) => ({ ...policy, index })))(
    '--policy of the shared witness test vectors: $description',
    ({ cases, index }) => {
      it.each(cases)('cosigned by [$cosigned]: the quorum holds only if $satisfied, for all three', async (c) => {
        const args = [
          bundle(`cosigned-${c.cosigned.join('-') || 'none'}.jsonl`),
          '--policy',
          bundle(`policy-${index}`),
        ];
        const results = await Promise.all(Object.values(verifiers).map((verify) => verify(args)));
        for (const result of results) {
          expect(result.code).toBe(c.satisfied ? 0 : 1);
          if (!c.satisfied) expect(result.stdout).toMatch(/^FAILED at line 1: no-quorum/);
        }
        const [reference, ...others] = results.map((result) => verdict(result, false));
        for (const other of others) expect(other).toEqual(reference);
      });
    },
  );

  it('answers a usage error with exit code 2, as accord verify does', async () => {
    for (const verify of Object.values(verifiers)) {
      const result = await verify([]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/name one bundle file/);
    }
  });
});
