/**
 * `node dist/test/bench/heap-diff.js BEFORE.heapsnapshot AFTER.heapsnapshot [--top 25]`: what grew
 * between two V8 heap snapshots of one process (as `npm run soak -- --heap-snapshots DIR` takes
 * them). Two tables:
 *
 * - by constructor: the live objects of each snapshot grouped by node type and name, the groups
 *   whose count or self size grew most;
 * - by holder: the objects born between the snapshots (V8 keeps a node's id across snapshots of
 *   one process), each charged to the nearest object that was alive already and holds it, along
 *   the shortest strong path from the roots. Growth that is a window or cache filling up shows as
 *   one holder (`FeedHub.ring`); a leak shows as a holder whose share keeps growing run after run.
 *
 * A string's name is its contents, so strings and code are grouped by kind.
 */
import { readFileSync } from 'node:fs';
import { argNumber } from './bench-kit';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

type Groups = Map<string, { count: number; bytes: number }>;

/** Field offsets and helpers over one parsed snapshot. */
class Heap {
  readonly width: number;
  readonly count: number;
  private readonly at: Record<'type' | 'name' | 'id' | 'self_size' | 'edge_count', number>;
  private readonly edgeWidth: number;
  private readonly edgeAt: Record<'type' | 'name_or_index' | 'to_node', number>;
  /** Index into `edges` of each node's first edge. */
  readonly firstEdge: Uint32Array;

  constructor(readonly snap: Snapshot) {
    const meta = snap.snapshot.meta;
    this.width = meta.node_fields.length;
    this.count = snap.nodes.length / this.width;
    const field = (f: string) => meta.node_fields.indexOf(f);
    this.at = {
      type: field('type'),
      name: field('name'),
      id: field('id'),
      self_size: field('self_size'),
      edge_count: field('edge_count'),
    };
    this.edgeWidth = meta.edge_fields.length;
    const edgeField = (f: string) => meta.edge_fields.indexOf(f);
    this.edgeAt = { type: edgeField('type'), name_or_index: edgeField('name_or_index'), to_node: edgeField('to_node') };
    this.firstEdge = new Uint32Array(this.count + 1);
    for (let n = 0; n < this.count; n++)
      this.firstEdge[n + 1] = this.firstEdge[n] + this.snap.nodes[n * this.width + this.at.edge_count] * this.edgeWidth;
  }

  type(n: number): string {
    return this.snap.snapshot.meta.node_types[0][this.snap.nodes[n * this.width + this.at.type]];
  }

  id(n: number): number {
    return this.snap.nodes[n * this.width + this.at.id];
  }

  size(n: number): number {
    return this.snap.nodes[n * this.width + this.at.self_size];
  }

  label(n: number): string {
    const type = this.type(n);
    return ['object', 'closure', 'native', 'hidden', 'synthetic'].includes(type)
      ? `${type}:${this.snap.strings[this.snap.nodes[n * this.width + this.at.name]].slice(0, 60)}`
      : type;
  }

  edgeType(e: number): string {
    return this.snap.snapshot.meta.edge_types[0][this.snap.edges[e + this.edgeAt.type]];
  }

  edgeName(e: number): string {
    const v = this.snap.edges[e + this.edgeAt.name_or_index];
    return ['element', 'hidden'].includes(this.edgeType(e)) ? '[]' : this.snap.strings[v].slice(0, 40);
  }

  edgeTarget(e: number): number {
    return this.snap.edges[e + this.edgeAt.to_node] / this.width;
  }

  edgesOf(n: number): { from: number; to: number; step: number } {
    return { from: this.firstEdge[n], to: this.firstEdge[n + 1], step: this.edgeWidth };
  }
}

function groupsOf(heap: Heap): { groups: Groups; total: number } {
  const groups: Groups = new Map();
  let total = 0;
  for (let n = 0; n < heap.count; n++) {
    const name = heap.label(n);
    const bytes = heap.size(n);
    total += bytes;
    const g = groups.get(name) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    groups.set(name, g);
  }
  return { groups, total };
}

/**
 * Each node's parent on a shortest path from the root (node 0) over strong edges, and the edge
 * index that reaches it from there; -1 for the root and for nodes only weakly held (garbage at
 * the next GC).
 */
