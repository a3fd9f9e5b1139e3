import {
  activePartnership,
  ADA,
  actor,
  ASSOC,
  assocHistory,
  COUNCIL,
  councilHistory,
  DAN,
  joined,
  organisations,
  PARTNERSHIP,
  proposed,
  proposePartnership,
  SHA,
  T,
} from '../shared/fixtures';
import { DECEMBER, foundedOn } from '../shared/past.test-fixtures';
import { specFor } from '../shared/testing';
import type { PartnershipCommand } from './partnership.commands';
import type { PartnershipContext } from './partnership.context';
import type { PartnershipEvent } from './partnership.events';
import { partnershipAggregate } from './partnership.aggregate';
import type { PartnershipState } from './partnership.state';

/**
 * A partnership founded in the spring, entered in December (DESIGN §5 "Two clocks"): proposal,
 * joining, terms and board appointments say when they happened, never in the future, never before
 * what they follow, and governance authority is checked as it stood then.
 */
const SPRING = {
  councilRegistered: '2026-04-02T09:00:00Z',
  assocRegistered: '2026-04-09T09:00:00Z',
  proposed: '2026-04-20T10:00:00Z',
  joined: '2026-05-04T18:00:00Z',
};
const context: PartnershipContext = {
  organisations: organisations({
    [COUNCIL]: foundedOn(councilHistory, SPRING.councilRegistered),
    [ASSOC]: foundedOn(assocHistory, SPRING.assocRegistered),
  }),
};
const spec = specFor<PartnershipState, PartnershipCommand, PartnershipEvent, PartnershipContext>(
  partnershipAggregate,
  context,
);
const p = { partnershipId: PARTNERSHIP, now: DECEMBER };
const [proposedInApril] = foundedOn([proposed()], SPRING.proposed);
const propose = proposePartnership(DECEMBER);

