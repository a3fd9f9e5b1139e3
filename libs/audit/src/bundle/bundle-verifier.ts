import { streamIdOf, streamKindOf } from '@accord/domain';
import { opensCommitment } from '@accord/platform';
import {
  CheckpointError,
  type Checkpoint,
  parseSignedNote,
  type ParsedVerifierKey,
  parseVerifierKey,
  rawPublicKey,
  verifySignedCheckpoint,
} from '../checkpoint';
import type { Policy } from '../policy/policy';
import { checkQuorum, findPolicyLog, type WitnessCosignature } from '../policy/quorum';
import { MerkleFrontier } from '../merkle-tree';
import { assertConsistency, ProofError, rootFromInclusionProof } from '../proofs';
import { findStreamHeads, StreamHeads, type StreamHeadsCommitment, verifyStreamHead } from '../stream-heads';
import { BUNDLE_FORMAT, type BundleHeader, type BundleStreamHead, lineBatches } from './bundle-format';
import {
  type Envelope,
  type ExaminedEvent,
  examineEvent,
  fullEnvelope,
  hexEquals,
  scanEvent,
  scanned,
} from './event-examiner';
import { ExaminerPool, type ScannedBatch } from './examiner-pool';

/**
 * The offline check of an audit bundle (docs/audit-bundle.md), shared by `accord verify` and
 * `GET /v1/audit/verify` so the server can never pass a log the auditor's tool would fail.
 * It streams: memory grows with the number of streams, not of events.
 */
export type FaultKind =
  | 'altered'
  | 'missing'
  | 'reordered'
  | 'truncated'
  | 'bad-signature'
  | 'broken-link'
  | 'inconsistent'
  | 'malformed'
  | 'no-quorum'
  // Exempt information (Schedule 12A): a declassified value, or one a party revealed to the
  // auditor, that is not the one the log committed to; or a revealed item the bundle lacks.
  | 'commitment-mismatch'
  // Only the server's check finds these two, in the tables a bundle is exported from: a column
  // of the events table that its hashed bytes contradict, a stored Merkle node proofs are served
  // from that the leaves do not give.
  | 'column-mismatch'
  | 'bad-node';

export interface BundleFault {
  kind: FaultKind;
  /** The first bad log position, or null when the fault is not an event's (a signature, the file's structure). */
  position: number | null;
  /** 1-based line of the bundle where it was found; 0 when found in the server's tables. */
  line: number;
  message: string;
}

export interface BundleSummary {
  scope: BundleHeader['scope'] | null;
  partnershipId?: string;
  origin: string | null;
  keyId: string | null;
  events: number;
  streams: number;
  firstPosition: number | null;
  lastPosition: number | null;
  treeSize: number | null;
  root: string | null;
  checkpointCreatedAt: string | null;
  /** The older checkpoint the bundle was shown to extend (`--since`). */
  since?: { treeSize: number; root: string };
  /**
   * Partnership bundles: whether the checkpoint commits to every stream's head, so each stream's
   * end was checked (`proven`), or was signed before such commitments existed (`unproven`).
   */
  streamEnds?: 'proven' | 'unproven';
  /** With a policy: each of its witnesses' cosignature on the bundle's checkpoint, and whether they make the quorum. */
  cosignatures?: { quorum: boolean; witnesses: readonly WitnessCosignature[] };
  /** Exempt items in the bundle, and how many were declassified (each checked against its commitment). */
  exempt?: { items: number; declassified: number };
  /** With `reveal`: the item the revealed value was checked against. */
  revealed?: { decisionId: string; itemId: string; paragraph: number; position: number };
}

/**
 * An exempt value a party disclosed to the auditor (DESIGN §4): the salt and value it says the log
 * committed to for the item (`itemId`, or `decisionId/itemId` when item ids repeat across decisions).
 */
export interface ExemptReveal {
  item: string;
  salt: string;
  value: string;
}

export interface BundleVerification {
  ok: boolean;
  summary: BundleSummary;
  fault?: BundleFault;
}

export interface VerifyBundleOptions {
  /** The log's key as the auditor knows it (vkey form); without it the bundle's own key is used and reported. */
  trustedVkey?: string;
  /** A signed checkpoint the auditor kept from earlier: the bundle must extend it. */
  since?: string;
  /**
   * The witnesses whose cosignatures the bundle's checkpoint needs (`no-quorum` otherwise; one by
   * a witness of the policy that does not verify is `bad-signature` even when the others make the
   * quorum). Its logs, when it lists any, are the only log keys accepted.
   */
  policy?: Policy;
  /** Checked against the commitment of the item it names, which must be in the bundle. */
  reveal?: ExemptReveal;
  onProgress?: (events: number) => void;
  progressEvery?: number;
  /**
   * Worker threads to share a whole-log bundle's hashing and parsing (default 1: none, all on the
   * calling thread). The verdict, and the first fault and its message, are the same either way.
   */
  threads?: number;
}

