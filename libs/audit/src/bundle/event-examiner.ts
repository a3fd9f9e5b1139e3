import * as crypto from 'node:crypto';

/**
 * What can be learnt from one event line of a bundle on its own, before any other line is known:
 * its parts, its leaf hash and the envelope fields the chain checks read. This is nearly all of a
 * full-log check's work, and lines can be examined in any order, so worker threads share it
 * (bundle-verifier.ts applies the results in line order).
 */
export interface EventLine {
  position: number;
  leafHash: string;
  proof?: string[];
  /** The exact bytes that were hashed; not sent back from a worker thread. */
  canonical?: Buffer;
}

export interface Envelope {
  position: unknown;
  streamId: unknown;
  revision: unknown;
  prevStreamLeafHash: unknown;
  /** Only when the whole envelope was parsed (always for exempt items' events: their commitments are checked). */
  data?: unknown;
  type?: unknown;
}

export interface ExaminedEvent {
  /** Undefined when the line is not a well-formed event line. */
  event: EventLine | undefined;
  /** SHA-256(0x00 ‖ canonical), when the line is one. */
  hash: Buffer;
  hashMatches: boolean;
  /** Read only when the hash matched; undefined when the bytes are not a JSON object. */
  envelope: Envelope | undefined;
}

type Crypto = Pick<typeof crypto, 'hash'>;

/**
 * Builds the examiner. It refers to nothing outside its own body but `nodeCrypto`, because worker
 * threads are given it as source text: the standalone verifier is bundled into one file, so there
 * is no separate worker script to start.
 */
