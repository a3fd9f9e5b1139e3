import { RefetchBudget } from './refetch-budget';

describe('RefetchBudget', () => {
  it('allows capacity fetches at once, then one per refill period', () => {
    let now = 1_000_000;
    const budget = new RefetchBudget(3, 30_000, () => now);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    now += 29_999;
    expect(budget.take()).toBe(false);
    now += 1;
    expect([budget.take(), budget.take()]).toEqual([true, false]);
    // Part of a period is kept: 45 s after the last refill, the next one is 15 s away.
    now += 45_000;
    expect([budget.take(), budget.take()]).toEqual([true, false]);
    now += 15_000;
    expect(budget.take()).toBe(true);
  });

  it('never holds more than its capacity, however long it was idle', () => {
    let now = 0;
    const budget = new RefetchBudget(2, 1_000, () => now);
    now += 3_600_000;
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new RefetchBudget(0, 1000)).toThrow(/capacity/);
    expect(() => new RefetchBudget(1, 0)).toThrow(/refillMs/);
  });
});
