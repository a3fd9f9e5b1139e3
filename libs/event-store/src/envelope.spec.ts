import { canonicalize, leafHash } from '@accord/audit';
import { parseStoredEvent, envelopeText, prepareEvents, sealEvent, validateStreamId } from './envelope';
import { EventTooLargeError, InvalidEventError, InvalidStreamIdError } from './event-store.errors';

const actor = { personId: 'p-1', orgId: 'o-1', roles: ['member'] };
const options = {
  expectedRevision: 'any' as const,
  metadata: { actor, correlationId: 'c-1', causationId: null, occurredAt: '2026-03-14T10:02:00.000Z' },
};

describe('envelope', () => {
  it('concatenated text equals RFC 8785 canonicalisation of the whole envelope', () => {
    const [event] = prepareEvents(
      [{ type: 'VoteCast', data: { z: 1, a: ['é', { y: null, b: true }], ü: 'x"' } }],
      { ...options, commandId: 'cmd-1' },
      1024,
    );
    const at = {
      position: 42,
      streamId: 'decision-9',
      revision: 3,
      recordedAt: '2026-03-14T10:02:01.123Z',
      prevStreamLeafHash: 'ab'.repeat(32),
    };
    const expected = canonicalize({
      position: 42,
      streamId: 'decision-9',
      revision: 3,
      eventId: event.eventId,
      type: 'VoteCast',
      schemaVersion: 1,
      data: JSON.parse(event.dataJson),
      metadata: {
        actor,
        commandId: 'cmd-1',
        correlationId: 'c-1',
        causationId: null,
        occurredAt: '2026-03-14T10:02:00.000Z',
      },
      recordedAt: '2026-03-14T10:02:01.123Z',
      prevStreamLeafHash: 'ab'.repeat(32),
    });
    expect(envelopeText(event, at)).toBe(expected);
    expect(envelopeText(event, { ...at, prevStreamLeafHash: null })).toContain('"prevStreamLeafHash":null');
  });

  it('seals with the RFC 9162 leaf hash of exactly the stored bytes and reads them back', () => {
    const [event] = prepareEvents([{ type: 'MemberAdded', data: { personId: 'p-2' } }], options, 1024);
    const sealed = sealEvent(event, {
      position: 1,
      streamId: 's-1',
      revision: 1,
      recordedAt: '2026-01-01T00:00:00.000Z',
      prevStreamLeafHash: null,
    });
    expect(sealed.leafHashHex).toBe(leafHash(Buffer.from(sealed.canonical, 'utf8')).toString('hex'));
    const read = parseStoredEvent(sealed.canonical, sealed.leafHashHex);
    expect(read).toMatchObject({
      position: 1,
      streamId: 's-1',
      revision: 1,
      type: 'MemberAdded',
      data: { personId: 'p-2' },
      leafHash: sealed.leafHashHex,
    });
    // From the stored bytes, without the hash: the envelope as hashed.
    const hashed = parseStoredEvent(Buffer.from(sealed.canonical, 'utf8'));
    expect(hashed).toEqual({ ...read, leafHash: undefined });
    expect('leafHash' in hashed).toBe(false);
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(201), /201 characters/],
    ['has space', /printable ASCII/],
  ])('refuses stream id %j', (id, message) => {
    expect(() => validateStreamId(id)).toThrow(InvalidStreamIdError);
    expect(() => validateStreamId(id)).toThrow(message);
  });

  it('refuses an event over the size limit, naming size and limit', () => {
    expect(() => prepareEvents([{ type: 'Big', data: { blob: 'x'.repeat(2000) } }], options, 1024)).toThrow(
      EventTooLargeError,
    );
  });

  it('refuses data that JSON cannot carry, naming the path', () => {
    try {
      prepareEvents([{ type: 'Bad', data: { when: new Date() } }], options, 1024);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidEventError);
      expect((err as InvalidEventError).code).toBe('not-json-serialisable');
      expect((err as InvalidEventError).details).toEqual({ path: 'events[0].data.when' });
    }
  });

  it('refuses an append without events or with a bad type', () => {
    expect(() => prepareEvents([], options, 1024)).toThrow(/at least one event/);
    expect(() => prepareEvents([{ type: '9lives', data: {} }], options, 1024)).toThrow(/invalid type/);
  });
});
