/**
 * `npm run bench:closing-time [-- --decisions 100000 --due 50 --rounds 9 --ms 200]`: the CPU a
 * closing-time scheduler's tick spends finding what is due, with `--decisions` open decisions:
 * the due-time queue it keeps (DueQueue) beside a walk over every open decision, which at 100,000
 * of them, every 250 ms, was 9 % of the API's CPU during an open-data download (docs/performance.md).
 *
 * Both sides hold the same decisions, closing a year or more ahead, and tick through the same
 * moments, 250 ms apart: with nothing due (the usual tick), and with `--due` decisions falling due
 * at each tick (a batch sharing a closing time), acted on (deleted) and replaced by the next
 * tick's batch, so the count stays the same. Each round times both for `--ms` of this process's CPU
 * time, in alternating order; the figure is the median over the rounds, with the ratio's lowest
 * and highest round beside it, so the machine's load shows as spread. Nothing here is a pass or fail.
 */
import { DueQueue, type Dated } from '../../libs/server/src/background/due-queue';
import { argNumber, Figure, machineConditions, printTable, publishFigures } from './bench-kit';

const DECISIONS = argNumber('decisions', 100_000);
const DUE_PER_TICK = argNumber('due', 50);
const ROUNDS = argNumber('rounds', 9);
const MS_PER_SIDE = argNumber('ms', 200);
const TICK_MS = 250;
// The open decisions close a year on or later, beyond the clock's reach in a run of many
// millions of cheap ticks, so only the batches fall due.
const YEAR_MS = 365 * 24 * 3600_000;

interface Due extends Dated {
  openedEventId: string;
}

interface Open {
  set(decisionId: string, due: Due): void;
  delete(decisionId: string): void;
  due(now: number): [string, Due][];
}

/** The baseline: every open decision looked at on every tick. */
class WalkedMap implements Open {
  private readonly open = new Map<string, Due>();
  set(decisionId: string, due: Due): void {
    this.open.set(decisionId, due);
  }
  delete(decisionId: string): void {
    this.open.delete(decisionId);
  }
  due(now: number): [string, Due][] {
    const due: [string, Due][] = [];
    for (const entry of this.open) if (entry[1].dueAt <= now) due.push(entry);
    return due;
  }
}

/**
 * A side with its decisions and the clock of its ticks. With `dueEachTick`, the next tick's batch
 * is opened before each tick (due by then), in place of the batch acted on at the last one, so the
 * count stays the same.
 */
class Scenario {
  private now = Date.parse('2026-12-07T08:00:00Z');
  private opened = 0;

  constructor(
    private readonly open: Open,
    private readonly dueEachTick: number,
  ) {
    for (let i = 0; i < DECISIONS - dueEachTick; i++) this.openOne(this.now + YEAR_MS + ((i * 7919) % YEAR_MS));
  }

  tick(): number {
    this.now += TICK_MS;
    for (let i = 0; i < this.dueEachTick; i++) this.openOne(this.now - i);
    const due = this.open.due(this.now);
    for (const [decisionId] of due) this.open.delete(decisionId);
    return due.length;
  }

  private openOne(dueAt: number): void {
    const decisionId = `decision-${this.opened++}`;
    this.open.set(decisionId, { dueAt, openedEventId: decisionId });
  }
}

/** CPU microseconds per tick of `scenario`, over about `ms` of this process's CPU time. */
function timePerTick(scenario: Scenario, expectedDue: number, ms: number): number {
  let ticks = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms * 1000) {
    for (let i = 0; i < 8; i++)
      if (scenario.tick() !== expectedDue) throw new Error(`a tick found other than ${expectedDue} due`);
    ticks += 8;
    const { user, system } = process.cpuUsage(start);
    used = user + system;
  }
  return used / ticks;
}

function main(): void {
  const figures: Figure[] = [];
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1];
  const count = DECISIONS.toLocaleString('en-GB');
  for (const dueEachTick of [0, DUE_PER_TICK]) {
    const label = `${count} open, ${dueEachTick} due a tick`;
    const walked = new Scenario(new WalkedMap(), dueEachTick);
    const queued = new Scenario(new DueQueue<Due>(), dueEachTick);
    // Warm both up so the first round does not time the compiler.
    timePerTick(walked, dueEachTick, MS_PER_SIDE);
    timePerTick(queued, dueEachTick, MS_PER_SIDE);
    const walks: number[] = [];
    const queues: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always runs on a warmer or a busier machine.
      const sides = [walked, queued];
      if (round % 2 === 1) sides.reverse();
      const times = new Map(sides.map((side) => [side, timePerTick(side, dueEachTick, MS_PER_SIDE)]));
      walks.push(times.get(walked)!);
      queues.push(times.get(queued)!);
      ratios.push(times.get(walked)! / times.get(queued)!);
    }
    figures.push(
      { name: `${label}: walk over every open decision, median`, value: median(walks), unit: 'CPU µs per tick' },
      { name: `${label}: due-time queue, median`, value: median(queues), unit: 'CPU µs per tick' },
      { name: `${label}: walk ÷ queue, median`, value: median(ratios), unit: 'ratio' },
      { name: `${label}: walk ÷ queue, lowest round`, value: Math.min(...ratios), unit: 'ratio' },
      { name: `${label}: walk ÷ queue, highest round`, value: Math.max(...ratios), unit: 'ratio' },
    );
    process.stderr.write(`${label}: median walk ÷ queue ${median(ratios).toFixed(1)}\n`);
  }
  const table = printTable(
    `closing-time tick: due-time queue vs walking every open decision (${ROUNDS} interleaved rounds of ${MS_PER_SIDE} ms a side)`,
    figures,
  );
  publishFigures('closing-time', machineConditions(), figures, table);
}

main();
