import { EventRow } from './batch-plan';
import { eventsPayloads, parseEventsPayload } from './write-statements';

const row = (position: number, text: string): EventRow => ({
  position,
  streamId: 's',
  revision: position,
  eventId: `e${position}`,
  type: 'ThingHappened',
  canonical: JSON.stringify({ position, text }),
  leafHashHex: position.toString(16).padStart(64, '0'),
});

describe("a commit's events in its NOTIFY", () => {
  it('come back as written, in notifications PostgreSQL accepts (under 8,000 bytes)', () => {
    const events = Array.from({ length: 12 }, (_, i) => row(41 + i, `é “quoted” \\ ${'x'.repeat(900)}`));
    const payloads = eventsPayloads(events);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p, 'utf8')).toBeLessThan(8000);
    expect(payloads.flatMap(parseEventsPayload)).toEqual(
      events.map(({ position, canonical, leafHashHex }) => ({ position, canonical, leafHashHex })),
    );
  });

  it('are not sent for an event too large for one notification, nor for a commit past 16 KiB', () => {
    expect(eventsPayloads([row(1, 'x'.repeat(8000))])).toEqual([]);
    expect(eventsPayloads(Array.from({ length: 20 }, (_, i) => row(i + 1, 'x'.repeat(900))))).toEqual([]);
  });
});
