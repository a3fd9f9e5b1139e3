import { LiveFeed } from './live-feed';
import type { FeedEvent } from './types';

/** A stand-in for the server's GET /v1/feed: each connection gets the frames after Last-Event-ID, then breaks. */
function fakeFeed(events: number[]) {
  const requests: (string | null)[] = [];
  const fetchStub = async (_url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => {
    const after = init.headers['last-event-id'] ?? null;
    requests.push(after);
    const frames = events
      .filter((p) => p > Number(after ?? 0))
      .slice(0, 2)
      .map(
        (p) =>
          `id: ${p}\ndata: ${JSON.stringify({ position: p, type: 'VoteCast', streamId: 'decision-x', data: {} })}\n\n`,
      )
      .join('');
    return new Response(
      new ReadableStream({
        start: (c) => (c.enqueue(new TextEncoder().encode(`: heartbeat\n\n${frames}`)), c.close()),
      }),
      { status: 200 },
    );
  };
  return { requests, fetchStub };
}

describe('LiveFeed', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('resumes after each break with Last-Event-ID: every event once, in order', async () => {
    const { requests, fetchStub } = fakeFeed([11, 12, 13, 14, 15]);
    globalThis.fetch = fetchStub as unknown as typeof fetch;
    const feed = new LiveFeed('token', () => undefined, 1);
    const seen: number[] = [];
    feed.subscribe((e: FeedEvent) => seen.push(e.position));
    feed.start(10);
    while (seen.length < 5) await new Promise((r) => setTimeout(r, 5));
    feed.stop();
    expect(seen).toEqual([11, 12, 13, 14, 15]);
    expect(requests.slice(0, 3)).toEqual(['10', '12', '14']);
  });

  it('can be stopped and started again (as React does with effects) and keeps its place', async () => {
    const { requests, fetchStub } = fakeFeed([21, 22]);
    globalThis.fetch = fetchStub as unknown as typeof fetch;
    const feed = new LiveFeed('token', () => undefined, 1);
    const seen: number[] = [];
    feed.subscribe((e: FeedEvent) => seen.push(e.position));
    feed.start(20);
    feed.stop();
    feed.start(20);
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    feed.stop();
    expect(seen).toEqual([21, 22]);
    expect(requests.filter((r) => r === '22').length).toBeGreaterThan(0);
  });

  it.each([
    [401, 'token-expired'],
    [403, 'not-a-member'],
  ])('tells the app once the server refuses the token (%i %s), and stops asking', async (status, code) => {
    let asked = 0;
    globalThis.fetch = (async () => {
      asked++;
      return new Response(JSON.stringify({ code }), { status });
    }) as unknown as typeof fetch;
    let signedOut = 0;
    const feed = new LiveFeed('token', () => signedOut++, 1);
    feed.start(0);
    while (feed.status !== 'signed-out') await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    expect({ signedOut, asked }).toEqual({ signedOut: 1, asked: 1 });
  });
});
