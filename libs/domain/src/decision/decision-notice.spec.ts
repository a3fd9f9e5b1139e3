/** Decision notices (regs 12, 13): one event, from the recorded outcome, naming every interest. */
import { actor, ADA, BEN, COL, DAN, DECISION, EVE, OLI, T } from '../shared/fixtures';
import type { DecisionEvent } from './decision.events';
import {
  approvedBySignOff,
  dispensed,
  drafted,
  interestDeclared,
  opened,
  ref,
  signedOff,
  spec,
} from './decision.test-fixtures';

const outcome: DecisionEvent = {
  type: 'OutcomeRecorded',
  data: {
    ...ref,
    statement: 'Approved: £100,000 for design work',
    reasons: ['Best value of the options appraised'],
    alternativesRejected: ['Do nothing'],
    recordedBy: BEN,
  },
};
const publish = { type: 'PublishDecisionNotice', decisionId: DECISION, actor: actor(EVE), now: T.afterClose } as const;
const withInterests = (): DecisionEvent[] => [
  drafted(),
  interestDeclared(COL),
  dispensed(COL),
  interestDeclared(DAN, 'Director of a bidder'),
  opened(),
  signedOff(ADA),
  signedOff(DAN),
  approvedBySignOff(),
];

describe('decision notices', () => {
  it('state the decision and its date, the reasons, the alternatives rejected, and each interest with its dispensation', () => {
    spec
      .given(withInterests(), outcome)
      .when(publish)
      .then({
        type: 'DecisionNoticePublished',
        data: {
          ...ref,
          decision: 'approved',
          decidedAt: T.now,
          title: 'Mill Lane scheme',
          statement: 'Approved: £100,000 for design work',
          reasons: ['Best value of the options appraised'],
          alternativesRejected: ['Do nothing'],
          interests: [
            {
              personId: 'col',
              orgId: COL.orgId,
              nature: 'Owns a neighbouring property',
              dispensation: { grantedBy: DAN, reason: 'Interest is remote' },
            },
            { personId: 'dan', orgId: DAN.orgId, nature: 'Director of a bidder' },
          ],
          publishedAt: T.afterClose,
          publishedBy: EVE,
        },
      });
  });

  it('a key decision’s notice says on what notice it was opened', () => {
    const events = spec
      .given(drafted(), opened({ keyDecision: 'general-exception' }), approvedBySignOff(), outcome)
      .when(publish)
      .events();
    expect(events[0].data).toMatchObject({ keyDecision: 'general-exception', interests: [] });
  });

  it('only for an approved or rejected decision whose outcome is recorded, once, by a party member', () => {
    spec.given(drafted(), opened()).when(publish).thenRejects('notice-needs-approved-or-rejected', 'rule-violated');
    spec
      .given(drafted(), opened(), approvedBySignOff())
      .when(publish)
      .thenRejects('notice-needs-outcome', 'rule-violated');
    const published = spec.given(withInterests(), outcome).when(publish).events();
    spec
      .given(withInterests(), outcome, ...published)
      .when(publish)
      .thenRejects('decision-notice-already-published', 'rule-violated');
    spec
      .given(withInterests(), outcome)
      .when({ ...publish, actor: actor(OLI) })
      .thenRejects('not-a-party', 'forbidden');
  });
});
