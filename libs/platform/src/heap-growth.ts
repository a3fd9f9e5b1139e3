import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * When full collections are cheap, V8 lets the old generation grow to up to four times what
 * survived the last one. Under a steady load of commands the API's heap settled at 180–220 MiB
 * around 45–55 MiB of live objects, and its resident memory went past 300 MiB. Growing by at most
 * 2× keeps the heap near its live size for the same CPU (`npm run bench:commands`, 2026-11-28:
 * peak RSS 292 → 205 MiB, API CPU per command 0.21–0.23 ms either way). The price is more full
 * collections, whose 6–18 ms pauses make much of the commands' tail: at 150 % and 200 % the p99
 * was 34–40 and 34–38 ms against 41–42 ms here, within the runs' spread, for 20–45 MiB more.
 * The flag is read at every full collection, so setting it at start-up works; one given on the
 * command line wins (Node refuses it in NODE_OPTIONS).
 */
export function boundHeapGrowth(): void {
  const given = process.execArgv.some((a) => a.replace(/_/g, '-').startsWith(FLAG));
  if (!given) setFlagsFromString(`${FLAG}=100`);
}
