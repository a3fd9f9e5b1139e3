/**
 * Preloaded into the API by `npm run soak` (`node --require`): writes the process's
 * `process.memoryUsage()` to SOAK_HEAP_FILE every second, so the soak can print the heap of a
 * process it does not run in. Written then renamed, so a reader never sees half a file.
 */
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.SOAK_HEAP_FILE;
if (file)
  setInterval(() => {
    writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${file}.tmp`, file);
  }, 1000).unref();