function shortestRetainers(heap: Heap): { parent: Int32Array; via: Int32Array } {
  const parent = new Int32Array(heap.count).fill(-1);
  const via = new Int32Array(heap.count).fill(-1);
  const queue = new Uint32Array(heap.count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  const seen = new Uint8Array(heap.count);
  seen[0] = 1;
  while (head < tail) {
    const n = queue[head++];
    const { from, to, step } = heap.edgesOf(n);
    for (let e = from; e < to; e += step) {
      if (['weak', 'shortcut'].includes(heap.edgeType(e))) continue;
      const t = heap.edgeTarget(e);
      if (seen[t]) continue;
      seen[t] = 1;
      parent[t] = n;
      via[t] = e;
      queue[tail++] = t;
    }
  }
  return { parent, via };
}

/**
 * The objects of `after` not in `before`, charged to their nearest holder that was alive before:
 * `holder.edge ← its holder.edge ← …` (three steps of the old object's own path, for context).
 */
function newByHolder(heap: Heap, oldIds: Set<number>): Groups {
  const { parent, via } = shortestRetainers(heap);
  // Memo: for each new node, the old node and edge its growth hangs from (-2: not yet known).
  const anchorOf = new Int32Array(heap.count).fill(-2);
  const anchorEdge = new Int32Array(heap.count).fill(-1);
  const groups: Groups = new Map();
  for (let n = 0; n < heap.count; n++) {
    if (oldIds.has(heap.id(n)) || via[n] < 0) continue;
    const chain: number[] = [];
    let cur = n;
    let edge = -1;
    let anchor = -1;
    while (cur >= 0) {
      if (anchorOf[cur] !== -2) {
        anchor = anchorOf[cur];
        edge = anchorEdge[cur];
        break;
      }
      if (oldIds.has(heap.id(cur))) {
        anchor = cur;
        break;
      }
      chain.push(cur);
      edge = via[cur];
      cur = parent[cur];
    }
    for (const c of chain) {
      anchorOf[c] = anchor;
      anchorEdge[c] = edge;
    }
    const path: string[] = [];
    if (anchor >= 0) {
      path.push(`${heap.label(anchor)}.${edge >= 0 ? heap.edgeName(edge) : '?'}`);
      for (let up = anchor, i = 0; i < 3 && via[up] >= 0; i++) {
        const p = parent[up];
        path.push(`${heap.label(p)}.${heap.edgeName(via[up])}`);
        up = p;
      }
    }
    const key = path.length ? path.join(' ← ') : '(no older holder)';
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += heap.size(n);
    groups.set(key, g);
  }
  return groups;
}

function main(): void {
  const [beforeFile, afterFile] = process.argv.slice(2).filter((a) => a.endsWith('.heapsnapshot'));
  if (!beforeFile || !afterFile) {
    console.error('usage: heap-diff BEFORE.heapsnapshot AFTER.heapsnapshot [--top N]');
    process.exit(1);
  }
  const top = argNumber('top', 25);
  const load = (file: string) => new Heap(JSON.parse(readFileSync(file, 'utf8')) as Snapshot);
  // The first snapshot is let go of before the second is read: two at once may not fit.
  const { before, oldIds } = ((heap: Heap) => {
    const ids = new Set<number>();
    for (let n = 0; n < heap.count; n++) ids.add(heap.id(n));
    return { before: groupsOf(heap), oldIds: ids };
  })(load(beforeFile));
  const heapAfter = load(afterFile);
  const after = groupsOf(heapAfter);
  const kib = (n: number) => (n / 1024).toFixed(0);

  const rows = [...new Set([...before.groups.keys(), ...after.groups.keys()])].map((name) => {
    const b = before.groups.get(name) ?? { count: 0, bytes: 0 };
    const a = after.groups.get(name) ?? { count: 0, bytes: 0 };
    return { name, count: a.count, dCount: a.count - b.count, bytes: a.bytes, dBytes: a.bytes - b.bytes };
  });
  console.log(`live self size: ${kib(before.total)} KiB → ${kib(after.total)} KiB`);
  console.log('\n| constructor | count | Δ count | self KiB | Δ self KiB |\n|---|---:|---:|---:|---:|');
  for (const r of rows.sort((x, y) => y.dBytes - x.dBytes).slice(0, top))
    console.log(`| ${r.name} | ${r.count} | ${r.dCount} | ${kib(r.bytes)} | ${kib(r.dBytes)} |`);

  const held = [...newByHolder(heapAfter, oldIds)].sort((x, y) => y[1].bytes - x[1].bytes);
  const bornBytes = held.reduce((sum, [, g]) => sum + g.bytes, 0);
  console.log(`\nborn since the first snapshot and strongly held: ${kib(bornBytes)} KiB`);
  console.log('\n| nearest older holder (← its holders) | objects | self KiB |\n|---|---:|---:|');
  for (const [path, g] of held.slice(0, top)) console.log(`| ${path} | ${g.count} | ${kib(g.bytes)} |`);
}

main();
