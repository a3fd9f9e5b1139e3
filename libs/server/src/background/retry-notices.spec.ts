import { RetryNotices } from './retry-notices';

describe('RetryNotices', () => {
  const busy = new Error('timeout exceeded when trying to connect');
  let now = 0;
  const notices = () => new RetryNotices(30_000, () => now);

  beforeEach(() => (now = 1_000));

  it('logs a busy pool quietly until it has lasted 30 s, then warns', () => {
    const n = notices();
    expect(n.levelFor(busy)).toBe('log');
    now += 29_999;
    expect(n.levelFor(busy)).toBe('log');
    now += 1;
    expect(n.levelFor(busy)).toBe('warn');
  });

  it('sees a busy pool behind a wrapping error (the store wraps what pg throws)', () => {
    expect(notices().levelFor(new Error('The event store is unavailable', { cause: busy }))).toBe('log');
  });

  it('warns at once of any other failure, and it ends a quiet spell', () => {
    const n = notices();
    expect(n.levelFor(new Error('Connection terminated unexpectedly'))).toBe('warn');
    expect(n.levelFor(busy)).toBe('log');
    now += 20_000;
    expect(n.levelFor(new Error('relation "job_states" does not exist'))).toBe('warn');
    now += 20_000;
    expect(n.levelFor(busy)).toBe('log');
  });

  it('starts afresh once the job got through', () => {
    const n = notices();
    n.levelFor(busy);
    now += 40_000;
    n.succeeded();
    expect(n.levelFor(busy)).toBe('log');
  });
});
