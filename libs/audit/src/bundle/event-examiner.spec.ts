import { canonicalBytes } from '../canonical-json';
import { leafHash } from '../leaf-hash';
import { encodeEventLine } from './bundle-format';
import { decodeEventLine, examineEvent } from './event-examiner';

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
