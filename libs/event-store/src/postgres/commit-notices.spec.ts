import { createSecretKey } from 'node:crypto';
import { EventRow } from './batch-plan';
import { commitNotices, verifiedNotice } from './commit-notices';

const key = createSecretKey(Buffer.alloc(32, 1));
const row = (position: number, text: string): EventRow => ({
  position,
  streamId: 's',
  revision: position,
  eventId: `e${position}`,
  type: 'ThingHappened',
  canonical: JSON.stringify({ position, text }),
  leafHashHex: position.toString(16).padStart(64, '0'),
});
const committed = (events: EventRow[]) =>
  events.map(({ position, canonical, leafHashHex }) => ({ position, canonical, leafHashHex }));

describe("a commit's notices", () => {
  it('give back its events, from the connection that sent them, in notifications PostgreSQL accepts', () => {
    const events = Array.from({ length: 12 }, (_, i) => row(41 + i, `é “quoted” \\ ${'x'.repeat(900)}`));
    const notices = commitNotices(events, key, 4242);
    expect(notices.length).toBeGreaterThan(1);
    for (const n of notices) expect(Buffer.byteLength(n, 'utf8')).toBeLessThan(8000);
    expect(notices.flatMap((n) => verifiedNotice(n, key, 4242) ?? [])).toEqual(committed(events));
  });

  it('are refused from another connection, with another key, or changed in any way', () => {
    const [notice] = commitNotices([row(7, 'a'), row(8, 'b')], key, 4242);
    expect(verifiedNotice(notice, key, 4242)).toHaveLength(2);
    expect(verifiedNotice(notice, key, 4243)).toBeUndefined();
    expect(verifiedNotice(notice, createSecretKey(Buffer.alloc(32, 2)), 4242)).toBeUndefined();
    // The same events announced for other positions, or with one of them changed.
    expect(verifiedNotice(notice.replace('\n7\n', '\n9\n'), key, 4242)).toBeUndefined();
    // Made too long ago (a connection that got the writer's pid since), or for the future.
    const sentAt = Number(notice.split('\n')[1]);
    expect(verifiedNotice(notice, key, 4242, sentAt + 9_000)).toHaveLength(2);
    expect(verifiedNotice(notice, key, 4242, sentAt + 11_000)).toBeUndefined();
    expect(verifiedNotice(notice, key, 4242, sentAt - 11_000)).toBeUndefined();
    expect(
      verifiedNotice(notice.replace(`\n${sentAt}\n`, `\n${sentAt + 20_000}\n`), key, 4242, sentAt + 20_000),
    ).toBeUndefined();
    expect(verifiedNotice(notice.replace('"a"', '"z"'), key, 4242)).toBeUndefined();
    expect(verifiedNotice(`${'0'.repeat(64)}\n${notice.split('\n').slice(1).join('\n')}`, key, 4242)).toBeUndefined();
    expect(verifiedNotice('7', key, 4242)).toBeUndefined();
  });

  it('are not sent for an event too large for one notification, nor for a commit past 256 KiB', () => {
    expect(commitNotices([row(1, 'x'.repeat(8000))], key, 1)).toEqual([]);
    expect(
      commitNotices(
        Array.from({ length: 300 }, (_, i) => row(i + 1, 'x'.repeat(900))),
        key,
        1,
      ),
    ).toEqual([]);
    expect(
      commitNotices(
        Array.from({ length: 250 }, (_, i) => row(i + 1, 'x'.repeat(900))),
        key,
        1,
      ),
    ).not.toEqual([]);
  });
});
