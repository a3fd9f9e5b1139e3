import { parseSignedCheckpoint } from '../checkpoint';
import { checkCosignatureLines, type WitnessKey, witnessKeyFromVkey } from '../cosignature';
import {
  ADD_CHECKPOINT_PATH,
  formatAddCheckpointRequest,
  MAX_ADD_CHECKPOINT_BYTES,
  parseTlogSize,
  TLOG_SIZE_CONTENT_TYPE,
} from './add-checkpoint';

/** RFC 9162 consistency proof between two sizes of the log's tree (the log's node store answers it). */
export type ConsistencyProofSource = (oldSize: number, newSize: number) => Promise<readonly Buffer[]>;

export interface WitnessEndpoint {
  /** The witness's submission prefix: add-checkpoint is `<url>/add-checkpoint`. */
  readonly url: string;
  /** Its cosignature/v1 vkey, or the key already parsed. */
  readonly key: string | WitnessKey;
}

export interface SubmitCheckpoint {
  /** The log-signed checkpoint note. */
  readonly note: string;
  /** The size the log last knew this witness to have cosigned (0 when it never did or does not know). */
  readonly witnessSize: number;
  readonly proofs: ConsistencyProofSource;
  readonly signal?: AbortSignal;
}

export type SubmitOutcome =
  | {
      readonly kind: 'cosigned';
      /** The witness's verified cosignature line(s), newline-terminated, to append to the note. */
      readonly lines: string;
      readonly timestamp: number;
      /** The size the witness now holds: the checkpoint's. */
      readonly witnessSize: number;
    }
  | {
      readonly kind: 'refused';
      readonly reason: RefusalReason;
      /** The HTTP status, or 0 when the witness could not be reached. */
      readonly status: number;
      /** The size the witness says it holds, when it said (409). */
      readonly witnessSize?: number;
      readonly message: string;
    };

/**
 * - `witness-ahead`: the witness already cosigned a larger tree than this checkpoint (the log
 *   went back, or this checkpoint is older than one it saw);
 * - `conflict`: its size moved again while we asked (another submitter);
 * - `bad-proof`: 422, the checkpoint is not consistent with what it cosigned (a fork);
 * - `forbidden`: 403, no signature by a log key it trusts; `unknown-log`: 404, it does not
 *   witness this origin; `bad-request`: 400;
 * - `bad-answer`: a 200 whose lines are not a valid cosignature by this witness's key;
 * - `unavailable`: unreachable, timed out or 5xx: try again later.
 */
export type RefusalReason =
  | 'witness-ahead'
  | 'conflict'
  | 'bad-proof'
  | 'forbidden'
  | 'unknown-log'
  | 'bad-request'
  | 'bad-answer'
  | 'unavailable';

export interface WitnessClientOptions {
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Asks one witness to cosign a checkpoint (C2SP tlog-witness add-checkpoint). When the witness
 * answers 409 with a size other than the one assumed, it asks once more with a proof from that
 * size, so a log that lost track of a witness catches it up in one round trip.
 */
export class WitnessClient {
  private readonly key: WitnessKey;
  private readonly endpoint: string;

  constructor(
    witness: WitnessEndpoint,
    private readonly options: WitnessClientOptions = {},
  ) {
    this.key = typeof witness.key === 'string' ? witnessKeyFromVkey(witness.key) : witness.key;
    this.endpoint = `${witness.url.replace(/\/+$/, '')}${ADD_CHECKPOINT_PATH}`;
  }

  async addCheckpoint(input: SubmitCheckpoint): Promise<SubmitOutcome> {
    const signed = parseSignedCheckpoint(input.note);
    const size = signed.checkpoint.size;
    let old = input.witnessSize;
    for (let attempt = 0; ; attempt++) {
      if (old > size) return aheadOf(size, old);
      const proof = old === 0 || old === size ? [] : await input.proofs(old, size);
      const answer = await this.post(formatAddCheckpointRequest({ oldSize: old, proof, note: input.note }), input);
      if (answer.status === 200) {
        const check = checkCosignatureLines(signed.text, answer.body, this.key);
        if (check.status !== 'valid')
          return refused(
            'bad-answer',
            200,
            `the witness answered without a valid cosignature by its key (${check.status})`,
          );
        return {
          kind: 'cosigned',
          lines: this.ownLines(signed.text, answer.body),
          timestamp: check.timestamp,
          witnessSize: size,
        };
      }
      if (answer.status === 409) {
        const theirs = answer.contentType === TLOG_SIZE_CONTENT_TYPE ? parseTlogSize(answer.body) : undefined;
        if (theirs === undefined) return refused('bad-answer', 409, 'the witness answered 409 without its size');
        if (theirs > size) return aheadOf(size, theirs);
        if (attempt === 0 && theirs !== old) {
          old = theirs;
          continue;
        }
        return {
          ...refused('conflict', 409, `the witness's size moved to ${theirs} while it was asked`),
          witnessSize: theirs,
        };
      }
      return refusedByStatus(answer.status, answer.body);
    }
  }

  /** Only the lines that are this witness's cosignatures, in case a witness sends others too. */
  private ownLines(noteText: string, body: string): string {
    return body
      .split('\n')
      .filter((line) => line !== '' && checkCosignatureLines(noteText, `${line}\n`, this.key).status === 'valid')
      .map((line) => `${line}\n`)
      .join('');
  }

  private async post(
    body: string,
    input: SubmitCheckpoint,
  ): Promise<{ status: number; body: string; contentType: string | undefined }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    try {
      const response = await (this.options.fetch ?? fetch)(this.endpoint, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal,
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text.length > MAX_ADD_CHECKPOINT_BYTES ? '' : text,
        contentType: response.headers.get('content-type')?.split(';')[0]?.trim(),
      };
    } catch (err) {
      return { status: 0, body: (err as Error).message, contentType: undefined };
    }
  }
}

function aheadOf(size: number, theirs: number): SubmitOutcome {
  return {
    ...refused(
      'witness-ahead',
      409,
      `the witness has cosigned tree size ${theirs}, larger than this checkpoint's ${size}`,
    ),
    witnessSize: theirs,
  };
}

function refused(reason: RefusalReason, status: number, message: string) {
  return { kind: 'refused', reason, status, message } as const;
}

function refusedByStatus(status: number, body: string): SubmitOutcome {
  const detail = body.trim().slice(0, 300);
  switch (status) {
    case 0:
      return refused('unavailable', 0, `the witness could not be reached: ${detail}`);
    case 400:
      return refused('bad-request', status, `the witness refused the request: ${detail}`);
    case 403:
      return refused('forbidden', status, `the witness does not trust the log's signature: ${detail}`);
    case 404:
      return refused('unknown-log', status, `the witness does not witness this log: ${detail}`);
    case 422:
      return refused('bad-proof', status, `the checkpoint is not consistent with what the witness cosigned: ${detail}`);
    default:
      return refused('unavailable', status, `the witness answered ${status}: ${detail}`);
  }
}
