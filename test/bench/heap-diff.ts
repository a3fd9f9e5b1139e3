/**
 * `node dist/test/bench/heap-diff.js BEFORE.heapsnapshot AFTER.heapsnapshot [--top 25]`: what grew
 * between two V8 heap snapshots of one process (as `npm run soak -- --heap-snapshots DIR` takes
 * them). Groups the live objects of each snapshot by constructor (node type and name) and prints
 * the groups whose count or self size grew most. A leak shows as a group that keeps growing with
 * the load (Map entries, closures, listeners); a heap that only settles shows no such group.
 */
import { readFileSync } from 'node:fs';
import { argNumber } from './bench-kit';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Groups = Map<string, { count: number; bytes: number }>;

function groupsOf(file: string): { groups: Groups; total: number } {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const typeNames = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups: Groups = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = typeNames[snap.nodes[i + typeAt]];
    // Strings and code are grouped by kind: their names are their contents.
    const name = ['object', 'closure', 'native', 'hidden'].includes(type)
      ? `${type}:${snap.strings[snap.nodes[i + nameAt]].slice(0, 60)}`
      : type;
    const bytes = snap.nodes[i + sizeAt];
    total += bytes;
    const g = groups.get(name) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    groups.set(name, g);
  }
  return { groups, total };
}

function main(): void {
  const [beforeFile, afterFile] = process.argv.slice(2).filter((a) => a.endsWith('.heapsnapshot'));
  if (!beforeFile || !afterFile) {
    console.error('usage: heap-diff BEFORE.heapsnapshot AFTER.heapsnapshot [--top N]');
    process.exit(1);
  }
  const top = argNumber('top', 25);
  const before = groupsOf(beforeFile);
  const after = groupsOf(afterFile);
  const rows = [...new Set([...before.groups.keys(), ...after.groups.keys()])].map((name) => {
    const b = before.groups.get(name) ?? { count: 0, bytes: 0 };
    const a = after.groups.get(name) ?? { count: 0, bytes: 0 };
    return { name, count: a.count, dCount: a.count - b.count, bytes: a.bytes, dBytes: a.bytes - b.bytes };
  });
  const kib = (n: number) => (n / 1024).toFixed(0);
  console.log(`live self size: ${kib(before.total)} KiB → ${kib(after.total)} KiB`);
  console.log('\n| constructor | count | Δ count | self KiB | Δ self KiB |\n|---|---:|---:|---:|---:|');
  for (const r of rows.sort((x, y) => y.dBytes - x.dBytes).slice(0, top))
    console.log(`| ${r.name} | ${r.count} | ${r.dCount} | ${kib(r.bytes)} | ${kib(r.dBytes)} |`);
}

main();