describe('partnership: founding acts recorded at their real past dates', () => {
  it('is proposed on the day it was, once every party had been registered', () => {
    spec
      .given()
      .when({ ...propose, occurredAt: SPRING.proposed })
      .then(proposed());
  });

  it('is not proposed before its last party was registered', () => {
    spec
      .given()
      .when({ ...propose, occurredAt: '2026-04-05T10:00:00Z' })
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('is never proposed in the future', () => {
    spec
      .given()
      .when({ ...propose, occurredAt: '2026-12-31T10:00:00Z' })
      .thenRejects('occurred-at-in-future', 'rule-violated');
  });

  it('the last party joins on the day it did: the join and the activation carry that date', () => {
    const events = spec
      .given(proposedInApril, joined(ADA, 'ada-1'))
      .when({ type: 'JoinPartnership', ...p, actor: actor(DAN), occurredAt: SPRING.joined })
      .events();
    expect(events).toMatchObject([
      { type: 'PartyJoined', data: { party: ASSOC, joinedAt: SPRING.joined } },
      { type: 'PartnershipActivated', data: { activatedAt: SPRING.joined } },
    ]);
  });

  it('governance authority is the one held when the party joined, not today', () => {
    // Ada's authority runs from 1 April 2026: a join dated in March had nobody to commit the council.
    spec
      .given({ ...proposed(), occurredAt: '2026-03-02T10:00:00Z' })
      .withContext({ organisations: organisations() })
      .when({ type: 'JoinPartnership', ...p, actor: actor(ADA), occurredAt: '2026-03-16T10:00:00Z' })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('terms, joining and board appointments are not dated before the proposal', () => {
    const early = '2026-04-19T10:00:00Z';
    const commands: PartnershipCommand[] = [
      { type: 'JoinPartnership', ...p, actor: actor(ADA), occurredAt: early },
      {
        type: 'AgreeTermsOfReference',
        ...p,
        actor: actor(ADA),
        version: 1,
        approvalRule: 'all-parties-sign-off',
        quorum: 2,
        textSha256: SHA,
        occurredAt: early,
      },
      { type: 'AppointBoardMember', ...p, actor: actor(ADA), personId: ADA.personId, occurredAt: early },
    ];
    for (const command of commands) {
      spec.given(proposedInApril).when(command).thenRejects('occurred-at-too-early', 'rule-violated');
    }
  });

  it('acts given no occurredAt happened when they are recorded', () => {
    const events = spec
      .given(proposedInApril)
      .when({ type: 'JoinPartnership', ...p, now: T.now, actor: actor(ADA) })
      .events();
    expect(events).toMatchObject([{ type: 'PartyJoined', data: { joinedAt: T.now } }]);
  });
});

describe('partnership: objectives and risks recorded at their real past dates', () => {
  const JUNE = '2026-06-15T10:00:00Z';
  const MAY = '2026-05-20T10:00:00Z';
  const active = foundedOn(activePartnership, SPRING.proposed);
  const objectiveSetInJune = {
    type: 'ObjectiveSet',
    data: { partnershipId: PARTNERSHIP, objectiveId: 'homes', title: 'Homes', description: '400 homes', setBy: ADA },
    occurredAt: JUNE,
  } as const;
  const riskRaisedInJune = {
    type: 'RiskRaised',
    data: {
      partnershipId: PARTNERSHIP,
      riskId: 'costs',
      title: 'Build costs',
      description: 'Costs rise',
      ownerParty: COUNCIL,
      likelihood: 3,
      impact: 4,
      raisedBy: ADA,
    },
    occurredAt: JUNE,
  } as const;
  const at = (command: Partial<PartnershipCommand> & Pick<PartnershipCommand, 'type'>, occurredAt: string) =>
    ({ ...command, ...p, actor: actor(ADA), occurredAt }) as PartnershipCommand;

  it('sets an objective and raises a risk on the day they were, never before the proposal nor in the future', () => {
    const setObjective = {
      type: 'SetObjective',
      objectiveId: 'homes',
      title: 'Homes',
      description: '400 homes',
    } as const;
    spec.given(active).when(at(setObjective, JUNE)).then({ type: 'ObjectiveSet', data: objectiveSetInJune.data });
    spec
      .given(active)
      .when(at(setObjective, '2026-04-19T10:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(active)
      .when(at(setObjective, '2026-12-31T10:00:00Z'))
      .thenRejects('occurred-at-in-future', 'rule-violated');
  });

  it('reports progress and revises an objective not before it was set', () => {
    const progress = {
      type: 'ReportProgress',
      objectiveId: 'homes',
      percentComplete: 10,
      rag: 'green',
      summary: 'Site cleared',
    } as const;
    spec
      .given(...active, objectiveSetInJune)
      .when(at(progress, MAY))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(...active, objectiveSetInJune)
      .when(at({ type: 'ReviseObjective', objectiveId: 'homes', title: 'More homes', reason: 'r' }, MAY))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    expect(
      spec
        .given(...active, objectiveSetInJune)
        .when(at(progress, '2026-07-01T10:00:00Z'))
        .events(),
    ).toMatchObject([{ type: 'ProgressReported', data: { percentComplete: 10 } }]);
  });

  it('mitigates and closes a risk not before it was raised', () => {
    for (const command of [
      at({ type: 'AssignMitigation', riskId: 'costs', party: ASSOC, action: 'Fix the price' }, MAY),
      at({ type: 'CloseRisk', riskId: 'costs', reason: 'Contract signed' }, MAY),
    ])
      spec
        .given(...active, riskRaisedInJune)
        .when(command)
        .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(...active, riskRaisedInJune)
      .when(at({ type: 'CloseRisk', riskId: 'costs', reason: 'Contract signed' }, '2026-07-01T10:00:00Z'))
      .then({
        type: 'RiskClosed',
        data: { partnershipId: PARTNERSHIP, riskId: 'costs', reason: 'Contract signed', closedBy: ADA },
      });
  });
});
