import type { Pool } from 'pg';
import { TimelineDecision } from '@accord/contracts';
import { DecisionState, PartnershipState } from '@accord/domain';
import { Names, PartnershipAsOf } from '@accord/projections';
import { partnershipTimeline, TimelineDecisions } from './partnership-timeline';

const names = (displayName: string) =>
  Names.load(
    {
      query: async (sql: string) => ({
        rows: sql.includes('rm_members')
          ? ['reid', 'okoro'].map((person_id) => ({
              organisation_id: 'camden',
              person_id,
              job_title: 'Councillor',
              display_name: `${displayName} ${person_id}`,
            }))
          : [],
      }),
    } as unknown as Pool,
    { personIds: ['reid', 'okoro'] },
  );

const partnership = (board: string[]) =>
  ({
    partnershipId: 'p-1',
    title: 'Coastal Partnership',
    status: 'active',
    parties: ['camden'],
    board: Object.fromEntries(board.map((personId) => [personId, { personId, party: 'camden' }])),
  }) as unknown as PartnershipState;

const decision = (decisionId: string, votes: string[] = []) =>
  ({
    decisionId,
    title: `Item ${decisionId}`,
    status: 'open',
    approvalRule: 'all-parties',
    signOffs: {},
    interests: {},
    votes: Object.fromEntries(votes.map((personId) => [personId, { personId, orgId: 'camden', stance: 'agree' }])),
  }) as unknown as DecisionState;

const replayed = (p: PartnershipState, decisions: DecisionState[]): PartnershipAsOf => ({
  partnership: p,
  decisions: new Map(decisions.map((d) => [d.decisionId, d])),
  drafted: new Map(),
  history: [],
  events: decisions.length,
  lastPosition: decisions.length,
});

const timeline = async (
  reuse: TimelineDecisions,
  p: PartnershipState,
  decisions: DecisionState[],
  displayName = 'Cllr',
) => partnershipTimeline(replayed(p, decisions), await names(displayName), new Date(), reuse).decisions;

const byId = (entries: TimelineDecision[], id: string) => entries.find((e) => e.decisionId === id);
const notVoted = (entry: TimelineDecision | undefined) => entry?.parties[0].notVoted.map((n) => n.personId);

describe('TimelineDecisions', () => {
  it('keeps the entry of a decision whose state did not change, and builds the changed one anew', async () => {
    const reuse = new TimelineDecisions();
    const p = partnership(['reid', 'okoro']);
    const unchanged = decision('a');
    const before = await timeline(reuse, p, [unchanged, decision('b')]);
    const after = await timeline(reuse, p, [unchanged, decision('b', ['reid'])]);
    expect(byId(after, 'a')).toBe(byId(before, 'a'));
    expect(notVoted(byId(after, 'b'))).toEqual(['okoro']);
  });

  it('builds every entry again when the board changes', async () => {
    const reuse = new TimelineDecisions();
    const unchanged = decision('a');
    await timeline(reuse, partnership(['reid']), [unchanged]);
    const after = await timeline(reuse, partnership(['reid', 'okoro']), [unchanged]);
    expect(notVoted(byId(after, 'a'))).toEqual(['reid', 'okoro']);
  });

  it('keeps an entry while the names it shows are the same, and names people afresh once one changed', async () => {
    const reuse = new TimelineDecisions();
    const p = partnership(['reid']);
    const unchanged = decision('a', ['reid']);
    const first = await timeline(reuse, p, [unchanged], 'Cllr');
    const same = await timeline(reuse, p, [unchanged], 'Cllr');
    const renamed = await timeline(reuse, p, [unchanged], 'Councillor');
    expect(byId(same, 'a')).toBe(byId(first, 'a'));
    expect(byId(renamed, 'a')?.parties[0].votes[0].by.displayName).toBe('Councillor reid');
  });
});
