import { PartnershipTimeline } from '@accord/contracts';
import { CurrentTimelines } from './current-timelines';

const timelineAt = (position: number, title = 'Coastal Partnership'): PartnershipTimeline => ({
  partnershipId: 'p-1',
  title,
  status: 'active',
  parties: [],
  decisions: [],
  changes: [],
  position,
  asOf: '2026-01-01T00:00:00.000Z',
});

describe('CurrentTimelines', () => {
  it('builds once for every console refetching at the same position, each stamped with its own instant', async () => {
    const timelines = new CurrentTimelines();
    const build = jest.fn(async () => timelineAt(7));
    const answers = await Promise.all(
      [1, 2, 3].map((s) =>
        timelines.get('p-1', { position: 7, directory: 9 }, new Date(Date.UTC(2026, 11, 7, 8, 0, s)), build),
      ),
    );
    expect(build).toHaveBeenCalledTimes(1);
    expect(answers.map((a) => a.asOf)).toEqual([
      '2026-12-07T08:00:01.000Z',
      '2026-12-07T08:00:02.000Z',
      '2026-12-07T08:00:03.000Z',
    ]);
  });

  it('builds again when the partnership moves on or a name it shows changes', async () => {
    const timelines = new CurrentTimelines();
    const now = new Date();
    await timelines.get('p-1', { position: 7, directory: 9 }, now, async () => timelineAt(7));
    const moved = await timelines.get('p-1', { position: 8, directory: 9 }, now, async () => timelineAt(8));
    const renamed = await timelines.get('p-1', { position: 8, directory: 10 }, now, async () =>
      timelineAt(8, 'Renamed'),
    );
    expect(moved.position).toBe(8);
    expect(renamed.title).toBe('Renamed');
  });

  it('does not keep a failed build: the next reader builds again', async () => {
    const timelines = new CurrentTimelines();
    const version = { position: 7, directory: 9 };
    await expect(
      timelines.get('p-1', version, new Date(), () => Promise.reject(new Error('database gone'))),
    ).rejects.toThrow('database gone');
    await expect(timelines.get('p-1', version, new Date(), async () => timelineAt(7))).resolves.toMatchObject({
      position: 7,
    });
  });
});

describe('CurrentTimelines since a version', () => {
  const withDecisions = (position: number, ids: string[]): PartnershipTimeline => ({
    ...timelineAt(position),
    decisions: ids.map((decisionId) => ({
      decisionId,
      title: decisionId,
      status: 'open',
      approvalRule: 'all-parties',
      draftedAt: '2026-01-01T00:00:00.000Z',
      parties: [],
      interests: 0,
    })),
  });

  it('answers what changed since a version it built, and the whole timeline since one it did not', async () => {
    const timelines = new CurrentTimelines('t');
    const now = new Date();
    const first = await timelines.get('p-1', { position: 7, directory: 9 }, now, async () => withDecisions(7, ['a']));
    expect(first).toMatchObject({ version: '7.9.t', decisions: [{ decisionId: 'a' }] });
    for (const [position, ids] of [
      [8, ['a', 'b']],
      [9, ['a', 'b', 'c']],
    ] as const)
      await timelines.get('p-1', { position, directory: 9 }, now, async () => withDecisions(position, [...ids]));
    const build = jest.fn(async () => withDecisions(9, ['a', 'b', 'c']));
    const since = (version?: string) => timelines.get('p-1', { position: 9, directory: 9 }, now, build, version);
    expect(await since('7.9.t')).toMatchObject({
      since: '7.9.t',
      version: '9.9.t',
      decisions: [{ decisionId: 'b' }, { decisionId: 'c' }],
    });
    expect(await since('8.9.t')).toMatchObject({ since: '8.9.t', decisions: [{ decisionId: 'c' }] });
    expect(await since('9.9.t')).toMatchObject({ since: '9.9.t', decisions: [] });
    const unknown = await since('3.9.t');
    expect(unknown).not.toHaveProperty('since');
    expect(unknown.decisions).toHaveLength(3);
    expect(build).not.toHaveBeenCalled();
  });
});
