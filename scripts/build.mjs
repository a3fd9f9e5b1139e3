// Compiles apps/, libs/ and test/bench/ to dist/ with SWC (about a second). Type checking is
// `npm run typecheck`; keeping it apart keeps `npm start` fast.
import { createRequire } from 'node:module';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import swc from '@swc/core';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');

const sources = ['apps', 'libs', 'test/bench', 'test/support'];
const outDir = path.join(root, 'dist');
const isTest = (file) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);

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
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isTest(entry.name)) yield full;
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
if (compiled > 0 && process.env.ACCORD_BUILD_QUIET !== '1') console.error(`build: compiled ${compiled} file(s) to dist/`);
