/**
 * Moves this process's clock to `now`: Jest fakes `Date` alone, still advancing in real time;
 * timers, the database and every other process keep the real one (README: a rule that needs
 * time to pass is tested by moving the clock). Undo with `jest.useRealTimers()`.
 */
export function moveDateTo(now: number): void {
  jest.useFakeTimers({
    now,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