class Fault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly position: number | null,
    message: string,
  ) {
    super(message);
  }
}

interface ExemptCommitment {
  commitment: string;
  paragraph: number;
  position: number;
}

/** A stream's last event so far, updated in place as the stream goes on. */
interface StreamTip {
  revision: number;
  leafHash: Buffer;
}

export async function verifyBundle(
  lines: AsyncIterable<Buffer>,
  options: VerifyBundleOptions = {},
): Promise<BundleVerification> {
  const run = new BundleRun(options);
  const threads = options.threads ?? 1;
  const pool = threads > 1 ? new ExaminerPool(threads) : undefined;
  const at = { line: 0 };
  try {
    if (pool) await readInParallel(lines, run, pool, threads, at);
    else
      for await (const batch of lineBatches(lines))
        for (const line of batch) {
          at.line += 1;
          run.line(line, at.line);
        }
    run.finish();
    return { ok: true, summary: run.summary() };
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    return {
      ok: false,
      summary: run.summary(),
      fault: { kind: err.kind, position: err.position, line: at.line, message: err.message },
    };
  } finally {
    await pool?.close();
  }
}

/**
 * Lines per batch sent to a worker: big, so that a thread waits for another seldom, which on a
 * busy machine costs it the rest of its time slice.
 */
const BATCH_LINES = 4096;

type Pending = { lines: Buffer[]; firstLine: number; scanned?: Promise<ScannedBatch> };

/**
 * Whole-log bundles with worker threads: after the header, lines go to the workers in batches
 * while the calling thread goes on reading, and every line is still applied here, in order,
 * exactly as on one thread (the same checks in the same order, so the same first fault and
 * message). Workers scan the event lines of a batch (scanEvent); the lines they could not, and
 * its checkpoint and end lines, are read here. `at.line` is the last line applied, which is where
 * a fault is reported.
 */
async function readInParallel(
  lines: AsyncIterable<Buffer>,
  run: BundleRun,
  pool: ExaminerPool,
  threads: number,
  at: { line: number },
): Promise<void> {
  const queue: Pending[] = [];
  let batch: Pending | undefined;
  let read = 0;
  const applyHead = async (): Promise<void> => {
    const head = queue.shift() as Pending;
    const scan = head.scanned ? await head.scanned : undefined;
    head.lines.forEach((line, i) => {
      at.line = head.firstLine + i;
      const kind = scan?.kinds[i];
      if (scan && kind !== 0) {
        const streamId = scan.streamIds[scan.streams[i] as number] as string;
        const prev = kind === 2 ? scan.prevs : undefined;
        const { numbers, hashes } = scan;
        if (
          run.applyScanned(
            numbers[2 * i] as number,
            numbers[2 * i + 1] as number,
            streamId,
            prev,
            64 * i,
            hashes,
            32 * i,
          )
        )
          return;
      }
      run.line(line, at.line);
    });
  };
  const flush = (): void => {
    if (batch) batch.scanned = pool.scan(batch.lines);
    batch = undefined;
  };
  for await (const chunk of lineBatches(lines))
    for (const line of chunk) {
      read += 1;
      if (run.takesLinesInBulk()) {
        if (!batch) queue.push((batch = { lines: [], firstLine: read }));
        batch.lines.push(line);
        if (batch.lines.length === BATCH_LINES) flush();
      } else {
        // The header, and everything of a partnership bundle, in turn as it comes.
        flush();
        while (queue.length > 0) await applyHead();
        queue.push({ lines: [line], firstLine: read });
        await applyHead();
      }
      while (queue.length > 4 * threads) await applyHead();
    }
  flush();
  while (queue.length > 0) await applyHead();
}

