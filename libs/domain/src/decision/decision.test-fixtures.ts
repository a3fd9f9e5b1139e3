/** Decision test fixtures (test-only; not exported from index.ts). */
import type { StoredEvent } from '../shared/event';
import {
  activePartnership,
  ADA,
  ASSOC,
  BEN,
  boardMajorityPartnership,
  COUNCIL,
  DAN,
  DECISION,
  organisations,
  PARTNERSHIP,
  partnershipState,
  T,
} from '../shared/fixtures';
import type { PersonRef } from '../shared/actor';
import type { PartnershipEvent, AuthorityRef } from '../partnership/partnership.events';
import { specFor } from '../shared/testing';
import type { VoteStance } from '../shared/vocabulary';
import type { DecisionCommand } from './decision.commands';
import type { DecisionContext } from './decision.context';
import type { DecisionDraftedData, DecisionEvent, DecisionOpenedData } from './decision.events';
import { decisionAggregate } from './decision.aggregate';
import type { DecisionState } from './decision.state';

export const ref = { decisionId: DECISION, partnershipId: PARTNERSHIP };

export const contextFor = (
  partnershipEvents: readonly PartnershipEvent[] = activePartnership,
  extra: Partial<DecisionContext> = {},
): DecisionContext => ({
  partnership: partnershipState(partnershipEvents),
  organisations: organisations(),
  ...extra,
});

/** The board-majority fixture's terms, with council procedure added. */
export const withKeyRules = (keyDecisions: Record<string, unknown>): PartnershipEvent[] =>
  boardMajorityPartnership.map((e) =>
    e.type === 'TermsOfReferenceAgreed' ? ({ ...e, data: { ...e.data, keyDecisions } } as PartnershipEvent) : e,
  );

/** all-parties-sign-off partnership by default. */
export const spec = specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(
  decisionAggregate,
  contextFor(),
);
export const boardSpec = specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(
  decisionAggregate,
  contextFor(boardMajorityPartnership),
);

/** £100k development decision: Ada (all categories, £1m) and Dan (development, £250k) can both sign it off. */
export const drafted = (over: Partial<DecisionDraftedData> = {}): DecisionEvent => ({
  type: 'DecisionDrafted',
  data: {
    ...ref,
    title: 'Mill Lane scheme',
    motion: 'That the partnership commits £100,000 to design work for the Mill Lane scheme',
    category: 'development',
    valuePence: 10_000_000,
    approvalRule: 'all-parties-sign-off',
    draftedBy: BEN,
    ...over,
  },
});

export const opened = (over: Partial<DecisionOpenedData> = {}): DecisionEvent => ({
  type: 'DecisionOpened',
  data: {
    ...ref,
    openedAt: T.now,
    closesAt: T.closesAt,
    approvalRule: 'all-parties-sign-off',
    parties: [COUNCIL, ASSOC],
    openedBy: BEN,
    ...over,
  },
});

export const boardDrafted = (): DecisionEvent => drafted({ approvalRule: 'board-majority' });
export const boardOpened = (): DecisionEvent => opened({ approvalRule: 'board-majority', quorum: 2, termsVersion: 1 });

/** Open all-parties-sign-off decision. */
export const openDecision = (): DecisionEvent[] => [drafted(), opened()];
/** Open board-majority decision (board Ada, Col, Dan; quorum 2). */
export const openBoardDecision = (): DecisionEvent[] => [boardDrafted(), boardOpened()];

export const authorityOf = (person: PersonRef): AuthorityRef =>
  person.personId === ADA.personId
    ? {
        authorityId: 'ada-1',
        instrument: 'Scheme of delegation 2026 §ada-1',
        categories: [
          'land-disposal',
          'funding',
          'nominations',
          'development',
          'objectives',
          'risk',
          'governance',
          'other',
        ],
        valueLimitPence: 100_000_000,
        validFrom: T.validFrom,
      }
    : {
        authorityId: 'dan-1',
        instrument: 'Scheme of delegation 2026 §dan-1',
        categories: ['governance', 'funding', 'development', 'other'],
        valueLimitPence: 25_000_000,
        validFrom: T.validFrom,
      };

export const signedOff = (person: PersonRef, signedAt: string = T.now): DecisionEvent => ({
  type: 'SignOffRecorded',
  data: { ...ref, party: person.orgId, personId: person.personId, authority: authorityOf(person), signedAt },
});

export const voted = (
  person: PersonRef,
  stance: VoteStance,
  reason = `${person.personId} ${stance}s`,
): DecisionEvent => ({
  type: 'VoteCast',
  data: { ...ref, personId: person.personId, orgId: person.orgId, stance, reason },
});

export const interestDeclared = (person: PersonRef, nature = 'Owns a neighbouring property'): DecisionEvent => ({
  type: 'InterestDeclared',
  data: { ...ref, personId: person.personId, orgId: person.orgId, nature },
});

export const dispensed = (person: PersonRef, by: PersonRef = DAN): DecisionEvent => ({
  type: 'DispensationGranted',
  data: {
    ...ref,
    personId: person.personId,
    orgId: person.orgId,
    reason: 'Interest is remote',
    grantedBy: by,
    grantedAs: 'board-member-of-another-party',
  },
});

export const approvedBySignOff = (): DecisionEvent => ({
  type: 'DecisionApproved',
  data: {
    ...ref,
    rule: 'all-parties-sign-off',
    approvedAt: T.now,
    signOffs: [
      { party: COUNCIL, personId: 'ada', authorityId: 'ada-1', instrument: 'Scheme of delegation 2026 §ada-1' },
      { party: ASSOC, personId: 'dan', authorityId: 'dan-1', instrument: 'Scheme of delegation 2026 §dan-1' },
    ],
  },
});

/** An approved decision, each event stored with an id (e-1 …). */
export const approvedDecision = (): StoredEvent<DecisionEvent>[] =>
  [drafted(), opened(), signedOff(ADA), signedOff(DAN), approvedBySignOff()].map((e, i) => stored(`e-${i + 1}`, e));

export const stored = (eventId: string, event: DecisionEvent): StoredEvent<DecisionEvent> => ({ ...event, eventId });

/** Another decision of the same partnership, as a state, for supersession and rescission. */
export const otherDecision = (status: DecisionState['status'], over: Partial<DecisionState> = {}): DecisionState => ({
  ...decisionAggregate.initialState,
  decisionId: 'd-2',
  partnershipId: PARTNERSHIP,
  title: 'Replacement',
  motion: 'm',
  category: 'development',
  status,
  ...over,
});
