/**
 * Preloaded (`node --require`) into a process whose clock a suite moves: `Date` (now, and `new
 * Date()` without arguments) runs MOVED_CLOCK_OFFSET_MS ahead of the real clock, still advancing
 * in real time, as `jest.useFakeTimers` moves the suite's own process. Timers, the database and
 * every other process keep the real clock. A rule that needs days to pass is so tested in a
 * process of its own without backdating anything or shortening the rule.
 */
const offset = Number(process.env.MOVED_CLOCK_OFFSET_MS ?? 0);
const RealDate = Date;

class MovedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...(args as [number]));
  }

  static override now(): number {
    return RealDate.now() + offset;
  }
}

globalThis.Date = MovedDate as DateConstructor;
