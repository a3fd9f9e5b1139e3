import { percentile } from '../bench-kit';
import type { BenchEvent } from './contenders';
import { seededRandom } from '../../support/seeded-random';

const REASONS = [
  'The disposal supports the housing objective.',
  'Agreed subject to the nomination rights in schedule 4.',
  'The viability appraisal shows a deficit that the grant does not close; we object until it does.',
  'Abstain: the board has not yet seen the equality impact assessment for the decant.',
];

/** Payloads of 150–250 bytes, like a vote or a motion step, drawn from the seed. */
export function eventFactory(seed: number): (n: number) => BenchEvent {
  const random = seededRandom(seed);
  return (n) => ({
    type: 'VoteCast',
    data: {
      decisionId: `d-${Math.floor(random() * 100_000)}`,
      stance: random() < 0.8 ? 'agree' : 'object',
      reason: REASONS[Math.floor(random() * REASONS.length)],
      n,
    },
  });
}

const lastLine = new Map<string, number>();
const printed = new Set<string>();

/**
 * Progress on stderr: a line rewritten in place on a terminal; otherwise (a log, or a parent
 * process reading the pipe) one line at most every 5 seconds, and the last one.
 */
export function progress(label: string, done: number, total: number): void {
  const text = `${label}: ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')}`;
  const now = Date.now();
  if (process.stderr.isTTY) {
    if (done < total && now - (lastLine.get(label) ?? 0) < 200) return;
    lastLine.set(label, now);
    process.stderr.write(`\r${text}${done >= total ? '\n' : ''}`);
    if (done >= total) lastLine.delete(label);
    return;
  }
  const last = lastLine.get(label);
  if (last === undefined) {
    lastLine.set(label, now); // a phase's first call: start the clock, print nothing yet
    return;
  }
  if (done >= total) {
    lastLine.delete(label);
    if (!printed.has(label)) return; // a short phase: its summary line says enough
    printed.delete(label);
  } else {
    if (now - last < 5000) return;
    lastLine.set(label, now);
    printed.add(label);
  }
  process.stderr.write(`${text}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

export interface AppendRun {
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** This process's CPU (user + system) per event while appending, events made beforehand excluded. */
  nodeCpuUsPerEvent: number;
}

/**
 * `appends` appends of `eventsPerAppend` events, each to a new stream, by `writers` concurrent
 * callers that each wait for their append before the next (closed loop).
 */
export async function runAppends(
  append: (streamId: string, events: BenchEvent[]) => Promise<void>,
  options: {
    writers: number;
    appends: number;
    eventsPerAppend: number;
    streamPrefix: string;
    makeEvent: (n: number) => BenchEvent;
    label?: string;
  },
): Promise<AppendRun> {
  const { writers, appends, eventsPerAppend, streamPrefix, makeEvent } = options;
  const batches = Array.from({ length: appends }, (_, i) =>
    Array.from({ length: eventsPerAppend }, (_, j) => makeEvent(i * eventsPerAppend + j)),
  );
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(writers, appends) }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const t0 = process.hrtime.bigint();
        await append(`${streamPrefix}-${i}`, batches[i]);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (options.label) progress(options.label, latencies.length, appends);
      }
    }),
  );
  const elapsed = seconds(started);
  const { user, system } = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: (appends * eventsPerAppend) / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    nodeCpuUsPerEvent: (user + system) / (appends * eventsPerAppend),
  };
}

/** Reads the same stream `reads` times, one after another; returns events read per second. */
export async function runReadStream(
  read: (streamId: string) => Promise<number>,
  streamId: string,
  reads: number,
  expected: number,
): Promise<number> {
  let events = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < reads; i++) {
    const n = await read(streamId);
    if (n !== expected) throw new Error(`readStream(${streamId}) returned ${n} events, expected ${expected}`);
    events += n;
  }
  return events / seconds(started);
}

export interface ReadAllRun {
  eventsPerSecond: number;
  read: number;
  seconds: number;
  /** True when the time cap stopped the read before `total` events. */
  capped: boolean;
}

/**
 * Pages through the log after `afterPosition` until `total` events are read, or until
 * `capSeconds` have passed (then the rate is over what was read, and `capped` says so).
 */
export async function runReadAll(
  page: (afterPosition: number, limit: number) => Promise<{ count: number; last: number }>,
  options: { afterPosition: number; total: number; pageSize: number; label?: string; capSeconds?: number },
): Promise<ReadAllRun> {
  let read = 0;
  let after = options.afterPosition;
  let capped = false;
  const started = process.hrtime.bigint();
  while (read < options.total) {
    if (options.capSeconds !== undefined && seconds(started) > options.capSeconds) {
      capped = true;
      break;
    }
    const result = await page(after, Math.min(options.pageSize, options.total - read));
    if (result.count === 0) break;
    read += result.count;
    after = result.last;
    if (options.label) progress(options.label, read, options.total);
  }
  const elapsed = seconds(started);
  if (!capped && read !== options.total) throw new Error(`read ${read} events, expected ${options.total}`);
  if (capped && options.label)
    process.stderr.write(
      `${options.label}: stopped by the ${options.capSeconds} s cap at ${read.toLocaleString('en-GB')}\n`,
    );
  return { eventsPerSecond: read / elapsed, read, seconds: elapsed, capped };
}

/**
 * Fills a log quickly through the contender's own append path: appends of `eventsPerAppend`
 * events to new streams, `inFlight` at a time, so a group-commit store packs them into its largest
 * transactions. Returns the events per second achieved (not a measured figure, but printed).
 */
export async function bulkFill(
  append: (streamId: string, events: BenchEvent[]) => Promise<void>,
  options: {
    events: number;
    streamPrefix: string;
    makeEvent: (n: number) => BenchEvent;
    eventsPerAppend?: number;
    inFlight?: number;
    label: string;
  },
): Promise<number> {
  const per = options.eventsPerAppend ?? 1000;
  const appends = Math.ceil(options.events / per);
  let next = 0;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.inFlight ?? 4 }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const size = Math.min(per, options.events - i * per);
        await append(
          `${options.streamPrefix}-${i}`,
          Array.from({ length: size }, (_, j) => options.makeEvent(i * per + j)),
        );
        done += size;
        progress(options.label, done, options.events);
      }
    }),
  );
  return options.events / seconds(started);
}
