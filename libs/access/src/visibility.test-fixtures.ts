import type { Role } from './principal';
import { type Audience, type PublicationFacts, THE_PUBLIC, type Viewer } from './visibility';

// The visibility rule as a table, which the predicate (visibility.spec) and the SQL
// (visibility.int-spec) are both checked against.

const viewer = (orgId: string, ...roles: Role[]): Viewer => ({ orgId, roles });

export const VIEWERS = {
  member: viewer('camden', 'member'),
  orgAdmin: viewer('camden', 'org-admin', 'member'),
  governance: viewer('camden', 'governance'),
  otherMember: viewer('peabody', 'member'),
  auditor: viewer('external-audit', 'auditor'),
  admin: viewer('platform', 'admin'),
  public: THE_PUBLIC,
};

/** A partnership of camden and clarion, camden's own records, and a record of no one. */
export const AUDIENCES: Record<string, Audience> = {
  partnership: ['camden', 'clarion'],
  organisation: ['camden'],
  nobody: [],
};

/** Who sees what. */
export const EXPECTED: Record<keyof typeof VIEWERS, Record<keyof typeof AUDIENCES, boolean>> = {
  member: { partnership: true, organisation: true, nobody: false },
  orgAdmin: { partnership: true, organisation: true, nobody: false },
  governance: { partnership: true, organisation: true, nobody: false },
  otherMember: { partnership: false, organisation: false, nobody: false },
  auditor: { partnership: true, organisation: true, nobody: true },
  admin: { partnership: true, organisation: true, nobody: true },
  public: { partnership: false, organisation: false, nobody: false },
};

/** Who has need to know a record's exempt values (Schedule 12A): its own organisations' members, not those who see everything. */
export const NEED_TO_KNOW: Record<keyof typeof VIEWERS, Record<keyof typeof AUDIENCES, boolean>> = {
  member: { partnership: true, organisation: true, nobody: false },
  orgAdmin: { partnership: true, organisation: true, nobody: false },
  governance: { partnership: true, organisation: true, nobody: false },
  otherMember: { partnership: false, organisation: false, nobody: false },
  auditor: { partnership: false, organisation: false, nobody: false },
  admin: { partnership: false, organisation: false, nobody: false },
  public: { partnership: false, organisation: false, nobody: false },
};

/**
 * What is published, with the facts as the SQL reads them (the partnership's terms, the
 * decision's state) beside the predicate's: [facts, terms, decision state, published].
 */
export const PUBLICATIONS: [PublicationFacts, object, object | undefined, boolean][] = [
  [{ councilProcedure: true }, { keyDecisions: { thresholdPence: 1 } }, undefined, true],
  [{ councilProcedure: false }, { quorum: 2 }, undefined, false],
  [{ councilProcedure: true, decisionOpened: true }, { keyDecisions: {} }, { openedAt: '2026-01-01' }, true],
  [{ councilProcedure: true, decisionOpened: false }, { keyDecisions: {} }, { status: 'draft' }, false],
  [{ councilProcedure: false, decisionOpened: true }, {}, { openedAt: '2026-01-01' }, false],
];
