import { setFlagsFromString } from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * When full collections are cheap, V8 lets the old generation grow to up to four times what
 * survived the last one. Under a steady load of commands the API's heap settled at 180–220 MiB
 * around 45–55 MiB of live objects, and its resident memory went past 300 MiB (`npm run
 * bench:commands`, 2026-11-28: 2× brought peak RSS from 292 to 205 MiB for the same CPU). At
 * the soak's steady half-peak rate a full collection came only once the old generation had grown
 * by all of what survived the last, minutes apart: memory was still climbing to that bound long
 * after the load began (`npm run soak`, 2026-12-07: old space 100 → 136 MiB, RSS +16 % after
 * minute 2, the live heap flat). Growing by at most 1.5× halves that slack and reaches it sooner
 * (docs/performance.md, the soak). The price is more full collections, whose pauses make much of
 * the commands' tail. The flag is read at every full collection, so setting it at start-up works;
 * one given on the command line wins (Node refuses it in NODE_OPTIONS).
 */
export function boundHeapGrowth(): void {
  const given = process.execArgv.some((a) => a.replace(/_/g, '-').startsWith(FLAG));
  if (!given) setFlagsFromString(`${FLAG}=50`);
}
