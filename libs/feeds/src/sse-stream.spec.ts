import { EventEmitter } from 'node:events';
import { StoredEvent } from '@accord/event-store';
import { backoffMs } from './backoff';
import { parsePosition } from './sse-frames';
import { SseStream } from './sse-stream';

/** A socket whose buffer takes `capacity` writes before it reports back-pressure. */
class FakeSink extends EventEmitter {
  written: string[] = [];
  ended = false;
  destroyed = false;
  constructor(private capacity = Infinity) {
    super();
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    return this.written.length <= this.capacity;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

const event = (position: number): StoredEvent =>
  ({
    position,
    streamId: 'decision-d',
    revision: position,
    eventId: `e${position}`,
    type: 'VoteCast',
    schemaVersion: 1,
    data: {},
    metadata: {},
    recordedAt: '',
    leafHash: 'ab',
    prevStreamLeafHash: null,
  }) as unknown as StoredEvent;

describe('SseStream', () => {
  it('frames each event with its position as id, one data line of JSON', async () => {
    const sink = new FakeSink();
    const stream = new SseStream(sink, 41, { slowReaderMs: 1000 });
    expect(await stream.send([event(42), event(43)])).toBe(true);
    expect(sink.written[0]).toBe('retry: 2000\n: resuming after position 41\n\n');
    const frames = sink.written[1].split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0].split('\n')[0]).toBe('id: 42');
    expect(JSON.parse(frames[0].split('\n')[1].slice('data: '.length))).toMatchObject({
      position: 42,
      type: 'VoteCast',
    });
    expect(stream.resumeAfter).toBe(43);
  });

  it('sends a comment as heartbeat for an empty page', async () => {
    const sink = new FakeSink();
    const stream = new SseStream(sink, 0, { slowReaderMs: 1000 });
    await stream.send([]);
    expect(sink.written[1]).toBe(': heartbeat\n\n');
  });

  it('waits for a drain, then carries on', async () => {
    const sink = new FakeSink(1);
    const stream = new SseStream(sink, 0, { slowReaderMs: 1000 });
    const sent = stream.send([event(1)]);
    setTimeout(() => sink.emit('drain'), 20);
    expect(await sent).toBe(true);
    expect(sink.ended).toBe(false);
  });

  it('cuts off a reader that does not drain in time, naming where to resume, and frees its socket', async () => {
    jest.useFakeTimers();
    try {
      const sink = new FakeSink(1);
      const stream = new SseStream(sink, 0, { slowReaderMs: 100, graceMs: 50 });
      const sent = stream.send([event(1), event(2)]);
      jest.advanceTimersByTime(100);
      expect(await sent).toBe(false);
      expect(sink.written[sink.written.length - 1]).toBe(
        'event: cut-off\ndata: {"reason":"slow-reader","resumeAfter":2}\n\n',
      );
      expect(sink.ended).toBe(true);
      expect(stream.signal.aborted).toBe(true);
      jest.advanceTimersByTime(50);
      expect(sink.destroyed).toBe(true);
      expect(await stream.send([event(3)])).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops when the client goes away', async () => {
    const sink = new FakeSink(1);
    const stream = new SseStream(sink, 0, { slowReaderMs: 10_000 });
    const sent = stream.send([event(1)]);
    sink.emit('close');
    expect(await sent).toBe(false);
    expect(stream.signal.aborted).toBe(true);
  });
});

describe('parsePosition', () => {
  it.each([
    ['0', 0],
    ['17', 17],
    [' 5 ', 5],
  ])('accepts %j', (raw, position) => expect(parsePosition(raw)).toBe(position));
  it.each([['-1'], ['1.5'], ['abc'], [''], ['1e3'], [undefined]])('refuses %j', (raw) =>
    expect(parsePosition(raw)).toBeUndefined(),
  );
});

describe('backoffMs', () => {
  it('doubles from the initial delay up to the cap, with jitter in the upper half', () => {
    expect(backoffMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(40, 100, 10_000, () => 1)).toBe(10_000);
  });
});
