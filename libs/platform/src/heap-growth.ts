import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * When full collections are cheap, V8 lets the old generation grow to up to four times what
 * survived the last one. Under a steady load of commands the API's heap settled at 180–220 MiB
 * around 45–55 MiB of live objects, and its resident memory went past 300 MiB. Growing by at most
 * 2× keeps the heap near its live size for the same CPU (`npm run bench:commands`, 2026-11-28:
 * peak RSS 292 → 205 MiB, API CPU per command 0.21–0.23 ms either way). The flag is read at every
 * full collection, so setting it at start-up works; one given in NODE_OPTIONS or on the command
 * line wins.
 */
export function boundHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.replace(/_/g, '-').startsWith(FLAG));
  if (!given) setFlagsFromString(`${FLAG}=100`);
}