function sameBytes(line: Buffer, from: number, to: number, bytes: Buffer): boolean {
  if (to - from !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (line[from + i] !== bytes[i]) return false;
  return true;
}

function isEventLine(line: Buffer): boolean {
  return line[0] === 0x7b && line[1] === 0x22 && line[2] === 0x70; // {"p…
}

class BundleRun {
  private header: BundleHeader | undefined;
  private checkpoint: Checkpoint | undefined;
  private verifierKey: ParsedVerifierKey | undefined;
  private keyId: string | null = null;
  private since: Checkpoint | undefined;
  private cosignatures: BundleSummary['cosignatures'];
  private readonly frontier = new MerkleFrontier();
  /** In order of first appearance: the order of the leaves of the stream heads commitment. */
  private readonly streams = new Map<string, StreamTip>();
  /** By `decisionId/itemId`: few, so kept whole. */
  private readonly exempt = new Map<string, ExemptCommitment>();
  private declassified = 0;
  private headsCommitment: StreamHeadsCommitment | undefined;
  /** Streams whose head line (partnership bundles) was checked. */
  private readonly provenHeads = new Set<string>();
  private events = 0;
  private firstPosition: number | null = null;
  private lastPosition = 0;
  /** Whole-log bundles: the largest tree size whose signed root the leaves so far reproduced. */
  private lastGoodSize = 0;
  private ended = false;
  private readonly progressEvery: number;
  /**
   * The stream of the last event line applied, with its id's bytes: an append's events are
   * consecutive in the log, and comparing a few bytes costs less than decoding the id again.
   */
  private recentStream: { streamId: string; bytes: Buffer } | undefined;

  constructor(private readonly options: VerifyBundleOptions) {
    this.progressEvery = options.progressEvery ?? 100_000;
  }

  /** Whether lines may be examined ahead of being applied: after a whole-log bundle's header. */
  takesLinesInBulk(): boolean {
    return this.header?.scope === 'log';
  }

  line(line: Buffer, lineNo: number): void {
    if (this.ended) {
      if (line.length === 0) return;
      throw new Fault('malformed', null, `line ${lineNo} follows the end line`);
    }
    if (this.header === undefined) return this.readHeader(line);
    if (isEventLine(line)) {
      if (this.header.scope === 'log') {
        const hash = scanEvent(line);
        if (hash !== undefined) {
          const { position, revision, prevAt, streamIdAt, streamIdEnd } = scanned;
          const recent = this.recentStream;
          const streamId =
            recent !== undefined && sameBytes(line, streamIdAt, streamIdEnd, recent.bytes)
              ? recent.streamId
              : line.toString('latin1', streamIdAt, streamIdEnd);
          if (this.applyScanned(position, revision, streamId, prevAt < 0 ? undefined : line, prevAt, hash, 0)) {
            if (streamId !== recent?.streamId)
              this.recentStream = { streamId, bytes: Buffer.from(line.subarray(streamIdAt, streamIdEnd)) };
            return;
          }
        }
      }
      return this.readEvent(examineEvent(line), lineNo);
    }
    let parsed: { checkpoint?: unknown; end?: { events?: unknown }; streamHead?: unknown };
    try {
      parsed = JSON.parse(line.toString('utf8'));
    } catch {
      throw new Fault(
        'malformed',
        this.nextPosition(),
        `line ${lineNo} is not JSON (after position ${this.lastPosition})`,
      );
    }
    if (typeof parsed.checkpoint === 'string') return this.readInterimCheckpoint(parsed.checkpoint);
    if (parsed.end && typeof parsed.end === 'object') return this.readEnd(parsed.end.events);
    if (parsed.streamHead && typeof parsed.streamHead === 'object')
      return this.readStreamHead(parsed.streamHead as Partial<BundleStreamHead>, lineNo);
    throw new Fault(
      'malformed',
      this.nextPosition(),
      `line ${lineNo} is neither an event, a checkpoint nor the end line (after position ${this.lastPosition})`,
    );
  }

  finish(): void {
    if (this.header === undefined) throw new Fault('malformed', null, 'the bundle is empty');
    if (!this.ended) {
      const size = this.checkpoint?.size ?? 0;
      if (this.header.scope === 'log' && this.lastPosition < size) {
        throw new Fault(
          'truncated',
          this.lastPosition + 1,
          `the bundle stops after position ${this.lastPosition}; the checkpoint covers ${size}`,
        );
      }
      throw new Fault(
        'truncated',
        null,
        `the bundle has no end line after position ${this.lastPosition}: the file was cut short`,
      );
    }
    if (this.options.reveal) this.checkReveal(this.options.reveal);
  }

  summary(): BundleSummary {
    const cp = this.checkpoint;
    return {
      scope: this.header?.scope ?? null,
      ...(this.header?.partnershipId ? { partnershipId: this.header.partnershipId } : {}),
      origin: cp?.origin ?? null,
      keyId: this.keyId,
      events: this.events,
      streams: this.streams.size,
      firstPosition: this.firstPosition,
      lastPosition: this.events > 0 ? this.lastPosition : null,
      treeSize: cp?.size ?? null,
      root: cp ? cp.rootHash.toString('hex') : null,
      checkpointCreatedAt: this.header?.checkpointCreatedAt ?? null,
      ...(this.header?.scope === 'partnership' && cp
        ? { streamEnds: this.headsCommitment ? ('proven' as const) : ('unproven' as const) }
        : {}),
      ...(this.since ? { since: { treeSize: this.since.size, root: this.since.rootHash.toString('hex') } } : {}),
      ...(this.cosignatures ? { cosignatures: this.cosignatures } : {}),
      ...(this.exempt.size > 0 ? { exempt: { items: this.exempt.size, declassified: this.declassified } } : {}),
      ...(this.revealed
        ? {
            revealed: {
              decisionId: this.revealed.key.slice(0, this.revealed.key.lastIndexOf('/')),
              itemId: this.revealed.key.slice(this.revealed.key.lastIndexOf('/') + 1),
              paragraph: this.revealed.item.paragraph,
              position: this.revealed.item.position,
            },
          }
        : {}),
    };
  }

  private readHeader(line: Buffer): void {
    let header: BundleHeader;
    try {
      header = JSON.parse(line.toString('utf8')) as BundleHeader;
    } catch {
      throw new Fault('malformed', null, 'line 1 (the header) is not JSON');
    }
    if (header?.format !== BUNDLE_FORMAT)
      throw new Fault('malformed', null, `line 1 is not an ${BUNDLE_FORMAT} header`);
    if (header.scope !== 'log' && !(header.scope === 'partnership' && typeof header.partnershipId === 'string')) {
      throw new Fault('malformed', null, 'the header has no valid scope');
    }
    this.header = header;
    const vkey = this.options.trustedVkey?.trim() ?? header.vkey;
    if (this.options.trustedVkey !== undefined && header.vkey !== vkey) {
      throw new Fault(
        'bad-signature',
        null,
        `the bundle names key ${String(header.vkey)}, not the key you trust (${vkey})`,
      );
    }
    let key;
    try {
      key = parseVerifierKey(vkey);
    } catch (err) {
      throw new Fault('bad-signature', null, `the log's public key is unusable: ${(err as Error).message}`);
    }
    this.keyId = key.keyId.toString('hex');
    const policy = this.options.policy;
    if (policy && policy.logs.length > 0 && !findPolicyLog(policy, key.name, rawPublicKey(key.publicKey)))
      throw new Fault('bad-signature', null, `the log's key ${vkey} is not one of the policy's logs`);
    this.verifierKey = key;
    this.checkpoint = this.openCheckpoint(header.checkpoint, 'the bundle’s checkpoint');
    this.checkCosignatures(header.checkpoint as string);
    try {
      this.headsCommitment = findStreamHeads(this.checkpoint.extensions);
    } catch (err) {
      throw new Fault('malformed', null, `the bundle's checkpoint: ${(err as Error).message}`);
    }
    if (header.origin !== this.checkpoint.origin)
      throw new Fault(
        'malformed',
        null,
        `the header's origin ${header.origin} is not the checkpoint's (${this.checkpoint.origin})`,
      );
    if (this.options.since !== undefined) this.readSince(this.options.since);
  }

  private openCheckpoint(note: unknown, what: string): Checkpoint {
    if (typeof note !== 'string') throw new Fault('malformed', null, `${what} is missing`);
    try {
      return verifySignedCheckpoint(
        note,
        this.verifierKey as ParsedVerifierKey,
        this.checkpoint ? { origin: this.checkpoint.origin } : {},
      );
    } catch (err) {
      if (err instanceof CheckpointError) {
        const kind: FaultKind =
          err.code === 'signature-invalid' || err.code === 'signature-missing' || err.code === 'key-invalid'
            ? 'bad-signature'
            : 'malformed';
        throw new Fault(kind, null, `${what}: ${err.message}`);
      }
      throw err;
    }
  }

  /**
   * With a policy: the witnesses' cosignatures on the bundle's checkpoint, whose log signature
   * verified. Only that one needs them: it commits to every event before it, and earlier
   * checkpoints' roots are recomputed from the same leaves. A witness that was down cosigns a
   * later checkpoint and never the ones it missed, and checking three signatures on each of a
   * million-event log's thousand checkpoints would cost a tenth of the verification.
   */
  private checkCosignatures(note: string): void {
    const policy = this.options.policy;
    if (policy === undefined) return;
    const result = checkQuorum(parseSignedNote(note), policy);
    this.cosignatures = { quorum: result.met, witnesses: result.witnesses };
    if (!result.met)
      throw new Fault(
        'no-quorum',
        null,
        `the bundle's checkpoint (tree size ${this.checkpoint?.size}) lacks the cosignatures its policy requires: ${describeLacking(result.lacking)}`,
      );
    const bad = result.witnesses.find((w) => w.status === 'invalid');
    if (bad)
      throw new Fault(
        'bad-signature',
        null,
        `the bundle's checkpoint: the cosignature of witness ${bad.witness} (${bad.keyName}) is invalid: ${bad.reason}`,
      );
  }

  private readSince(note: string): void {
    const old = this.openCheckpoint(note, 'the checkpoint you kept (--since)');
    const now = this.checkpoint as Checkpoint;
    this.since = old;
    if (old.size > now.size) {
      throw new Fault(
        'truncated',
        now.size + 1,
        `the checkpoint you kept has tree size ${old.size}; this bundle's has only ${now.size}: the log lost events or this export is older`,
      );
    }
    if (old.size === now.size) {
      if (!old.rootHash.equals(now.rootHash))
        throw new Fault(
          'inconsistent',
          null,
          `both checkpoints have tree size ${old.size} but different roots: the log was rewritten`,
        );
      return;
    }
    const given = this.header?.consistency;
    if (given) {
      if (given.fromSize !== old.size || given.toSize !== now.size) {
        if (this.header?.scope === 'partnership')
          throw new Fault(
            'inconsistent',
            null,
            `the bundle proves consistency from ${given.fromSize} to ${given.toSize}, not from your ${old.size} to ${now.size}; export it with since=${old.size}`,
          );
      } else {
        try {
          assertConsistency(
            old.size,
            now.size,
            old.rootHash,
            now.rootHash,
            given.proof.map((h) => Buffer.from(h, 'hex')),
          );
        } catch (err) {
          if (err instanceof ProofError || err instanceof RangeError)
            throw new Fault(
              'inconsistent',
              null,
              `the log at ${now.size} does not extend the checkpoint you kept at ${old.size}: ${err.message}`,
            );
          throw err;
        }
      }
    } else if (this.header?.scope === 'partnership') {
      throw new Fault(
        'inconsistent',
        null,
        `a partnership bundle needs a consistency proof from your tree size ${old.size}; export it with since=${old.size}`,
      );
    }
    // Whole-log bundles also recompute the old root from the leaves themselves (in readEvent).
  }

  private nextPosition(): number | null {
    return this.header?.scope === 'log' ? this.lastPosition + 1 : null;
  }

  private readEvent(examined: ExaminedEvent, lineNo: number): void {
    const header = this.header as BundleHeader;
    const cp = this.checkpoint as Checkpoint;
    const whole = header.scope === 'log';
    if (this.provenHeads.size > 0)
      throw new Fault('malformed', this.nextPosition(), `line ${lineNo}: an event line follows the stream heads`);
    const ev = examined.event;
    if (ev === undefined) {
      throw new Fault(
        'malformed',
        this.nextPosition(),
        `line ${lineNo} is not a well-formed event line (after position ${this.lastPosition})`,
      );
    }
    const at = ev.position;
    if (whole && at !== this.lastPosition + 1) {
      if (at > this.lastPosition + 1)
        throw new Fault(
          'missing',
          this.lastPosition + 1,
          `position ${this.lastPosition + 1} is missing: the event after ${this.lastPosition} is at ${at}`,
        );
      throw new Fault('reordered', at, `position ${at} comes after position ${this.lastPosition}`);
    }
    if (!whole && at <= this.lastPosition)
      throw new Fault('reordered', at, `position ${at} comes after position ${this.lastPosition}`);
    if (at < 1 || at > cp.size)
      throw new Fault('malformed', at, `position ${at} is outside the checkpoint's tree of ${cp.size}`);

    const hash = examined.hash;
    if (!examined.hashMatches)
      throw new Fault(
        'altered',
        at,
        `the event at position ${at} does not hash to its leaf hash: its bytes were changed`,
      );

    const env = examined.envelope;
    if (env === undefined) throw new Fault('malformed', at, `the event at position ${at} is not a JSON envelope`);
    if (typeof env.streamId !== 'string' || typeof env.revision !== 'number') {
      throw new Fault('malformed', at, `the event at position ${at} has no streamId or revision`);
    }
    if (env.position !== at)
      throw new Fault('reordered', at, `the event recorded at position ${String(env.position)} sits at position ${at}`);

    const tip = this.streams.get(env.streamId);
    const expectedRevision = (tip?.revision ?? 0) + 1;
    if (env.revision > expectedRevision) {
      throw new Fault(
        'missing',
        at,
        `stream ${env.streamId} jumps from revision ${expectedRevision - 1} to ${env.revision} at position ${at}`,
      );
    }
    if (env.revision < expectedRevision)
      throw new Fault(
        'reordered',
        at,
        `stream ${env.streamId} goes back to revision ${env.revision} at position ${at}`,
      );
    const expectedPrev = tip ? tip.leafHash.toString('hex') : null;
    if (env.prevStreamLeafHash !== expectedPrev) {
      throw new Fault(
        'broken-link',
        at,
        `the event at position ${at} links to ${String(env.prevStreamLeafHash)}, but stream ${env.streamId}'s previous leaf is ${String(expectedPrev)}`,
      );
    }
    if (!whole) this.checkBelongs(env, ev.canonical as Buffer, at);
    this.advanceStream(env.streamId, tip, env.revision, hash, 0);
    if (typeof env.type === 'string' && env.type.startsWith('ExemptItem')) this.readExempt(env, at);

    if (whole) this.appendLeaf(hash, 0);
    else this.checkInclusion(hash, at, ev.proof, cp);
    this.counted(at);
  }

  /**
   * A whole-log bundle's event line as scanEvent read it (its leaf hash at hashes[hashAt], its
   * previous leaf hash as hex at prevHex[prevAt], or none): applied with the same effect as
   * readEvent, without the objects readEvent checks, when it is the next position and continues its
   * stream. False, with nothing changed, for anything else: readEvent then names the fault.
   */
  applyScanned(
    position: number,
    revision: number,
    streamId: string,
    prevHex: Buffer | undefined,
    prevAt: number,
    hashes: Buffer,
    hashAt: number,
  ): boolean {
    if (this.ended || position !== this.lastPosition + 1 || position > (this.checkpoint as Checkpoint).size)
      return false;
    const tip = this.streams.get(streamId);
    if (revision !== (tip?.revision ?? 0) + 1) return false;
    if (
      tip === undefined ? prevHex !== undefined : prevHex === undefined || !hexEquals(prevHex, prevAt, tip.leafHash, 0)
    )
      return false;
    this.advanceStream(streamId, tip, revision, hashes, hashAt);
    this.appendLeaf(hashes, hashAt);
    this.counted(position);
    return true;
  }

  /** The leaf hash is at hashes[hashAt]; a buffer that is exactly the hash (the caller's own) is kept, not copied. */
  /**
   * The leaf hash is at hashes[hashAt]. A buffer that is exactly the hash (the caller's own digest,
   * which nothing else keeps: the frontier copies leaves) becomes the tip's; otherwise it is copied
   * into the tip's.
   */
  private advanceStream(
    streamId: string,
    tip: StreamTip | undefined,
    revision: number,
    hashes: Buffer,
    hashAt: number,
  ): void {
    const own = hashes.length === 32;
    if (tip === undefined)
      this.streams.set(streamId, {
        revision,
        leafHash: own ? hashes : Buffer.from(hashes.subarray(hashAt, hashAt + 32)),
      });
    else {
      tip.revision = revision;
      if (own) tip.leafHash = hashes;
      else hashes.copy(tip.leafHash, 0, hashAt, hashAt + 32);
    }
  }

  private appendLeaf(hashes: Buffer, hashAt: number): void {
    this.frontier.append(hashes, hashAt);
    if (this.since && this.frontier.size === this.since.size && !this.frontier.root().equals(this.since.rootHash)) {
      throw new Fault(
        'inconsistent',
        null,
        `the first ${this.since.size} events do not hash to the root of the checkpoint you kept: the log was rewritten since`,
      );
    }
  }

  private counted(at: number): void {
    this.events += 1;
    this.firstPosition ??= at;
    this.lastPosition = at;
    if (this.options.onProgress && this.events % this.progressEvery === 0) this.options.onProgress(this.events);
  }

  /** Remembers an exempt item's commitment; a declassification must open it. */
  private readExempt(env: Envelope, at: number): void {
    const full = env as { type?: unknown; data?: Record<string, unknown> };
    const d = full.data;
    if (!d || typeof d.decisionId !== 'string' || typeof d.itemId !== 'string') return;
    const key = `${d.decisionId}/${d.itemId}`;
    if (full.type === 'ExemptItemRecorded' && typeof d.commitment === 'string')
      this.exempt.set(key, { commitment: d.commitment, paragraph: Number(d.paragraph), position: at });
    if (full.type !== 'ExemptItemDeclassified') return;
    const recorded = this.exempt.get(key);
    if (
      recorded === undefined ||
      typeof d.salt !== 'string' ||
      typeof d.value !== 'string' ||
      !opensCommitment(recorded.commitment, d.salt, d.value)
    )
      throw new Fault(
        'commitment-mismatch',
        at,
        recorded === undefined
          ? `the event at position ${at} declassifies exempt item ${key}, which the bundle never recorded`
          : `the value declassified at position ${at} is not the one exempt item ${key} committed to at position ${recorded.position}`,
      );
    this.declassified += 1;
  }

  /** The revealed salt and value open the commitment of the item they name. */
  private checkReveal(reveal: ExemptReveal): void {
    const matches = [...this.exempt].filter(([key]) => key === reveal.item || key.endsWith(`/${reveal.item}`));
    if (matches.length !== 1)
      throw new Fault(
        'commitment-mismatch',
        null,
        matches.length === 0
          ? `the bundle records no exempt item ${reveal.item}`
          : `${matches.length} decisions have an exempt item ${reveal.item}: name it as decisionId/itemId`,
      );
    const [key, item] = matches[0] as [string, ExemptCommitment];
    if (!opensCommitment(item.commitment, reveal.salt, reveal.value))
      throw new Fault(
        'commitment-mismatch',
        item.position,
        `the revealed value is not the one exempt item ${key} committed to at position ${item.position}`,
      );
    this.revealed = { key, item };
  }

  private revealed: { key: string; item: ExemptCommitment } | undefined;

  private checkBelongs(env: Envelope, canonical: Buffer, at: number): void {
    const id = (this.header as BundleHeader).partnershipId as string;
    const streamId = env.streamId as string;
    if (streamId === streamIdOf('partnership', id)) return;
    if (streamKindOf(streamId) === 'decision') {
      // A decision stream is the partnership's when its first event says so; later events follow the stream.
      if (env.revision !== 1) return;
      const data = (env.data === undefined ? fullEnvelope(canonical)?.data : env.data) as
        { partnershipId?: unknown } | null | undefined;
      if (data && typeof data === 'object' && data.partnershipId === id) return;
    }
    throw new Fault('malformed', at, `the event at position ${at} (stream ${streamId}) is not partnership ${id}'s`);
  }

  private checkInclusion(hash: Buffer, at: number, proof: string[] | undefined, cp: Checkpoint): void {
    if (proof === undefined) throw new Fault('malformed', at, `the event at position ${at} has no inclusion proof`);
    let root: Buffer;
    try {
      root = rootFromInclusionProof(
        hash,
        at - 1,
        cp.size,
        proof.map((h) => Buffer.from(h, 'hex')),
      );
    } catch (err) {
      if (err instanceof ProofError || err instanceof RangeError)
        throw new Fault('altered', at, `the inclusion proof of position ${at} is malformed: ${err.message}`);
      throw err;
    }
    if (!root.equals(cp.rootHash))
      throw new Fault(
        'altered',
        at,
        `the event at position ${at} is not in the signed tree: its inclusion proof leads to another root`,
      );
  }

  private readInterimCheckpoint(note: string): void {
    if (this.header?.scope !== 'log') return;
    const cp = this.openCheckpoint(note, `the checkpoint after position ${this.lastPosition}`);
    if (cp.size !== this.frontier.size)
      throw new Fault(
        'malformed',
        null,
        `a checkpoint of tree size ${cp.size} appears after position ${this.lastPosition}`,
      );
    if (!this.frontier.root().equals(cp.rootHash)) throw this.rootMismatch(cp.size);
    this.lastGoodSize = cp.size;
  }

  private readEnd(count: unknown): void {
    const header = this.header as BundleHeader;
    const cp = this.checkpoint as Checkpoint;
    if (count !== this.events)
      throw new Fault('malformed', null, `the end line counts ${String(count)} events; the bundle has ${this.events}`);
    if (header.scope === 'log') {
      if (this.lastPosition < cp.size)
        throw new Fault(
          'truncated',
          this.lastPosition + 1,
          `the log stops at position ${this.lastPosition}; the checkpoint covers ${cp.size}`,
        );
      if (!this.frontier.root().equals(cp.rootHash)) throw this.rootMismatch(cp.size);
      this.checkAllHeads(cp.size);
    } else if (this.headsCommitment) {
      for (const [streamId, tip] of this.streams)
        if (!this.provenHeads.has(streamId))
          throw new Fault(
            'truncated',
            null,
            `stream ${streamId} has no stream head line: nothing proves that its revision ${tip.revision} is its last`,
          );
    }
    this.ended = true;
  }

  /**
   * Partnership bundles: a stream's last event in the bundle must be its head in the checkpoint's
   * commitment. A bundle whose stream lost its last events still proves every event it holds;
   * this is what names the tail it lacks.
   */
  private readStreamHead(head: Partial<BundleStreamHead>, lineNo: number): void {
    const commitment = this.headsCommitment;
    if (this.header?.scope !== 'partnership' || commitment === undefined)
      throw new Fault(
        'malformed',
        null,
        `line ${lineNo}: a stream head line, but the checkpoint commits to no stream heads`,
      );
    const { streamId, revision, leafHash, index, proof } = head;
    if (
      typeof streamId !== 'string' ||
      !Number.isSafeInteger(revision) ||
      (revision as number) < 1 ||
      typeof leafHash !== 'string' ||
      !/^[0-9a-f]{64}$/.test(leafHash) ||
      !Number.isSafeInteger(index) ||
      (index as number) < 0 ||
      !Array.isArray(proof) ||
      !proof.every((p) => typeof p === 'string' && /^[0-9a-f]{64}$/.test(p))
    )
      throw new Fault('malformed', null, `line ${lineNo} is not a well-formed stream head line`);
    const rev = revision as number;
    if (this.provenHeads.has(streamId))
      throw new Fault('malformed', null, `line ${lineNo}: a second stream head line for stream ${streamId}`);
    const proven = verifyStreamHead(
      { streamId, revision: rev, leafHash: Buffer.from(leafHash, 'hex') },
      index as number,
      proof.map((p) => Buffer.from(p, 'hex')),
      commitment,
    );
    if (!proven)
      throw new Fault(
        'altered',
        null,
        `the head of stream ${streamId} (revision ${rev}) is not in the checkpoint's stream heads: its proof leads to another root`,
      );
    const tip = this.streams.get(streamId);
    if (tip === undefined || tip.revision < rev)
      throw new Fault(
        'truncated',
        null,
        `stream ${streamId} ends at revision ${rev} in the signed log, but the bundle ${tip ? `stops at revision ${tip.revision}` : 'holds none of its events'}: revision ${(tip?.revision ?? 0) + 1} onwards was left out`,
      );
    if (tip.revision > rev || tip.leafHash.toString('hex') !== leafHash)
      throw new Fault(
        'inconsistent',
        null,
        `stream ${streamId}'s revision ${tip.revision} in the bundle is not the head the checkpoint commits to (revision ${rev})`,
      );
    this.provenHeads.add(streamId);
  }

  /** Whole-log bundles: the checkpoint's stream heads line is the last event of every stream. */
  private checkAllHeads(size: number): void {
    const commitment = this.headsCommitment;
    if (commitment === undefined) return;
    const ours = StreamHeads.of(
      [...this.streams].map(([streamId, tip]) => ({
        streamId,
        revision: tip.revision,
        leafHash: Buffer.from(tip.leafHash),
      })),
    ).commitment();
    if (ours.count !== commitment.count || !ours.root.equals(commitment.root))
      throw new Fault(
        'altered',
        null,
        `the checkpoint at tree size ${size} commits to ${commitment.count} stream heads that are not the last events of the log's ${ours.count} streams`,
      );
  }

  private rootMismatch(size: number): Fault {
    return new Fault(
      'altered',
      null,
      `the events do not hash to the root signed at tree size ${size}: an event between positions ${this.lastGoodSize + 1} and ${size} was changed together with its leaf hash`,
    );
  }
}

function describeLacking(lacking: readonly WitnessCosignature[]): string {
  const missing = lacking.filter((w) => w.status === 'missing').map((w) => w.witness);
  const invalid = lacking.filter((w) => w.status === 'invalid').map((w) => `${w.witness} (${w.reason})`);
  return [
    ...(missing.length ? [`no cosignature by ${missing.join(', ')}`] : []),
    ...(invalid.length ? [`an invalid cosignature by ${invalid.join('; ')}`] : []),
  ].join('; ');
}
