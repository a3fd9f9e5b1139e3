/** The latest checkpoint a witness cosigned for one log. */
export interface WitnessState {
  readonly size: number;
  /** 32 bytes. */
  readonly rootHash: Buffer;
  /** The checkpoint as cosigned: its text, the log's signature the witness verified, and the witness's cosignature. */
  readonly note: string;
}

/**
 * Where a witness keeps what it cosigned. `replace` is the only write and is a compare-and-set:
 * it stores `next` only if the stored state is still `expected`, and resolves once `next` is
 * durable. A witness answers only after it resolved true, so two submissions from the same old size
 * can never both be cosigned, and a crash never makes the witness go back.
 */
export interface WitnessStateStore {
  get(origin: string): Promise<WitnessState | undefined>;
  /** `expected` undefined: only if nothing was ever stored for `origin`. */
  replace(origin: string, expected: WitnessState | undefined, next: WitnessState): Promise<boolean>;
  /** Where the state lives, for the start-up banner. */
  readonly description: string;
  close(): Promise<void>;
}

export function sameState(a: WitnessState | undefined, b: WitnessState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && a.rootHash.equals(b.rootHash);
}