export function eventExaminer(nodeCrypto: Crypto) {
  const EVENT_PREFIX =
    /^\{"position":(0|[1-9][0-9]{0,15}),"leafHash":"([0-9a-f]{64})",(?:"proof":(\[[^\]]*\]),)?"event":/;
  /**
   * RFC 8785 sorts the envelope's keys, so the fields the chain checks need (position,
   * prevStreamLeafHash, recordedAt, revision, schemaVersion, streamId, type) always come last,
   * after data and metadata, as plain scalars. Reading them from the tail of the bytes avoids
   * parsing every event's data, which is most of the cost of a full-log check. The bytes were
   * already matched to their leaf hash; anything that does not have exactly this canonical tail
   * is parsed in full instead, so the result never depends on the shortcut.
   */
  const [POSITION_KEY, PREV_KEY, RECORDED_AT_KEY, REVISION_KEY, SCHEMA_VERSION_KEY, STREAM_ID_KEY, TYPE_KEY] = [
    ',"position":',
    ',"prevStreamLeafHash":',
    ',"recordedAt":"',
    ',"revision":',
    ',"schemaVersion":',
    ',"streamId":"',
    ',"type":"',
  ].map((key) => Buffer.from(key, 'latin1')) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const [LINE_START, LEAF_HASH_KEY, EVENT_KEY, NULL] = ['{"position":', ',"leafHash":"', '","event":', 'null'].map(
    (key) => Buffer.from(key, 'latin1'),
  ) as [Buffer, Buffer, Buffer, Buffer];
  const EXEMPT_TYPE = Buffer.from('ExemptItem', 'latin1');
  const TAIL_BYTES = 700;

  /**
   * Splits an event line (without its newline) into its parts, or returns undefined when it is not
   * one. Only the prefix is parsed: the event bytes are returned exactly as they appear.
   */
  function decodeEventLine(line: Buffer): (EventLine & { canonical: Buffer }) | undefined {
    const plain = decodeLineWithoutProof(line);
    if (plain) return plain;
    // The prefix is ASCII and short (unless it carries a proof); decoding only a head of the line
    // keeps a 256 KiB event from being copied into a string.
    let match = EVENT_PREFIX.exec(line.toString('latin1', 0, Math.min(line.length, 128)));
    if (!match) match = EVENT_PREFIX.exec(line.toString('latin1', 0, Math.min(line.length, 64 * 1024)));
    if (!match || line[line.length - 1] !== 0x7d) return undefined;
    let proof: string[] | undefined;
    if (match[3] !== undefined) {
      try {
        const parsed: unknown = JSON.parse(match[3]);
        if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string' && /^[0-9a-f]{64}$/.test(p)))
          return undefined;
        proof = parsed as string[];
      } catch {
        return undefined;
      }
    }
    return {
      position: Number(match[1]),
      leafHash: match[2] as string,
      proof,
      canonical: line.subarray(match[0].length, line.length - 1),
    };
  }

  /**
   * A whole-log bundle's line (no proof), read byte by byte: the regular expression over a decoded
   * head of the line cost a fifth as much as hashing the leaf. Undefined sends the line to it.
   */
  function decodeLineWithoutProof(line: Buffer): (EventLine & { canonical: Buffer }) | undefined {
    if (!scanPrefix(line, true)) return undefined;
    return {
      position: prefix.position,
      leafHash: line.toString('latin1', prefix.hashAt, prefix.hashAt + 64),
      proof: undefined,
      canonical: line.subarray(prefix.eventAt, line.length - 1),
    };
  }

  /** Where scanPrefix found the parts of the last line it read, by offset. */
  const prefix = { position: 0, hashAt: 0, eventAt: 0 };

  /**
   * `hex`: whether to check that the leaf hash is 64 lowercase hex digits; scanEvent need not, as
   * it compares them with the hash's own (hexEquals), which no other byte can match.
   */
  function scanPrefix(line: Buffer, hex: boolean): boolean {
    const positionAt = after(line, 0, LINE_START);
    const positionEnd = afterDigits(line, positionAt, true);
    const hashAt = after(line, positionEnd, LEAF_HASH_KEY);
    if (hashAt < 0 || line.length - hashAt < 64 || (hex && !isHexHash(line, hashAt))) return false;
    const eventAt = after(line, hashAt + 64, EVENT_KEY);
    if (eventAt < 0 || line[line.length - 1] !== 0x7d) return false;
    prefix.position = integer(line, positionAt, positionEnd);
    prefix.hashAt = hashAt;
    prefix.eventAt = eventAt;
    return true;
  }

  /**
   * SHA-256(0x00 ‖ line[start .. length−1]) with a one-shot hash and no copy: the byte before the
   * event (the ':' of "event":) stands in for the 0x00 prefix while it is hashed. Hashing is most of
   * a full-log check, and this is about a third cheaper than a Hash object fed the prefix and bytes.
   */
  function leafHashInPlace(line: Buffer, start: number): Buffer {
    const at = start - 1;
    const saved = line[at] as number;
    line[at] = 0x00;
    try {
      // A plain view: a Buffer's subarray costs more to make.
      return nodeCrypto.hash(
        'sha256',
        new Uint8Array(line.buffer, line.byteOffset + at, line.length - 1 - at),
        'buffer',
      );
    } finally {
      line[at] = saved;
    }
  }

  function fullEnvelope(bytes: Buffer): Envelope | undefined {
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Envelope) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The end of `key` when the bytes at `at` are exactly it, else -1. */
  function after(bytes: Buffer, at: number, key: Buffer): number {
    if (at < 0 || bytes.length - at < key.length) return -1;
    for (let i = 0; i < key.length; i++) if (bytes[at + i] !== key[i]) return -1;
    return at + key.length;
  }

  /** The end of an integer without sign or leading zero (`0` itself when `zero`), at most 16 digits, else -1. */
  function afterDigits(bytes: Buffer, at: number, zero: boolean): number {
    const first = bytes[at];
    if (at < 0 || first === undefined) return -1;
    if (first === 0x30) return zero ? at + 1 : -1;
    if (first < 0x31 || first > 0x39) return -1;
    let end = at + 1;
    while (end - at < 16 && (bytes[end] as number) >= 0x30 && (bytes[end] as number) <= 0x39) end++;
    return end;
  }

  function integer(bytes: Buffer, from: number, to: number): number {
    // Up to 15 digits the sum is exact; longer ones are rounded the way JSON.parse rounds them.
    if (to - from > 15) return Number(bytes.toString('latin1', from, to));
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + ((bytes[i] as number) - 0x30);
    return n;
  }

  function isHexHash(bytes: Buffer, at: number): boolean {
    if (bytes.length - at < 64) return false;
    for (let i = at; i < at + 64; i++) {
      const c = bytes[i] as number;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
    }
    return true;
  }

  /**
   * The chain fields from the canonical tail (why the tail: above), read byte by
   * byte: a regular expression over a decoded copy of the tail cost as much as hashing the leaf.
   * Undefined when the tail is not exactly that shape, or the event is an exempt item's.
   */
  function readTail(bytes: Buffer): Envelope | undefined {
    if (!scanTail(bytes, 0, bytes.length, true)) return undefined;
    return {
      position: tail.position,
      prevStreamLeafHash: tail.prevAt < 0 ? null : bytes.toString('latin1', tail.prevAt, tail.prevAt + 64),
      revision: tail.revision,
      streamId: bytes.toString('latin1', tail.streamIdAt, tail.streamIdEnd),
    };
  }

  /**
   * What scanTail found in the envelope at bytes[start, end), by offset: the previous leaf hash's
   * 64 hex digits (prevAt −1 for null) and the stream id's.
   */
  const tail = { position: 0, revision: 0, prevAt: -1, streamIdAt: 0, streamIdEnd: 0 };

  /**
   * `hex`: whether to check that the previous leaf hash is 64 lowercase hex digits; without, the
   * caller must accept it only by comparing it with a hash (hexEquals), as applyScanned does.
   */
  function scanTail(bytes: Buffer, start: number, end: number, hex: boolean): boolean {
    // Read from the closing brace back, key by key: their order is fixed, so the tail is found
    // without searching the bytes for where it starts.
    if (bytes[end - 1] !== 0x7d || bytes[end - 2] !== 0x22) return false;
    const typeAt = stringBefore(bytes, end - 2, false);
    const streamIdEnd = before(bytes, typeAt, TYPE_KEY) - 1;
    if (streamIdEnd < 0 || bytes[streamIdEnd] !== 0x22) return false;
    const streamIdAt = stringBefore(bytes, streamIdEnd, true);
    const schemaVersionEnd = before(bytes, streamIdAt, STREAM_ID_KEY);
    const revisionEnd = before(bytes, digitsBefore(bytes, schemaVersionEnd, false), SCHEMA_VERSION_KEY);
    const revisionAt = digitsBefore(bytes, revisionEnd, false);
    const recordedAtEnd = before(bytes, revisionAt, REVISION_KEY) - 1;
    if (recordedAtEnd < 0 || bytes[recordedAtEnd] !== 0x22) return false;
    const prevEnd = before(bytes, stringBefore(bytes, recordedAtEnd, false), RECORDED_AT_KEY);
    let prevAt = before(bytes, prevEnd, NULL);
    let prevHexAt = -1;
    if (
      prevAt < 0 &&
      prevEnd >= 66 &&
      bytes[prevEnd - 1] === 0x22 &&
      bytes[prevEnd - 66] === 0x22 &&
      (!hex || isHexHash(bytes, prevEnd - 65))
    ) {
      prevAt = prevEnd - 66;
      prevHexAt = prevEnd - 65;
    }
    const positionEnd = before(bytes, prevAt, PREV_KEY);
    const positionAt = digitsBefore(bytes, positionEnd, true);
    const from = before(bytes, positionAt, POSITION_KEY);
    if (from < start || end - from > TAIL_BYTES || bytes[start] !== 0x7b) return false;
    if (after(bytes, typeAt, EXEMPT_TYPE) >= 0) return false;
    tail.position = integer(bytes, positionAt, positionEnd);
    tail.revision = integer(bytes, revisionAt, revisionEnd);
    tail.prevAt = prevHexAt;
    tail.streamIdAt = streamIdAt;
    tail.streamIdEnd = streamIdEnd;
    return true;
  }

  /** The start of `key` when the bytes just before `at` are exactly it, else -1. */
  function before(bytes: Buffer, at: number, key: Buffer): number {
    const from = at - key.length;
    if (at < 0 || from < 0) return -1;
    for (let i = 0; i < key.length; i++) if (bytes[from + i] !== key[i]) return -1;
    return from;
  }

  /**
   * The start of the integer that ends at `end`, read back as afterDigits reads forward (1 to 16
   * digits, no leading zero, `0` itself when `zero`), else -1.
   */
  function digitsBefore(bytes: Buffer, end: number, zero: boolean): number {
    if (end < 0) return -1;
    let at = end;
    while (at > 0 && (bytes[at - 1] as number) >= 0x30 && (bytes[at - 1] as number) <= 0x39) at--;
    if (at === end || end - at > 16) return -1;
    if (bytes[at] === 0x30 && !(zero && end - at === 1)) return -1;
    return at;
  }

  /**
   * The start of the string whose closing quote is at `close`: its opening quote is the first one
   * back, as a forward read would (no backslash inside; printable ASCII only when `plain`), else -1.
   */
  function stringBefore(bytes: Buffer, close: number, plain: boolean): number {
    for (let i = close - 1; i >= 0; i--) {
      const c = bytes[i] as number;
      if (c === 0x22) return i + 1;
      if (c === 0x5c || (plain && (c < 0x21 || c > 0x7e))) return -1;
    }
    return -1;
  }

  function readEnvelope(bytes: Buffer): Envelope | undefined {
    const tail = readTail(bytes);
    if (tail) return tail;
    const full = fullEnvelope(bytes);
    return full === undefined
      ? undefined
      : {
          position: full.position,
          prevStreamLeafHash: full.prevStreamLeafHash,
          revision: full.revision,
          streamId: full.streamId,
          data: full.data,
          type: full.type,
        };
  }

  const NO_HASH = Buffer.alloc(32);

  function examineEvent(line: Buffer): ExaminedEvent {
    const event = decodeEventLine(line);
    if (event === undefined) return { event, hash: NO_HASH, hashMatches: false, envelope: undefined };
    const hash = leafHashInPlace(line, line.length - 1 - event.canonical.length);
    const hashMatches = hash.toString('hex') === event.leafHash;
    return { event, hash, hashMatches, envelope: hashMatches ? readEnvelope(event.canonical) : undefined };
  }

  /**
   * The common line of a whole-log bundle, with nothing allocated but its leaf hash: no proof,
   * bytes that hash to the stated leaf hash, a tail readTail reads, and the envelope's position
   * the line's. Returns the leaf hash and leaves the chain fields in `scanned` (the stream id and
   * previous leaf hash by offset into the line); undefined sends the line to examineEvent, which
   * finds what is wrong with it or reads it in full.
   */
  function scanEvent(line: Buffer): Buffer | undefined {
    if (!scanPrefix(line, false)) return undefined;
    const hash = leafHashInPlace(line, prefix.eventAt);
    if (!hexEquals(line, prefix.hashAt, hash, 0)) return undefined;
    if (!scanTail(line, prefix.eventAt, line.length - 1, false) || tail.position !== prefix.position) return undefined;
    return hash;
  }

  const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

  /** Whether the 64 lowercase hex digits at hex[at] spell the 32 bytes at bytes[from], without decoding either. */
  function hexEquals(hex: Buffer, at: number, bytes: Buffer, from: number): boolean {
    for (let i = 0; i < 32; i++) {
      const b = bytes[from + i] as number;
      if (hex[at + 2 * i] !== HEX_DIGITS[b >> 4] || hex[at + 2 * i + 1] !== HEX_DIGITS[b & 15]) return false;
    }
    return true;
  }

  return { decodeEventLine, examineEvent, fullEnvelope, scanEvent, scanned: tail as Readonly<typeof tail>, hexEquals };
}

export const { decodeEventLine, examineEvent, fullEnvelope, scanEvent, scanned, hexEquals } = eventExaminer(crypto);
