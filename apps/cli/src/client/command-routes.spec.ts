import { commandRequest } from './command-routes';

describe('commandRequest', () => {
  it('puts the ids its route names in the path and everything else in the body', () => {
    expect(
      commandRequest({ type: 'CastVote', decisionId: 'd-1', stance: 'agree', reason: 'Within the budget' }),
    ).toEqual({ path: '/v1/decisions/d-1/votes', body: { stance: 'agree', reason: 'Within the budget' } });
    expect(
      commandRequest({
        type: 'AssignMitigation',
        partnershipId: 'p-1',
        riskId: 'r-1',
        party: 'org-1',
        action: 'Survey the site',
      }),
    ).toEqual({
      path: '/v1/partnerships/p-1/risks/r-1/mitigations',
      body: { party: 'org-1', action: 'Survey the site' },
    });
  });

  it('keeps an id the route does not name in the body (the id of what a POST creates)', () => {
    expect(
      commandRequest({
        type: 'DraftDecision',
        partnershipId: 'p-1',
        decisionId: 'd-1',
        title: 'Title',
        motion: 'Motion',
        category: 'funding',
      }),
    ).toEqual({
      path: '/v1/partnerships/p-1/decisions',
      body: { decisionId: 'd-1', title: 'Title', motion: 'Motion', category: 'funding' },
    });
    expect(commandRequest({ type: 'JoinPartnership', partnershipId: 'p-1' })).toEqual({
      path: '/v1/partnerships/p-1/join',
      body: {},
    });
  });

  it('encodes ids in the path and refuses a command without the ids its route needs', () => {
    expect(commandRequest({ type: 'SignOff', decisionId: 'a/b c' }).path).toBe('/v1/decisions/a%2Fb%20c/sign-offs');
    expect(() => commandRequest({ type: 'SignOff' } as never)).toThrow('SignOff needs decisionId for its route');
  });
});
