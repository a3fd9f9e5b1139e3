import { HeldStates, reckonedBytes } from './held-states';

const at = (revision: number) => ({ revision });
const meeting = (n: string) => `meeting-${n}`;

describe('HeldStates', () => {
  it('keeps states while their reckoned bytes fit the budget, forgetting the least recently used first', () => {
    const held = new HeldStates<{ revision: number }>(3 * reckonedBytes(meeting('a'), 10));
    for (const key of ['a', 'b', 'c']) held.set(meeting(key), at(10));
    held.set(meeting('a'), at(10)); // used again: now the most recent
    held.set(meeting('d'), at(10));
    expect(held.get(meeting('b'))).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => held.get(meeting(k))?.revision)).toEqual([10, 10, 10]);
  });

  it('counts a meeting by its events, so one that grows pushes out others', () => {
    const held = new HeldStates<{ revision: number }>(reckonedBytes(meeting('long'), 1_000) + reckonedBytes('x', 10));
    held.set(meeting('small'), at(10));
    held.set(meeting('long'), at(1_000));
    expect(held.get(meeting('small'))).toEqual(at(10));
    held.set(meeting('long'), at(1_001)); // one more event: the two no longer fit
    expect(held.get(meeting('small'))).toBeUndefined();
    expect(held.get(meeting('long'))).toEqual(at(1_001));
  });

  it('counts a decision, held without its event index, at no more than its first 64 events', () => {
    expect(reckonedBytes('decision-d', 1_000_000)).toBe(reckonedBytes('decision-d', 64));
    expect(reckonedBytes('decision-d', 10)).toBeLessThan(reckonedBytes('decision-d', 64));
    const held = new HeldStates<{ revision: number }>(2 * reckonedBytes('decision-d', 64));
    held.set('decision-a', at(100_000));
    held.set('decision-b', at(100_000));
    expect(held.get('decision-a')).toEqual(at(100_000));
  });

  it('does not keep a state alone above the budget, nor an older revision of it', () => {
    const held = new HeldStates<{ revision: number }>(reckonedBytes(meeting('s'), 100) + reckonedBytes('x', 0));
    held.set(meeting('other'), at(0));
    held.set(meeting('s'), at(100));
    expect(held.get(meeting('s'))).toEqual(at(100));
    held.set(meeting('s'), at(200));
    expect(held.get(meeting('s'))).toBeUndefined();
    expect(held.get(meeting('other'))).toEqual(at(0));
  });
});
