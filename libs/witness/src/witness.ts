import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  AddCheckpointFormatError,
  assertConsistency,
  CheckpointError,
  cosignNoteText,
  EMPTY_ROOT,
  encodeWitnessVerifierKey,
  formatNoteSignature,
  openNote,
  parseAddCheckpointRequest,
  parseCheckpointBody,
  parseSignedNote,
  ProofError,
  type SignedNote,
} from '@accord/audit';
import { AppError, BadInputError, ForbiddenError, NotFoundError, RuleViolationError } from '@accord/platform';
import type { KnownLogs } from './known-logs';
import type { WitnessState, WitnessStateStore } from './state/witness-state-store';

/** 409: the old size is not the size this witness last cosigned; `size` is that size (tlog-witness). */
export class WitnessSizeMismatchError extends AppError {
  constructor(readonly size: number) {
    super('conflict', 'witness-size-mismatch', `this witness last cosigned tree size ${size}`, { size });
  }
}

export interface WitnessIdentity {
  /** The key name of its cosignatures, e.g. `witness.camden.gov.uk/accord`. */
  readonly name: string;
  readonly privateKey: KeyObject;
}

export interface WitnessOptions {
  readonly identity: WitnessIdentity;
  readonly logs: KnownLogs;
  readonly store: WitnessStateStore;
  /** Milliseconds since the epoch; the cosignatures' time. */
  readonly now?: () => number;
}

/**
 * C2SP tlog-witness add-checkpoint: cosigns a log's checkpoint only when the log's trusted key
 * signed it and it extends, by a verified consistency proof, the last checkpoint this witness
 * cosigned for that log. The new state is stored (compare-and-set, durably) before the
 * cosignature is returned, so the witness never goes back and never cosigns two trees of one size.
 */
export class Witness {
  readonly vkey: string;
  private readonly now: () => number;

  constructor(private readonly options: WitnessOptions) {
    this.vkey = encodeWitnessVerifierKey(options.identity.name, createPublicKey(options.identity.privateKey));
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.identity.name;
  }

  /** Cosigns the request's checkpoint (`line`: the cosignature line), or throws an AppError naming the refusal. */
  async addCheckpoint(body: Buffer): Promise<{ origin: string; size: number; line: string }> {
    let request;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (err) {
      if (err instanceof AddCheckpointFormatError) throw new BadInputError('witness-bad-request', err.message);
      throw err;
    }
    const { origin, note } = this.openTrusted(request.note);
    let checkpoint;
    try {
      checkpoint = parseCheckpointBody(note.text);
    } catch (err) {
      if (err instanceof CheckpointError) throw new BadInputError('witness-bad-checkpoint', err.message);
      throw err;
    }
    if (request.oldSize > checkpoint.size)
      throw new BadInputError(
        'witness-old-size-too-large',
        `old size ${request.oldSize} is larger than the checkpoint's ${checkpoint.size}`,
      );

    const state = await this.options.store.get(origin);
    const current = state?.size ?? 0;
    if (request.oldSize !== current) throw new WitnessSizeMismatchError(current);
    try {
      assertConsistency(current, checkpoint.size, state?.rootHash ?? EMPTY_ROOT, checkpoint.rootHash, request.proof);
    } catch (err) {
      if (!(err instanceof ProofError)) throw err;
      if (current === checkpoint.size && state !== undefined)
        throw new RuleViolationError(
          'witness-fork',
          `this witness cosigned another root for tree size ${current}: the log forked`,
        );
      throw new RuleViolationError(
        'witness-bad-proof',
        `the consistency proof from ${current} does not hold: ${err.message}`,
      );
    }

    const line = cosignNoteText(note.text, this.options.identity, Math.max(1, Math.floor(this.now() / 1000)));
    const next: WitnessState = {
      size: checkpoint.size,
      rootHash: checkpoint.rootHash,
      note: `${note.text}\n${note.signatures.map(formatNoteSignature).join('')}${line}`,
    };
    if (!(await this.options.store.replace(origin, state, next)))
      throw new WitnessSizeMismatchError((await this.options.store.get(origin))?.size ?? 0);
    return { origin, size: checkpoint.size, line };
  }

  /** The latest checkpoint cosigned for the log whose origin hashes to `originHash` (tlog-witness monitoring). */
  async latest(originHash: string): Promise<string | undefined> {
    const origin = this.options.logs.originOfHash(originHash);
    return origin === undefined ? undefined : (await this.options.store.get(origin))?.note;
  }

  /**
   * The note with only the trusted log signatures on it: the origin picks the keys (404 when it
   * is not a log this witness knows); a signature by one of them must be there and every one by
   * them must verify (403 otherwise).
   */
  private openTrusted(text: string): { origin: string; note: SignedNote } {
    let parsed: SignedNote;
    try {
      parsed = parseSignedNote(text);
    } catch (err) {
      if (err instanceof CheckpointError) throw new BadInputError('witness-bad-checkpoint', err.message);
      throw err;
    }
    const origin = parsed.text.slice(0, parsed.text.indexOf('\n'));
    const keys = this.options.logs.keys(origin);
    if (keys === undefined)
      throw new NotFoundError(
        'witness-unknown-log',
        `this witness does not witness a log named ${JSON.stringify(origin)}`,
      );
    const trusted = keys.filter((key) => {
      try {
        openNote(text, { name: key.name, publicKey: key.publicKey });
        return true;
      } catch (err) {
        if (err instanceof CheckpointError && err.code === 'signature-missing') return false;
        throw new ForbiddenError(
          'witness-bad-signature',
          `the log's signature does not verify: ${(err as Error).message}`,
        );
      }
    });
    if (trusted.length === 0)
      throw new ForbiddenError(
        'witness-unknown-key',
        `the checkpoint carries no signature by a key this witness trusts for ${origin}`,
      );
    const signatures = parsed.signatures.filter((s) =>
      trusted.some((k) => k.name === s.name && k.keyId.equals(s.keyId)),
    );
    return { origin, note: { text: parsed.text, signatures } };
  }
}
