import { decodeBase64Strict } from '../checkpoint';

/**
 * The body of C2SP tlog-witness `POST <prefix>/add-checkpoint`:
 *
 *   old <size>\n
 *   <base64 consistency proof hash>\n     (0 to 63 lines)
 *   \n
 *   <signed checkpoint note>
 *
 * and of its 409 answer, the witness's size as `text/x.tlog.size`: `<size>\n`.
 */
export const ADD_CHECKPOINT_PATH = '/add-checkpoint';
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';
export const MAX_PROOF_LINES = 63;
/** 63 proof lines and a checkpoint with the 64 signatures a note may carry fit well within this. */
export const MAX_ADD_CHECKPOINT_BYTES = 64 * 1024;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  /** The signed checkpoint, as sent. */
  readonly note: string;
}

export class AddCheckpointFormatError extends Error {
  readonly code = 'add-checkpoint-malformed';
}

export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (!isSize(request.oldSize)) throw new RangeError(`old size ${request.oldSize} is not a tree size`);
  if (request.proof.length > MAX_PROOF_LINES)
    throw new RangeError(`a consistency proof has at most ${MAX_PROOF_LINES} hashes`);
  const proof = request.proof.map((h) => {
    if (h.length !== 32) throw new RangeError('a consistency proof hash is 32 bytes');
    return `${h.toString('base64')}\n`;
  });
  return `old ${request.oldSize}\n${proof.join('')}\n${request.note}`;
}

/** Splits a request body; the note is returned unchecked (the witness verifies it). */
export function parseAddCheckpointRequest(body: Buffer): AddCheckpointRequest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new AddCheckpointFormatError('the body is not UTF-8');
  }
  const firstEnd = text.indexOf('\n');
  const oldLine = firstEnd < 0 ? text : text.slice(0, firstEnd);
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(oldLine);
  if (!old || firstEnd < 0)
    throw new AddCheckpointFormatError('the body does not start with "old <size>" and a newline');
  const oldSize = Number(old[1]);
  if (!isSize(oldSize)) throw new AddCheckpointFormatError(`old size ${old[1]} is too large`);
  const proof: Buffer[] = [];
  let at = firstEnd + 1;
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) throw new AddCheckpointFormatError('the body has no empty line before the checkpoint');
    const line = text.slice(at, end);
    at = end + 1;
    if (line === '') break;
    if (proof.length === MAX_PROOF_LINES)
      throw new AddCheckpointFormatError(`the consistency proof has more than ${MAX_PROOF_LINES} lines`);
    const hash = decodeBase64Strict(line);
    if (hash === undefined || hash.length !== 32)
      throw new AddCheckpointFormatError(`consistency proof line ${proof.length + 1} is not the base64 of 32 bytes`);
    proof.push(hash);
  }
  return { oldSize, proof, note: text.slice(at) };
}

export function formatTlogSize(size: number): string {
  return `${size}\n`;
}

/** A 409 body, or undefined when it is not one. */
export function parseTlogSize(text: string): number | undefined {
  const m = /^(0|[1-9][0-9]{0,15})\n$/.exec(text);
  return m && isSize(Number(m[1])) ? Number(m[1]) : undefined;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
