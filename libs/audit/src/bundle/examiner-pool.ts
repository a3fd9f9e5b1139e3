import { Worker } from 'node:worker_threads';
import { eventExaminer, type ExaminedEvent } from './event-examiner';

/**
 * A batch's results as they cross back from a worker, in columns: cloning a few arrays and strings
 * costs the calling thread far less than an object per line. Per line, `kinds` says what it is:
 * not an event line, an event whose bytes do not match its leaf hash, one whose bytes are not a
 * JSON object, one whose envelope tail was read (its fields in the other columns), or one parsed
 * in full (its envelope in `parsed`, by line).
 */
interface Reply {
  id: number;
  kinds: Uint8Array;
  /** Per line: the event's position, its envelope's position and revision. */
  numbers: Float64Array;
  /** The stated leaf hashes, 64 hex digits per event line. */
  leafHashes: string;
  /** The envelopes' previous leaf hashes, 64 hex digits each, or '' for null. */
  prevs: string[];
  streamIds: string[];
  parsed: Record<number, ExaminedEvent['envelope']>;
  hashes: ArrayBuffer;
}

const NOT_EVENT = 0;
const HASH_DIFFERS = 1;
const NOT_AN_OBJECT = 2;
const TAIL_READ = 3;
const PARSED = 4;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { examineEvent } = (${eventExaminer.toString()})(require('node:crypto'));
parentPort.on('message', ({ id, bytes, ends }) => {
  const all = Buffer.from(bytes);
  const n = ends.length;
  const hashes = Buffer.from(new ArrayBuffer(32 * n));
  const kinds = new Uint8Array(n);
  const numbers = new Float64Array(3 * n);
  const leafHashes = [];
  const prevs = [];
  const streamIds = [];
  const parsed = {};
  let start = 0;
  for (let i = 0; i < n; i++) {
    const line = all.subarray(start, ends[i]);
    start = ends[i];
    if (line[0] !== 0x7b || line[1] !== 0x22 || line[2] !== 0x70) continue; // checkpoints and the end line
    const examined = examineEvent(line);
    const e = examined.event;
    if (e === undefined) continue;
    examined.hash.copy(hashes, 32 * i);
    numbers[3 * i] = e.position;
    leafHashes.push(e.leafHash);
    const env = examined.envelope;
    if (!examined.hashMatches) kinds[i] = ${HASH_DIFFERS};
    else if (env === undefined) kinds[i] = ${NOT_AN_OBJECT};
    else if ('data' in env) {
      kinds[i] = ${PARSED};
      parsed[i] = env;
    } else {
      kinds[i] = ${TAIL_READ};
      numbers[3 * i + 1] = env.position;
      numbers[3 * i + 2] = env.revision;
      prevs.push(env.prevStreamLeafHash ?? '');
      streamIds.push(env.streamId);
    }
  }
  parentPort.postMessage(
    { id, kinds, numbers, leafHashes: leafHashes.join(''), prevs, streamIds, parsed, hashes: hashes.buffer },
    [hashes.buffer, kinds.buffer, numbers.buffer],
  );
});`;

/**
 * Worker threads that examine batches of event lines (event-examiner.ts), round robin. Each batch
 * is copied into one transferred buffer, so a batch costs the calling thread a copy and a message.
 */
export class ExaminerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: ExaminedEvent[]) => void; reject: (e: Error) => void }>();
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

  examine(lines: readonly Buffer[]): Promise<ExaminedEvent[]> {
    if (this.failure) return Promise.reject(this.failure);
    let total = 0;
    for (const line of lines) total += line.length;
    const bytes = new ArrayBuffer(total);
    const all = Buffer.from(bytes);
    const ends = new Uint32Array(lines.length);
    let at = 0;
    lines.forEach((line, i) => {
      at += line.copy(all, at);
      ends[i] = at;
    });
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    const examined = new Promise<ExaminedEvent[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, bytes, ends }, [bytes]);
    });
    // A batch read ahead of a fault is never awaited: its failure must not surface as unhandled.
    examined.catch(() => undefined);
    return examined;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    waiter.resolve(unpack(reply));
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}

function unpack(reply: Reply): ExaminedEvent[] {
  const { kinds, numbers, leafHashes, prevs, streamIds, parsed } = reply;
  const hashes = Buffer.from(reply.hashes);
  const examined: ExaminedEvent[] = new Array(kinds.length);
  let events = 0;
  let tails = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] as number;
    const hash = hashes.subarray(32 * i, 32 * i + 32);
    if (kind === NOT_EVENT) {
      examined[i] = { event: undefined, hash, hashMatches: false, envelope: undefined };
      continue;
    }
    const event = { position: numbers[3 * i] as number, leafHash: leafHashes.slice(64 * events, 64 * events + 64) };
    events += 1;
    let envelope: ExaminedEvent['envelope'];
    if (kind === TAIL_READ) {
      const prev = prevs[tails] as string;
      envelope = {
        position: numbers[3 * i + 1],
        revision: numbers[3 * i + 2],
        prevStreamLeafHash: prev === '' ? null : prev,
        streamId: streamIds[tails],
      };
      tails += 1;
    } else if (kind === PARSED) envelope = parsed[i];
    examined[i] = { event, hash, hashMatches: kind !== HASH_DIFFERS, envelope };
  }
  return examined;
}
