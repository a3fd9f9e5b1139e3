/**
 * Preloaded into the API by `npm run soak` (`node --require`): writes the process's
 * `process.memoryUsage()` to SOAK_HEAP_FILE every second, so the soak can print the memory of a
 * process it does not run in, with `heapAfterFullGc`: the heap used just after the latest full
 * (mark-compact) collection, the live heap without the garbage V8 lets pile up between two (0
 * until the first); and what the heap's spaces hold in memory (`physical_space_size`), so a
 * growing heap total says whether the young generation or the old one grew. Written then
 * renamed, so a reader never sees half a file.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/** Bytes of the young generation, the old one (old space), and large objects (never moved). */
function spaces(): { young: number; old: number; large: number } {
  const size = (names: string[]) =>
    getHeapSpaceStatistics()
      .filter((s) => names.includes(s.space_name))
      .reduce((sum, s) => sum + s.physical_space_size, 0);
  return {
    young: size(['new_space', 'new_large_object_space']),
    old: size(['old_space']),
    large: size(['large_object_space']),
  };
}

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
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...process.memoryUsage(), ...spaces(), heapAfterFullGc }));
    renameSync(`${file}.tmp`, file);
  }, 1000).unref();
}
