import { href, parseRoute, Route } from './router';

describe('console routes', () => {
  it('round-trips every view through the URL hash, as-of instant included', () => {
    const routes: Route[] = [
      { name: 'partnerships' },
      { name: 'partnership', id: 'lambeth-homes', tab: 'timeline', asOf: '2026-03-14T10:00:00.000Z' },
      { name: 'partnership', id: 'lambeth homes', tab: 'approvals' },
      { name: 'partnership', id: 'lambeth-homes', tab: 'approvals', at: '2026-06-14T12:00:00.000Z' },
      {
        name: 'partnership',
        id: 'lambeth-homes',
        tab: 'approvals',
        asOf: '2026-12-01T09:00:00.000Z',
        at: '2026-06-14T12:00:00.000Z',
      },
      { name: 'partnership', id: 'camden-regeneration', tab: 'council' },
      { name: 'decision', id: '2026-01-moorlands-disposal' },
      { name: 'decision', id: '2026-06-lease', at: '2026-06-14T12:00:00.000Z' },
      { name: 'decision', id: '2026-06-lease', asOf: '2026-12-01T09:00:00.000Z', at: '2026-06-14T12:00:00.000Z' },
      { name: 'meeting', id: 'board-2026-01-15' },
      { name: 'accountability', orgId: 'lambeth-council' },
      { name: 'public' },
      { name: 'public-register', id: 'camden regeneration' },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it('puts in a decision page’s URL only the clocks it is shown at', () => {
    expect(href({ name: 'decision', id: 'd1', at: '2026-06-14T12:00:00.000Z' })).toBe(
      '#/d/d1?at=2026-06-14T12%3A00%3A00.000Z',
    );
    expect(href({ name: 'decision', id: 'd1', asOf: undefined })).toBe('#/d/d1');
  });

  it('sends unknown paths to a not-found view', () => {
    expect(parseRoute('#/p/x/nonsense')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/elsewhere')).toEqual({ name: 'not-found' });
    expect(parseRoute('')).toEqual({ name: 'partnerships' });
  });
});
