import { createHash } from 'node:crypto';
import { CheckpointError, parseVerifierKey, type ParsedVerifierKey } from '@accord/audit';

/**
 * The logs a witness cosigns, by origin, each with the key(s) it accepts (more than one while a
 * log rotates its key). A log's vkey names its origin (C2SP tlog-checkpoint: key name = origin).
 */
export class KnownLogs {
  private readonly byOrigin = new Map<string, ParsedVerifierKey[]>();
  private readonly byOriginHash = new Map<string, string>();

  constructor(vkeys: readonly string[]) {
    for (const vkey of vkeys) {
      const key = parseVerifierKey(vkey);
      const keys = this.byOrigin.get(key.name) ?? [];
      if (!keys.some((k) => k.keyId.equals(key.keyId))) keys.push(key);
      this.byOrigin.set(key.name, keys);
      this.byOriginHash.set(createHash('sha256').update(key.name, 'utf8').digest('hex'), key.name);
    }
  }

  /** Parses a list of vkeys separated by whitespace or commas, with `#` comments to the end of a line. */
  static parse(text: string): KnownLogs {
    const vkeys = text
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, ''))
      .flatMap((line) => line.split(/[\s,]+/))
      .filter((v) => v !== '');
    try {
      return new KnownLogs(vkeys);
    } catch (err) {
      if (err instanceof CheckpointError)
        throw new RangeError(`a log key is not a vkey: ${err.message}`, { cause: err });
      throw err;
    }
  }

  keys(origin: string): readonly ParsedVerifierKey[] | undefined {
    return this.byOrigin.get(origin);
  }

  /** tlog-witness's monitoring path names a log by the lower-case hex SHA-256 of its origin. */
  originOfHash(hexHash: string): string | undefined {
    return this.byOriginHash.get(hexHash);
  }

  get origins(): string[] {
    return [...this.byOrigin.keys()];
  }
}
