import { fold } from '../shared/event';
import {
  actor,
  ADA,
  BEN,
  boardMajorityPartnership,
  COL,
  COUNCIL,
  DAN,
  DECISION,
  EVE,
  organisations,
  partnershipState,
  T,
} from '../shared/fixtures';
import type { PersonRef } from '../shared/actor';
import { decideDecision } from './decide-decision';
import { decisionAggregate } from './decision.aggregate';
import type { DecisionEvent } from './decision.events';
import { eligibleVoters, signOffAuthority } from './decision-rules';
import {
  contextFor,
  dispensed,
  drafted,
  interestDeclared,
  openBoardDecision,
  opened,
  openDecision,
} from './decision.test-fixtures';

const state = (...events: DecisionEvent[]) => fold(decisionAggregate.evolve, decisionAggregate.initialState, events);
const orgs = organisations();
const orgOf = (person: PersonRef) => orgs[person.orgId];

describe('who may sign off, asked without a command (signOffAuthority)', () => {
  it('names the authority a member would rely on, or why they have none', () => {
    const open = state(...openDecision());
    expect(signOffAuthority(open, orgOf(ADA), 'ada', T.now)).toMatchObject({
      ok: true,
      authority: { authorityId: 'ada-1' },
    });
    expect(signOffAuthority(open, orgOf(DAN), 'dan', T.now)).toMatchObject({
      ok: true,
      authority: { authorityId: 'dan-1' },
    });
    expect(signOffAuthority(open, orgOf(BEN), 'ben', T.now)).toMatchObject({ ok: false, code: 'no-valid-authority' });
    const large = state(drafted({ valuePence: 30_000_000 }), opened());
    expect(signOffAuthority(large, orgOf(DAN), 'dan', T.now)).toMatchObject({
      ok: false,
      code: 'authority-value-exceeded',
    });
  });

  it('an undispensed interest bars the member until a dispensation', () => {
    const declared = state(...openDecision(), interestDeclared(ADA));
    expect(signOffAuthority(declared, orgOf(ADA), 'ada', T.now)).toMatchObject({
      ok: false,
      code: 'interest-not-dispensed',
    });
    expect(
      signOffAuthority(state(...openDecision(), interestDeclared(ADA), dispensed(ADA)), orgOf(ADA), 'ada', T.now),
    ).toMatchObject({ ok: true });
  });

  it('gives the answer the SignOff command gives, for every member of both parties', () => {
    const histories = [openDecision(), [...openDecision(), interestDeclared(DAN)]];
    for (const events of histories) {
      const decision = state(...events);
      for (const person of [ADA, BEN, COL, DAN, EVE]) {
        const asked = signOffAuthority(decision, orgOf(person), person.personId, T.now);
        let refusal: string | undefined;
        try {
          decideDecision(
            { type: 'SignOff', decisionId: DECISION, now: T.now, actor: actor(person) },
            decision,
            contextFor(),
          );
        } catch (err) {
          refusal = (err as { code: string }).code;
        }
        expect({ person: person.personId, code: asked.ok ? undefined : asked.code }).toEqual({
          person: person.personId,
          code: refusal,
        });
      }
    }
  });
});

describe('who may vote (eligibleVoters)', () => {
  const board = partnershipState(boardMajorityPartnership);

  it('the board of the decision’s parties, in board order', () => {
    expect(eligibleVoters(state(...openBoardDecision()), board).map((s) => s.personId)).toEqual(['ada', 'col', 'dan']);
  });

  it('less members with an undispensed interest', () => {
    const declared = state(...openBoardDecision(), interestDeclared(COL));
    expect(eligibleVoters(declared, board).map((s) => s.personId)).toEqual(['ada', 'dan']);
    const dispensedCol = state(...openBoardDecision(), interestDeclared(COL), dispensed(COL));
    expect(eligibleVoters(dispensedCol, board).map((s) => s.personId)).toEqual(['ada', 'col', 'dan']);
  });

  it('only seats of the parties the decision was opened for', () => {
    const councilOnly = state(...openBoardDecision().slice(0, 1), opened({ parties: [COUNCIL] }));
    expect(eligibleVoters(councilOnly, board).map((s) => [s.personId, s.party])).toEqual([
      ['ada', COUNCIL],
      ['col', COUNCIL],
    ]);
  });
});
