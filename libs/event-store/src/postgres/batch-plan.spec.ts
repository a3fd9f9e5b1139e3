import { leafHash } from '@accord/audit';
import { prepareEvents } from '../envelope';
import { CommandIdReusedError, WrongExpectedRevisionError } from '../event-store.errors';
import { ExpectedRevision } from '../event-store.port';
import { PendingAppend, planBatch, StreamTip } from './batch-plan';

const meta = {
  expectedRevision: 'any' as const,
  metadata: { actor: { personId: 'p', orgId: 'o', roles: [] }, correlationId: null, causationId: null },
};
const at = '2026-01-01T00:00:00.000Z';
const EVENT_ID = '00000000-0000-4000-8000-000000000001';

function append(
  streamId: string,
  expectedRevision: ExpectedRevision,
  n = 1,
  commandId?: string,
  commandHash?: string,
): PendingAppend {
  const events = prepareEvents(
    Array.from({ length: n }, (_, i) => ({ type: 'Thing', data: { i } })),
    meta,
    10_000,
  );
  return { streamId, events, expectedRevision, commandId, commandHash };
}

describe('planBatch (group commit)', () => {
  it('gives dense positions after the head and revisions per stream', () => {
    const plan = planBatch(
      [append('a', 'no-stream', 2), append('b', 'no-stream'), append('a', 2)],
      10,
      new Map(),
      new Map(),
      at,
    );
    expect(plan.events.map((e) => [e.position, e.streamId, e.revision])).toEqual([
      [11, 'a', 1],
      [12, 'a', 2],
      [13, 'b', 1],
      [14, 'a', 3],
    ]);
    expect(plan.lastPosition).toBe(14);
  });

  it('checks each append against the tip left by earlier appends in the same batch', () => {
    const plan = planBatch(
      [append('a', 'no-stream'), append('a', 'no-stream'), append('a', 0)],
      0,
      new Map(),
      new Map(),
      at,
    );
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['written', 'failed', 'failed']);
    const failure = plan.outcomes[1];
    expect(failure.kind === 'failed' && failure.error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(plan.events).toHaveLength(1);
  });

  it('checks context revisions against stored tips and against appends earlier in the batch', () => {
    const tips = new Map<string, StreamTip>([
      ['p', { revision: 3, lastLeafHash: 'ab'.repeat(32), lastEventId: EVENT_ID }],
    ]);
    const inContext = (streamId: string, context: Record<string, number>): PendingAppend => ({
      ...append(streamId, 'no-stream'),
      contextRevisions: context,
    });
    const plan = planBatch(
      [
        inContext('d1', { p: 3 }),
        inContext('d2', { p: 2 }),
        append('p', 3),
        inContext('d3', { p: 3 }),
        inContext('d4', { p: 4, q: 0 }),
      ],
      20,
      tips,
      new Map(),
      at,
    );
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['written', 'failed', 'written', 'failed', 'written']);
    const stale = plan.outcomes[3];
    expect(stale.kind === 'failed' && stale.error).toMatchObject({
      details: { streamId: 'p', expectedRevision: 3, actualRevision: 4 },
    });
    expect(plan.events.map((e) => e.streamId)).toEqual(['d1', 'p', 'd4']);
  });

  it('appends on top of an earlier append of the batch only when it was written and is the tip', () => {
    const tips = new Map<string, StreamTip>([
      ['a', { revision: 1, lastLeafHash: 'ab'.repeat(32), lastEventId: EVENT_ID }],
    ]);
    const first = append('a', 1);
    const second: PendingAppend = { ...append('a', 2), expectedLastEventId: first.events[0].eventId };
    const refused = append('b', 1);
    const orphan: PendingAppend = { ...append('b', 1), expectedLastEventId: refused.events[0].eventId };
    const plan = planBatch(
      [first, second, refused, orphan, { ...append('a', 3), expectedLastEventId: EVENT_ID }],
      7,
      tips,
      new Map(),
      at,
    );
    expect(plan.outcomes.map((o) => o.kind)).toEqual(['written', 'written', 'failed', 'failed', 'failed']);
    const wrongTip = plan.outcomes[4];
    expect(wrongTip.kind === 'failed' && wrongTip.error).toMatchObject({
      details: { expectedLastEventId: EVENT_ID, actualLastEventId: second.events[0].eventId },
    });
  });

  it('checks against the stored tip and links to its last leaf hash', () => {
    const tips = new Map<string, StreamTip>([
      ['a', { revision: 5, lastLeafHash: 'cd'.repeat(32), lastEventId: EVENT_ID }],
    ]);
    const stale = planBatch([append('a', 4)], 9, tips, new Map(), at);
    expect(stale.outcomes[0].kind).toBe('failed');
    const ok = planBatch([append('a', 5, 2)], 9, tips, new Map(), at);
    const [first, second] = ok.events;
    expect(JSON.parse(first.canonical).prevStreamLeafHash).toBe('cd'.repeat(32));
    expect(JSON.parse(second.canonical).prevStreamLeafHash).toBe(first.leafHashHex);
    expect(second.leafHashHex).toBe(leafHash(Buffer.from(second.canonical, 'utf8')).toString('hex'));
  });

  it('answers a repeated command id with the first result and writes nothing more', () => {
    const plan = planBatch(
      [append('a', 'any', 1, 'cmd', 'h1'), append('a', 'any', 1, 'cmd', 'h1')],
      0,
      new Map(),
      new Map(),
      at,
    );
    expect(plan.events).toHaveLength(1);
    expect(plan.outcomes[1]).toEqual({
      kind: 'replayed',
      result: { ...(plan.outcomes[0] as { result: object }).result, replayed: true },
    });
  });

  it('refuses a command id reused with a different request', () => {
    const stored = new Map([
      [
        'cmd',
        { commandHash: 'h1', result: { streamId: 'a', nextRevision: 1, lastPosition: 1, events: [], replayed: false } },
      ],
    ]);
    const plan = planBatch([append('a', 'any', 1, 'cmd', 'h2')], 1, new Map(), stored, at);
    expect(plan.outcomes[0].kind === 'failed' && plan.outcomes[0].error).toBeInstanceOf(CommandIdReusedError);
    expect(plan.events).toHaveLength(0);
  });
});
