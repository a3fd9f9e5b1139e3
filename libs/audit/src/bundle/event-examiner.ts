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
  const ENVELOPE_TAIL =
    /^,"position":(0|[1-9][0-9]{0,15}),"prevStreamLeafHash":(null|"[0-9a-f]{64}"),"recordedAt":"[^"\\]*","revision":([1-9][0-9]{0,15}),"schemaVersion":[1-9][0-9]{0,15},"streamId":"([^"\\]*)","type":"[^"\\]*"\}$/;
  const PRINTABLE = /^[\x21-\x7e]*$/;
  const TAIL_BYTES = 700;
  const POSITION_KEY = ',"position":';

  /**
   * Splits an event line (without its newline) into its parts, or returns undefined when it is not
   * one. Only the prefix is parsed: the event bytes are returned exactly as they appear.
   */
  function decodeEventLine(line: Buffer): (EventLine & { canonical: Buffer }) | undefined {
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
   * SHA-256(0x00 ‖ line[start .. length−1]) with a one-shot hash and no copy: the byte before the
   * event (the ':' of "event":) stands in for the 0x00 prefix while it is hashed. Hashing is most of
   * a full-log check, and this is about a third cheaper than a Hash object fed the prefix and bytes.
   */
  function leafHashInPlace(line: Buffer, start: number): Buffer {
    const at = start - 1;
    const saved = line[at] as number;
    line[at] = 0x00;
    try {
      return nodeCrypto.hash('sha256', line.subarray(at, line.length - 1), 'buffer');
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

  function readEnvelope(bytes: Buffer): Envelope | undefined {
    const from = bytes.lastIndexOf(POSITION_KEY, bytes.length - 1, 'latin1');
    const tail =
      from >= 0 && bytes.length - from <= TAIL_BYTES ? ENVELOPE_TAIL.exec(bytes.toString('latin1', from)) : null;
    if (tail && bytes[0] === 0x7b && !bytes.includes(EXEMPT_TYPE, from) && PRINTABLE.test(tail[4] as string)) {
      return {
        position: Number(tail[1]),
        prevStreamLeafHash: tail[2] === 'null' ? null : (tail[2] as string).slice(1, -1),
        revision: Number(tail[3]),
        streamId: tail[4],
      };
    }
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
  const EXEMPT_TYPE = '"type":"ExemptItem';

  function examineEvent(line: Buffer): ExaminedEvent {
    const event = decodeEventLine(line);
    if (event === undefined) return { event, hash: NO_HASH, hashMatches: false, envelope: undefined };
    const hash = leafHashInPlace(line, line.length - 1 - event.canonical.length);
    const hashMatches = hash.toString('hex') === event.leafHash;
    return { event, hash, hashMatches, envelope: hashMatches ? readEnvelope(event.canonical) : undefined };
  }

  return { decodeEventLine, examineEvent, fullEnvelope };
}

export const { decodeEventLine, examineEvent, fullEnvelope } = eventExaminer(crypto);
