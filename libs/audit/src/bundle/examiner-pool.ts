import { Worker } from 'node:worker_threads';
import { eventExaminer } from './event-examiner';

/**
 * What the workers found in a batch of lines, in columns: cloning a few typed arrays and short
 * strings costs the calling thread far less than an object per line. Per line, `kinds` is 0 when
 * the calling thread must read it itself (not an event line, or one scanEvent could not take),
 * else 1 (the first event of its stream: no previous leaf hash) or 2 (the previous leaf hash as 64
 * hex digits at prevs[64 × line]).
 */
export interface ScannedBatch {
  kinds: Uint8Array;
  /** Per line: the event's position and revision. */
  numbers: Float64Array;
  /** The leaf hash of line i at 32 × i. */
  hashes: Buffer;
  prevs: Buffer;
  /** Per scanned line, its stream id's index in `streamIds`. */
  streams: Uint32Array;
  /** Stream ids, each once per run of lines in that stream. */
  streamIds: string[];
}

interface Reply {
  id: number;
  kinds: Uint8Array;
  numbers: Float64Array;
  hashes: ArrayBuffer;
  prevs: ArrayBuffer;
  streams: Uint32Array;
  streamIds: string[];
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scanEvent, scanned } = (${eventExaminer.toString()})(require('node:crypto'));
parentPort.on('message', ({ id, bytes, ends }) => {
  const all = Buffer.from(bytes);
  const n = ends.length;
  const hashes = Buffer.from(new ArrayBuffer(32 * n));
  const prevs = Buffer.from(new ArrayBuffer(64 * n));
  const kinds = new Uint8Array(n);
  const numbers = new Float64Array(2 * n);
  const streams = new Uint32Array(n);
  // A stream id is decoded and sent once per run of lines in its stream, not once per line.
  const streamIds = [];
  let last = Buffer.alloc(0);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const line = all.subarray(start, ends[i]);
    start = ends[i] + 1;
    if (line[0] !== 0x7b || line[1] !== 0x22 || line[2] !== 0x70) continue; // checkpoints and the end line
    const hash = scanEvent(line);
    if (hash === undefined) continue;
    hash.copy(hashes, 32 * i);
    numbers[2 * i] = scanned.position;
    numbers[2 * i + 1] = scanned.revision;
    const id = line.subarray(scanned.streamIdAt, scanned.streamIdEnd);
    if (streamIds.length === 0 || !id.equals(last)) {
      streamIds.push(id.toString('latin1'));
      last = id;
    }
    streams[i] = streamIds.length - 1;
    if (scanned.prevAt < 0) kinds[i] = 1;
    else {
      kinds[i] = 2;
      line.copy(prevs, 64 * i, scanned.prevAt, scanned.prevAt + 64);
    }
  }
  parentPort.postMessage(
    { id, kinds, numbers, hashes: hashes.buffer, prevs: prevs.buffer, streams, streamIds },
    [hashes.buffer, prevs.buffer, kinds.buffer, numbers.buffer, streams.buffer],
  );
});`;

/**
 * Worker threads that scan batches of event lines (event-examiner.ts), round robin. Each batch is
 * copied into one transferred buffer, so a batch costs the calling thread a copy and a message.
 */
export class ExaminerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: ScannedBatch) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a verifier worker thread exited with code ${code}`));
      });
      return worker;
    });
  }

  scan(lines: readonly Buffer[]): Promise<ScannedBatch> {
    if (this.failure) return Promise.reject(this.failure);
    let total = 0;
    for (const line of lines) total += line.length + 1;
    const bytes = new ArrayBuffer(total);
    const all = Buffer.from(bytes);
    // Line i is all[ends[i − 1] + 1, ends[i]). Lines split from one chunk lie one newline apart in
    // its memory, so each run of them is copied at once rather than line by line.
    const ends = new Uint32Array(lines.length);
    let run: Buffer | undefined;
    let runAt = 0;
    let runEnd = 0;
    const copyRun = (): void => {
      if (run) all.set(new Uint8Array(run.buffer, run.byteOffset, runEnd - run.byteOffset), runAt);
    };
    lines.forEach((line, i) => {
      if (run === undefined || line.buffer !== run.buffer || line.byteOffset !== runEnd + 1) {
        copyRun();
        runAt = i === 0 ? 0 : (ends[i - 1] as number) + 1;
        run = line;
      }
      runEnd = line.byteOffset + line.length;
      ends[i] = runAt + runEnd - run.byteOffset;
    });
    copyRun();
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    const scanned = new Promise<ScannedBatch>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, bytes, ends }, [bytes]);
    });
    // A batch read ahead of a fault is never awaited: its failure must not surface as unhandled.
    scanned.catch(() => undefined);
    return scanned;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    waiter.resolve({ ...reply, hashes: Buffer.from(reply.hashes), prevs: Buffer.from(reply.prevs) });
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
