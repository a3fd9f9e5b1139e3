// Compiles apps/, libs/ and test/bench/ to dist/ with SWC (about a second), the web console
// (apps/console, a Vite single-page app) to dist/console when its sources changed, and the
// standalone verifier to one file, packages/verify/dist/accord-verify.mjs, when libs/ changed. Type checking
// is `npm run typecheck`; keeping it apart keeps `npm start` fast.
import { createRequire } from 'node:module';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import swc from '@swc/core';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');

const sources = ['apps', 'libs', 'test/bench', 'test/support'];
const outDir = path.join(root, 'dist');
const isTest = (file) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);
// Built by Vite below, for the browser.
const consoleSources = path.join(root, 'apps', 'console');

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== consoleSources) yield* walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isTest(entry.name)) yield full;
  }
}

async function isFresh(src, out) {
  try {
    const [s, o] = await Promise.all([stat(src), stat(out)]);
    return o.mtimeMs >= s.mtimeMs;
  } catch {
    return false;
  }
}

const options = swcOptions();
let compiled = 0;
const jobs = [];
for (const dir of sources) {
  for await (const src of walk(path.join(root, dir))) {
    const rel = path.relative(root, src);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    jobs.push(
      (async () => {
        if (await isFresh(src, out)) return;
        const result = await swc.transformFile(src, { ...options, filename: src, outputPath: out });
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        if (result.map) await writeFile(`${out}.map`, result.map);
        compiled++;
      })(),
    );
  }
}
await Promise.all(jobs);
if (compiled > 0 && process.env.ACCORD_BUILD_QUIET !== '1')
  console.error(`build: compiled ${compiled} file(s) to dist/`);

async function newestMtime(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

async function buildConsole() {
  const index = path.join(outDir, 'console', 'index.html');
  const built = await stat(index).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= (await newestMtime(consoleSources))) return;
  const started = Date.now();
  // Vite takes NODE_ENV from the environment when set: under Jest (NODE_ENV=test) it would ship
  // React's development build, so the mode is pinned.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(consoleSources, 'vite.config.mts'), mode: 'production', logLevel: 'warn' });
  if (process.env.ACCORD_BUILD_QUIET !== '1')
    console.error(`build: console built to dist/console in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
await buildConsole();

// The offline verifier as one self-contained file for @accord/verify (packages/verify): Vite's
// server build with every import inlined, so it runs on bare Node with nothing installed. It is
// rebuilt when anything under libs/ is newer, as its imports reach into libs/domain and libs/platform.
async function buildVerifier() {
  const out = path.join(root, 'packages', 'verify', 'dist', 'accord-verify.mjs');
  const built = await stat(out).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= (await newestMtime(path.join(root, 'libs')))) return;
  const { build } = await import('vite');
  const alias = Object.fromEntries(
    ['audit', 'domain', 'platform'].map((lib) => [`@accord/${lib}`, path.join(root, 'libs', lib, 'src', 'index.ts')]),
  );
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    mode: 'production',
    resolve: { alias },
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: path.join(root, 'libs', 'audit', 'src', 'cli', 'accord-verify.main.ts'),
      outDir: path.dirname(out),
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rolldownOptions: { output: { format: 'es', entryFileNames: path.basename(out), banner: '#!/usr/bin/env node' } },
    },
  });
  if (process.env.ACCORD_BUILD_QUIET !== '1') console.error(`build: verifier bundled to ${path.relative(root, out)}`);
}
await buildVerifier();
