/**
 * `npm run bench:json [-- --rounds 15 --ms 200]`: what the API's strict JSON parser (issue 14:
 * depth, duplicate keys, NUL and lone surrogates checked in one pass before JSON.parse) costs
 * against JSON.parse alone, on the bodies the API takes: a vote, a decision's draft, a body near
 * the 64 KiB limit, and one 64 levels deep.
 *
 * Both parse the same text in the same process, interleaved: each round times JSON.parse and the
 * strict parser for `--ms` of CPU time each, in alternating order, and takes the ratio of their times per
 * parse; the figure is the median ratio over the rounds, with the lowest and highest beside it, so
 * the machine's load shows as spread instead of as a slower parser. Nothing here is a pass or fail.
 */
import { parseStrictJson } from '../../apps/api/src/http/strict-json';
import { argNumber, Figure, machineConditions, printTable, writeResults } from './bench-kit';

const ROUNDS = argNumber('rounds', 15);
const MS_PER_SIDE = argNumber('ms', 200);

const vote = JSON.stringify({ stance: 'disagree', reason: 'The valuation predates the planning consent.' });
const draft = JSON.stringify({
  decisionId: '2026-09-clapham-park-lettings',
  title: 'Clapham Park phase 1: local lettings plan',
  motion: 'That the board approves the local lettings plan. '.repeat(30),
  category: 'nominations',
  valuePence: 120_000_000,
  approvalRule: 'all-parties-sign-off',
});
const nearLimit = JSON.stringify({
  items: Array.from({ length: 420 }, (_, i) => ({
    id: `item-${i}`,
    note: 'Émile’s note — “quoted” — with \u00e9 and 🏠 in it',
    at: '2026-09-01T10:00:00Z',
    n: i,
  })),
});
const deep = `${'{"a":'.repeat(63)}[1]${'}'.repeat(63)}`;

const BODIES: [string, string][] = [
  ['a vote', vote],
  ['a decision draft', draft],
  ['a body near 64 KiB', nearLimit],
  ['64 levels deep', deep],
];

/**
 * CPU nanoseconds per parse of `text` by `parse`, over about `ms` of this process's CPU time: CPU
 * rather than wall time, so other processes on a loaded machine do not count against either side.
 */
function timePerParse(parse: (text: string) => unknown, text: string, ms: number): number {
  let n = 0;
  let sink = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms * 1000) {
    for (let i = 0; i < 64; i++) sink += parse(text) === undefined ? 1 : 0;
    n += 64;
    const { user, system } = process.cpuUsage(start);
    used = user + system;
  }
  if (sink !== 0) throw new Error('a parse returned undefined');
  return (used * 1000) / n;
}

function main(): void {
  const figures: Figure[] = [];
  for (const [label, text] of BODIES) {
    if (JSON.stringify(parseStrictJson(text)) !== JSON.stringify(JSON.parse(text)))
      throw new Error(`${label}: the parsers disagree`);
    // Warm both up so the first round does not time the compiler.
    timePerParse(JSON.parse, text, MS_PER_SIDE);
    timePerParse(parseStrictJson, text, MS_PER_SIDE);
    const ratios: number[] = [];
    const plain: number[] = [];
    const strict: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer or a busier machine.
      const sides = [JSON.parse, parseStrictJson];
      if (round % 2 === 1) sides.reverse();
      const times = new Map(sides.map((parse) => [parse, timePerParse(parse, text, MS_PER_SIDE)]));
      plain.push(times.get(JSON.parse)!);
      strict.push(times.get(parseStrictJson)!);
      ratios.push(times.get(parseStrictJson)! / times.get(JSON.parse)!);
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1];
    const bytes = Buffer.byteLength(text).toLocaleString('en-GB');
    figures.push(
      { name: `${label} (${bytes} B): JSON.parse, median`, value: median(plain) / 1000, unit: 'CPU µs per parse' },
      { name: `${label}: strict parser, median`, value: median(strict) / 1000, unit: 'CPU µs per parse' },
      { name: `${label}: strict ÷ JSON.parse, median`, value: median(ratios), unit: 'ratio' },
      { name: `${label}: strict ÷ JSON.parse, lowest round`, value: Math.min(...ratios), unit: 'ratio' },
      { name: `${label}: strict ÷ JSON.parse, highest round`, value: Math.max(...ratios), unit: 'ratio' },
    );
    process.stderr.write(`${label}: median ratio ${median(ratios).toFixed(2)}\n`);
  }
  const table = printTable(
    `strict JSON vs JSON.parse (${ROUNDS} interleaved rounds of ${MS_PER_SIDE} ms a side)`,
    figures,
  );
  console.log(table);
  writeResults('strict-json', machineConditions(), figures, table);
}

main();
