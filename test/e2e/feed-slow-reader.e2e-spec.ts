import { connect } from 'node:net';
import { PostgresEventStore } from '@accord/event-store';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { openSse, SseMessage } from '../support/sse-client';

/**
 * A subscriber that stops reading is disconnected once its socket stays full for
 * FEED_SLOW_READER_SECONDS, instead of the server buffering the log for it; it then resumes with
 * the last id it read and gets the rest, nothing twice.
 */
const auditor: Caller = { personId: 'aud', orgId: 'audit-office', roles: ['auditor'] };
const meta = { actor: { personId: 'w', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };
const EVENTS = 30_000; // ≈ 20 MB of frames: more than the loopback socket buffers hold

describe('a slow SSE reader', () => {
  let db: TestDatabase;
  let api: ApiHarness;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    const store = new PostgresEventStore(db.pool);
    const padding = 'x'.repeat(500);
    for (let s = 0; s < EVENTS / 500; s++)
      await store.append(
        `bulk-${s}`,
        Array.from({ length: 500 }, (_, i) => ({ type: 'Bulk', data: { i, padding } })),
        { expectedRevision: 'no-stream', metadata: meta },
      );
    await store.close();
    api = await startApi({ DATABASE_URL: db.url, FEED_SLOW_READER_SECONDS: '1' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is cut off instead of buffered, and resumes after the last id it read', async () => {
    const url = new URL(api.baseUrl);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `GET /v1/feed HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${await api.token(auditor)}\r\nAccept: text/event-stream\r\n\r\n`,
    );
    socket.pause(); // a client that does not read

    // The server gives up on it: it no longer counts it as a subscriber.
    let subscribers = 1;
    for (let i = 0; i < 100 && subscribers > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      subscribers = (await api.request('GET', '/health/feeds')).body.sse.subscribers;
    }
    expect(subscribers).toBe(0);

    // Now read what did reach the client: a prefix of the log, short of its end.
    // Read until the data stops: once the server closed its end, the kernel may take a long
    // time (zero-window probes) to hand over the tail, which no longer matters to the server.
    const chunks: Buffer[] = [];
    let lastData = Date.now();
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      lastData = Date.now();
    });
    socket.resume();
    while (Date.now() - lastData < 1000) await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    const text = Buffer.concat(chunks).toString('utf8');
    // Only frames that arrived whole count (the last piece after a blank line may be cut short).
    // The body is chunked (HTTP/1.1 without a length): drop the chunk-size lines first.
    const body = text.slice(text.indexOf('\r\n\r\n') + 4).replace(/(^|\r\n)[0-9a-f]+\r\n/g, '');
    const frames = body.split('\n\n').slice(0, -1);
    const complete = frames.filter((f) => f.startsWith('id: ')).map((f) => Number(f.slice(4, f.indexOf('\n'))));
    const lastRead = complete[complete.length - 1];
    expect(complete).toEqual(Array.from({ length: complete.length }, (_, i) => i + 1));
    expect(lastRead).toBeLessThan(EVENTS);

    // Resuming after the last id read gives the rest, nothing twice.
    const rest: SseMessage[] = [];
    const conn = await openSse(
      `${api.baseUrl}/v1/feed`,
      { authorization: `Bearer ${await api.token(auditor)}`, 'last-event-id': String(lastRead) },
      (m) => rest.push(m),
    );
    const deadline = Date.now() + 30_000;
    while (rest.length < EVENTS - lastRead && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    conn.close();
    await conn.done;
    expect(rest.map((m) => Number(m.id))).toEqual(
      Array.from({ length: EVENTS - lastRead }, (_, i) => lastRead + i + 1),
    );
  });
});
