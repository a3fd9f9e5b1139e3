/**
 * Preloaded into the API by `npm run soak` (`node --require`): writes the process's
 * `process.memoryUsage()` to SOAK_HEAP_FILE every second, so the soak can print the heap of a
 * process it does not run in, with `heapAfterFullGc`: the heap used just after the latest full
 * (mark-compact) collection, the live heap without the garbage V8 lets pile up between two (0
 * until the first). Written then renamed, so a reader never sees half a file.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.SOAK_HEAP_FILE;
if (file) {
  let heapAfterFullGc = 0;
  new PerformanceObserver((list) => {
    // Node's typings leave out the `detail` a gc entry carries (its kind).
    const kinds = list.getEntries().map((e) => (e as { detail?: { kind?: number } }).detail?.kind);
    const full = kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR);
    if (full) heapAfterFullGc = process.memoryUsage().heapUsed;
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...process.memoryUsage(), heapAfterFullGc }));
    renameSync(`${file}.tmp`, file);
  }, 1000).unref();
}
