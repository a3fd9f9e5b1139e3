/**
 * The audit bundle (docs/audit-bundle.md): JSON Lines, written and read as bytes.
 *
 *   line 1        header: format, scope, the log's key, the signed checkpoint the bundle is checked against
 *   event lines   {"position":N,"leafHash":"<hex>"[,"proof":["<hex>",…]],"event":<canonical bytes>}
 *   checkpoints   {"checkpoint":"<signed note>"} after the event that completes that tree size (whole-log bundles)
 *   stream heads  {"streamHead":{…}} after the events, one per stream (partnership bundles): where it ends
 *   last line     {"end":{"events":N}}
 *
 * `event` is last so its value is the exact RFC 8785 bytes that were hashed, spliced in rather
 * than re-serialised: a verifier slices them out of the line instead of parsing and re-encoding,
 * and the file stays readable with jq.
 */
export const BUNDLE_FORMAT = 'accord-audit-bundle/1';

export type BundleScope = 'log' | 'partnership';

export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  scope: BundleScope;
  /** Set when scope is `partnership`. */
  partnershipId?: string;
  /** The streams the exporter counted as the partnership's (informative; the verifier checks each one it sees). */
  streams?: string[];
  origin: string;
  /** signed-note verifier key `<name>+<key id>+<base64(0x01 ‖ key)>`. */
  vkey: string;
  /** The same public key as SPKI PEM, for tools that want it. */
  publicKeyPem: string;
  /** The signed checkpoint (C2SP tlog-checkpoint in a signed note) everything in the bundle is checked against. */
  checkpoint: string;
  /** When the server signed that checkpoint (as it recorded it; not part of the signed text). */
  checkpointCreatedAt: string;
  exportedAt: string;
  /** Optional: proof that the checkpoint extends an older tree size an auditor kept (export `since`). */
  consistency?: { fromSize: number; toSize: number; proof: string[] };
}

export interface BundleEventLine {
  position: number;
  leafHash: string;
  proof?: string[];
  canonical: Buffer;
}

export function encodeHeader(header: BundleHeader): Buffer {
  return Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
}

export function encodeEventLine(line: BundleEventLine): Buffer {
  const proof = line.proof === undefined ? '' : `"proof":${JSON.stringify(line.proof)},`;
  return Buffer.concat([
    Buffer.from(`{"position":${line.position},"leafHash":"${line.leafHash}",${proof}"event":`, 'utf8'),
    line.canonical,
    CLOSE_LINE,
  ]);
}

export function encodeCheckpointLine(note: string): Buffer {
  return Buffer.from(`${JSON.stringify({ checkpoint: note })}\n`, 'utf8');
}

/** A stream's last event at the checkpoint, proven against the checkpoint's stream heads line. */
export interface BundleStreamHead {
  streamId: string;
  revision: number;
  /** Hex. */
  leafHash: string;
  /** The head's leaf index in the stream heads tree. */
  index: number;
  /** Its RFC 9162 inclusion path there, hex, leaf-most sibling first. */
  proof: string[];
}

export function encodeStreamHeadLine(head: BundleStreamHead): Buffer {
  const { streamId, revision, leafHash, index, proof } = head;
  return Buffer.from(`${JSON.stringify({ streamHead: { streamId, revision, leafHash, index, proof } })}\n`, 'utf8');
}

export function encodeEndLine(events: number): Buffer {
  return Buffer.from(`${JSON.stringify({ end: { events } })}\n`, 'utf8');
}

const CLOSE_LINE = Buffer.from('}\n', 'utf8');

export { decodeEventLine } from './event-examiner';

/** Splits a byte stream into lines (without the newline), never decoding them. */
export function splitLines(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<Buffer> {
  return new SplitLines(chunks);
}

/**
 * The same lines a chunk's worth at a time: the verifier's loop then awaits once per chunk read,
 * not once per line (a promise and a turn of the microtask queue each).
 */
export async function* lineBatches(lines: AsyncIterable<Buffer>): AsyncGenerator<Buffer[]> {
  if (lines instanceof SplitLines) yield* lines.batches();
  else for await (const line of lines) yield [line];
}

class SplitLines implements AsyncIterable<Buffer> {
  constructor(private readonly chunks: AsyncIterable<Buffer | Uint8Array | string>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for await (const batch of this.batches()) yield* batch;
  }

  async *batches(): AsyncGenerator<Buffer[]> {
    let pending: Buffer[] = [];
    for await (const raw of this.chunks) {
      const chunk =
        typeof raw === 'string'
          ? Buffer.from(raw, 'utf8')
          : Buffer.isBuffer(raw)
            ? raw
            : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      const lines: Buffer[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        if (pending.length > 0) {
          pending.push(piece);
          lines.push(Buffer.concat(pending));
          pending = [];
        } else {
          lines.push(piece);
        }
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
      if (lines.length > 0) yield lines;
    }
    // A last line without its newline is still a line; the verifier notices the missing end line.
    if (pending.length > 0) yield [Buffer.concat(pending)];
  }
}
