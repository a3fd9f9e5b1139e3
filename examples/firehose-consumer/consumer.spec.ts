import { IdempotentApplier } from './consumer';

describe('the example consumer', () => {
  it('applies each event once per key, whatever the broker redelivers', async () => {
    const seen: number[] = [];
    const applier = new IdempotentApplier({}, async (e) => {
      seen.push(e.position);
    });
    const event = (position: number) => ({
      position,
      streamId: 'decision-d',
      eventId: `e${position}`,
      type: 'VoteCast',
      data: {},
      recordedAt: '',
      leafHash: '',
    });
    // A relay restart resends 3 and 4 after 5 was applied; another partnership interleaves.
    for (const [key, position] of [
      ['p1', 3],
      ['p1', 4],
      ['p2', 1],
      ['p1', 5],
      ['p1', 3],
      ['p1', 4],
      ['p2', 2],
      ['p1', 6],
    ] as const)
      await applier.handle(key, event(position));
    expect(seen).toEqual([3, 4, 1, 5, 2, 6]);
    expect(applier.snapshot()).toEqual({ p1: 6, p2: 2 });
  });
});
