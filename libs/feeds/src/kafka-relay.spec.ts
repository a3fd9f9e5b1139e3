import { StoredEvent } from '@accord/event-store';
import { relayMessage } from './kafka-relay';

const event = (traceparent?: string): StoredEvent => ({
  position: 7,
  streamId: 'decision-station-road',
  revision: 3,
  eventId: '0b7e0e64-7a36-4c36-9e1f-6f2f4f0f6c11',
  type: 'VoteCast',
  schemaVersion: 1,
  data: { partnershipId: 'camden-homes', decisionId: 'station-road' },
  metadata: {
    actor: { personId: 's.reid', orgId: 'peabody', roles: ['member'] },
    commandId: null,
    correlationId: null,
    causationId: null,
    occurredAt: '2026-05-01T10:00:00Z',
    ...(traceparent ? { traceparent } : {}),
  },
  recordedAt: '2026-05-01T10:00:00.001Z',
  leafHash: 'ab'.repeat(32),
  prevStreamLeafHash: null,
});

const headers = (e: StoredEvent) =>
  Object.fromEntries([...relayMessage(e).headers].map(([k, v]) => [k.toString(), v.toString()]));

describe('relayMessage', () => {
  it("passes the event's W3C traceparent on as the message's traceparent header", () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(headers(event(traceparent))).toEqual({
      position: '7',
      eventId: '0b7e0e64-7a36-4c36-9e1f-6f2f4f0f6c11',
      type: 'VoteCast',
      leafHash: 'ab'.repeat(32),
      traceparent,
    });
  });

  it('sends no traceparent header for an event written without tracing', () => {
    expect(Object.keys(headers(event()))).toEqual(['position', 'eventId', 'type', 'leafHash']);
  });
});
