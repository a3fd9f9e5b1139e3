import { canonicalBytes } from '../canonical-json';
import { leafHash } from '../leaf-hash';
import { encodeEventLine } from './bundle-format';
import { decodeEventLine, examineEvent, scanEvent, scanned } from './event-examiner';

const PREV = 'ab'.repeat(32);

function line(envelope: Record<string, unknown>, stated?: string): Buffer {
  const canonical = canonicalBytes(envelope);
  const hash = stated ?? leafHash(canonical).toString('hex');
  return encodeEventLine({ position: 7, leafHash: hash, canonical }).subarray(0, -1);
}

const base = {
  data: { n: 1 },
  position: 7,
  prevStreamLeafHash: PREV,
  recordedAt: '2026-03-14T10:02:00.000Z',
  revision: 2,
  schemaVersion: 1,
  streamId: 'decision-d1',
  type: 'VoteCast',
};

describe('examineEvent', () => {
  it.each([
    ['an ordinary event', {}],
    ['the first event of a stream', { prevStreamLeafHash: null, revision: 1 }],
    ['a 16-digit position', { position: 1234567890123456 }],
    ['a stream id with a space', { streamId: 'decision d1' }],
    ['a non-ASCII stream id', { streamId: 'décision-d1' }],
    ['an exempt item', { type: 'ExemptItemRecorded', data: { decisionId: 'd', itemId: 'i', commitment: 'c' } }],
    ['a revision that is not an integer', { revision: 2.5 }],
    ['a previous leaf hash in capitals', { prevStreamLeafHash: PREV.toUpperCase() }],
  ])('reads the same chain fields as a full parse from %s', (_, change) => {
    const envelope: Record<string, unknown> = { ...base, ...change };
    const examined = examineEvent(line(envelope));
    expect(examined.hashMatches).toBe(true);
    expect(examined.envelope).toMatchObject({
      position: envelope.position,
      prevStreamLeafHash: envelope.prevStreamLeafHash,
      revision: envelope.revision,
      streamId: envelope.streamId,
    });
  });

  it('does not take a leaf hash that is not 64 lowercase hex digits', () => {
    const canonical = canonicalBytes(base);
    const upper = leafHash(canonical).toString('hex').toUpperCase();
    expect(examineEvent(line(base, upper)).event).toBeUndefined();
    expect(decodeEventLine(line(base, upper.slice(2)))).toBeUndefined();
  });

  it('reads a line with an inclusion proof', () => {
    const canonical = canonicalBytes(base);
    const bytes = encodeEventLine({
      position: 7,
      leafHash: leafHash(canonical).toString('hex'),
      proof: [PREV],
      canonical,
    });
    expect(decodeEventLine(bytes.subarray(0, -1))).toMatchObject({ position: 7, proof: [PREV] });
  });

  it('reports bytes that do not hash to the stated leaf hash', () => {
    expect(examineEvent(line(base, '00'.repeat(32))).hashMatches).toBe(false);
  });
});

describe('scanEvent', () => {
  /** The chain fields scanEvent left, or undefined when it declined the line. */
  function scan(bytes: Buffer) {
    const hash = scanEvent(bytes);
    if (hash === undefined) return undefined;
    const { position, revision, prevAt, streamIdAt, streamIdEnd } = scanned;
    return {
      hash,
      position,
      revision,
      prevStreamLeafHash: prevAt < 0 ? null : bytes.toString('latin1', prevAt, prevAt + 64),
      streamId: bytes.toString('latin1', streamIdAt, streamIdEnd),
    };
  }

  it('reads an ordinary line and the first of a stream as a full parse does, with the same leaf hash', () => {
    for (const change of [{}, { prevStreamLeafHash: null, revision: 1 }]) {
      const envelope = { ...base, ...change };
      const bytes = line(envelope);
      expect(scan(bytes)).toEqual({
        hash: examineEvent(bytes).hash,
        position: envelope.position,
        revision: envelope.revision,
        prevStreamLeafHash: envelope.prevStreamLeafHash,
        streamId: envelope.streamId,
      });
    }
  });

  it('declines exempt items, bytes that do not match their leaf hash, and lines with a proof', () => {
    expect(scan(line({ ...base, type: 'ExemptItemRecorded' }))).toBeUndefined();
    expect(scan(line(base, '00'.repeat(32)))).toBeUndefined();
    const canonical = canonicalBytes(base);
    const withProof = encodeEventLine({
      position: 7,
      leafHash: leafHash(canonical).toString('hex'),
      proof: [PREV],
      canonical,
    });
    expect(scan(withProof.subarray(0, -1))).toBeUndefined();
  });

  it('never reads a field a full parse would not: every byte of the tail changed in turn', () => {
    const canonical = Buffer.from(canonicalBytes(base));
    let read = 0;
    for (let at = canonical.indexOf(',"position":'); at < canonical.length; at++) {
      for (const c of ['"', '\\', '0', '1', '9', '}', ',', ':', ' ', 'é', 'x']) {
        const changed = Buffer.concat([canonical.subarray(0, at), Buffer.from(c), canonical.subarray(at + 1)]);
        const bytes = encodeEventLine({
          position: 7,
          leafHash: leafHash(changed).toString('hex'),
          canonical: changed,
        }).subarray(0, -1);
        const fields = scan(bytes);
        if (fields === undefined) continue;
        // The previous leaf hash is not checked to be hex here: the verifier accepts it only when
        // it spells the stream's last leaf hash, which such bytes never do.
        const prev = fields.prevStreamLeafHash;
        if (prev !== null && !/^[0-9a-f]{64}$/.test(prev)) continue;
        read += 1;
        const parsed = JSON.parse(changed.toString('utf8')) as Record<string, unknown>;
        expect(fields).toMatchObject({
          position: parsed.position,
          revision: parsed.revision,
          streamId: parsed.streamId,
          prevStreamLeafHash: parsed.prevStreamLeafHash,
        });
        expect(typeof parsed.type === 'string' && parsed.type.startsWith('ExemptItem')).toBe(false);
      }
    }
    // Changes inside the values that keep the line well formed are still read (a digit, the type's letters).
    expect(read).toBeGreaterThan(0);
  });
});
