/**
 * Verification against its limit: the offline verifier on a whole-log bundle beside a bare loop
 * that does nothing but the hashing any verifier of that bundle must do (every leaf hash and every
 * interior node of its tree, with node:crypto, over event bytes already in memory), in one run.
 * Then the verifier again with worker threads, against its own one-thread figure.
 */
import { hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { decodeEventLine, splitLines, verifyBundle, type VerifyBundleOptions } from '@accord/audit';
import { type Figure, percentile } from './bench-kit';

export interface VerificationVsHashing {
  events: number;
  /** Events per second of each side, best of `repeats`. */
  bareHashing: number;
  oneThread: number;
  threads: number;
  threaded: number;
  /** CPU seconds of the whole process per run, median: one thread; with workers, and of that the calling thread's. */
  cpu: { oneThread: number; threaded: number; callingThread: number };
}

/** The events' canonical bytes, read before the clock starts: the bare loop does no I/O or parsing. */
async function eventBytes(file: string): Promise<Buffer[]> {
  const events: Buffer[] = [];
  for await (const line of splitLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    const ev = line[0] === 0x7b && line[1] === 0x22 && line[2] === 0x70 ? decodeEventLine(line) : undefined;
    if (ev) events.push(Buffer.concat([LEAF_PREFIX, ev.canonical]));
  }
  return events;
}

const LEAF_PREFIX = Buffer.from([0x00]);

/** RFC 9162's tree over `leaves`, level by level: n leaf hashes and n − 1 interior nodes. */
export function bareTreeRoot(prefixedLeaves: readonly Buffer[]): Buffer {
  let level: Buffer[] = prefixedLeaves.map((bytes) => hash('sha256', bytes, 'buffer'));
  const pair = Buffer.alloc(65, 0x01);
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      (level[i] as Buffer).copy(pair, 1);
      (level[i + 1] as Buffer).copy(pair, 33);
      up.push(hash('sha256', pair, 'buffer'));
    }
    if (level.length % 2 === 1) up.push(level[level.length - 1] as Buffer);
    level = up;
  }
  return level[0] as Buffer;
}

interface Timed {
  rate: number;
  /** CPU seconds of the process (every thread) and of the calling thread alone. */
  cpu: number;
  callingThread: number;
}

async function timeVerifier(file: string, options: VerifyBundleOptions): Promise<Timed> {
  const started = process.hrtime.bigint();
  const [cpu, thread] = [process.cpuUsage(), process.threadCpuUsage()];
  const result = await verifyBundle(splitLines(createReadStream(file, { highWaterMark: 1 << 20 })), options);
  const [cpuUsed, threadUsed] = [process.cpuUsage(cpu), process.threadCpuUsage(thread)];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!result.ok) throw new Error(`the bundle did not verify: ${JSON.stringify(result.fault)}`);
  return {
    rate: result.summary.events / seconds,
    cpu: (cpuUsed.user + cpuUsed.system) / 1e6,
    callingThread: (threadUsed.user + threadUsed.system) / 1e6,
  };
}

function median(seconds: number[]): number {
  return percentile(
    [...seconds].sort((a, b) => a - b),
    50,
  );
}

export async function measureVerificationVsHashing(file: string, repeats = 3): Promise<VerificationVsHashing> {
  let events = 0;
  const threads = Math.max(2, os.availableParallelism());
  const best = { bareHashing: 0, oneThread: 0, threaded: 0 };
  const cpu = { oneThread: [] as number[], threaded: [] as number[], callingThread: [] as number[] };
  // Interleaved rounds, so a busy spell on the machine hurts every side alike.
  for (let round = 0; round < repeats; round++) {
    // Loaded afresh each round and let go before the verifier runs, whose memory stays small.
    const leaves = await eventBytes(file);
    events = leaves.length;
    const started = process.hrtime.bigint();
    bareTreeRoot(leaves);
    best.bareHashing = Math.max(best.bareHashing, events / (Number(process.hrtime.bigint() - started) / 1e9));
    const one = await timeVerifier(file, { threads: 1 });
    const many = await timeVerifier(file, { threads });
    best.oneThread = Math.max(best.oneThread, one.rate);
    best.threaded = Math.max(best.threaded, many.rate);
    cpu.oneThread.push(one.cpu);
    cpu.threaded.push(many.cpu);
    cpu.callingThread.push(many.callingThread);
  }
  return {
    events,
    threads,
    ...best,
    cpu: { oneThread: median(cpu.oneThread), threaded: median(cpu.threaded), callingThread: median(cpu.callingThread) },
  };
}

export function verificationFigures(m: VerificationVsHashing): Figure[] {
  const oneThreadRatio = m.oneThread / m.bareHashing;
  const threadedRatio = m.threaded / m.oneThread;
  return [
    {
      name: 'bare hashing of the same bundle (leaf hashes and interior nodes, bytes in memory)',
      value: m.bareHashing,
      unit: 'events/s',
    },
    { name: 'offline verification, one thread', value: m.oneThread, unit: 'events/s' },
    {
      name: 'offline verification, one thread / bare hashing',
      value: oneThreadRatio,
      unit: `× (${Math.round(m.oneThread).toLocaleString('en-GB')} / ${Math.round(m.bareHashing).toLocaleString('en-GB')})`,
      target: '≥ 0.70',
      met: oneThreadRatio >= 0.7,
    },
    { name: `offline verification, ${m.threads} worker threads`, value: m.threaded, unit: 'events/s' },
    {
      name: `offline verification, ${m.threads} worker threads / one thread (${os.availableParallelism()} CPUs)`,
      value: threadedRatio,
      unit: `× (${Math.round(m.threaded).toLocaleString('en-GB')} / ${Math.round(m.oneThread).toLocaleString('en-GB')})`,
      target: '≥ 1.60',
      met: threadedRatio >= 1.6,
    },
    // Two cores cannot give more than 2 ÷ this, whatever the calling thread does.
    {
      name: `offline verification, CPU of the process with ${m.threads} worker threads / with one thread (median)`,
      value: m.cpu.threaded / m.cpu.oneThread,
      unit: `× (${m.cpu.threaded.toFixed(2)} / ${m.cpu.oneThread.toFixed(2)} s)`,
    },
    {
      name: `offline verification with ${m.threads} worker threads, the calling thread's share of the CPU (median)`,
      value: m.cpu.callingThread / m.cpu.threaded,
      unit: `× (${m.cpu.callingThread.toFixed(2)} / ${m.cpu.threaded.toFixed(2)} s)`,
    },
  ];
}
