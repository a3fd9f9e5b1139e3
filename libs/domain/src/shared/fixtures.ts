/**
 * Test fixtures: a council and a housing association in a partnership, their people and
 * authorities, as plain events. Test-only: not exported from index.ts.
 */
import type {
  AuthorityDelegated,
  MemberAdded,
  OrganisationEvent,
  OrganisationRegistered,
} from '../organisation/organisation.events';
import {
  evolveOrganisation,
  initialOrganisationState,
  type OrganisationState,
} from '../organisation/organisation.state';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { evolvePartnership, initialPartnershipState, type PartnershipState } from '../partnership/partnership.state';
import type { Actor, PersonRef } from './actor';
import { fold } from './event';
import type { IdRecord } from './records';
import type { ApprovalRule, DecisionCategory, OrganisationKind } from './vocabulary';

export const T = {
  validFrom: '2026-04-01T00:00:00Z',
  draftedAt: '2026-05-01T09:00:00Z',
  now: '2026-05-01T10:00:00Z',
  closesAt: '2026-05-15T17:00:00Z',
  afterClose: '2026-05-16T09:00:00Z',
  validTo: '2027-04-01T00:00:00Z',
} as const;

export const SHA = 'a'.repeat(64);

export const COUNCIL = 'northborough-council';
export const ASSOC = 'riverside-homes';
export const FUNDER = 'homes-fund';
export const OUTSIDER = 'elsewhere-council';

export const PARTNERSHIP = 'north-riverside';
export const DECISION = 'd-1';

/** People: `orgId` is the organisation they belong to. */
export const ADA: PersonRef = { personId: 'ada', orgId: COUNCIL }; // council leader, board member, wide authority
export const BEN: PersonRef = { personId: 'ben', orgId: COUNCIL }; // council officer, no authority
export const CAL: PersonRef = { personId: 'cal', orgId: COUNCIL }; // council org-admin (keeps the register)
export const COL: PersonRef = { personId: 'col', orgId: COUNCIL }; // council cabinet member, board member, no authority
export const DAN: PersonRef = { personId: 'dan', orgId: ASSOC }; // association director, board member, authority to £250k
export const EVE: PersonRef = { personId: 'eve', orgId: ASSOC }; // association officer, no authority
export const ASH: PersonRef = { personId: 'ash', orgId: ASSOC }; // association org-admin
export const OLI: PersonRef = { personId: 'oli', orgId: OUTSIDER }; // member of an organisation outside the partnership

export function actor(person: PersonRef, ...roles: string[]): Actor {
  return { personId: person.personId, orgId: person.orgId, roles: roles.length > 0 ? roles : ['member'] };
}

export const registered = (
  organisationId: string,
  kind: OrganisationKind = 'local-authority',
  name = organisationId,
): OrganisationRegistered => ({
  type: 'OrganisationRegistered',
  data: { organisationId, name, kind, registeredBy: { personId: 'root', orgId: 'platform' } },
});

export const memberAdded = (
  person: PersonRef,
  by: PersonRef = { personId: 'root', orgId: 'platform' },
): MemberAdded => ({
  type: 'MemberAdded',
  data: { organisationId: person.orgId, personId: person.personId, addedBy: by },
});

export const authorityDelegated = (
  authorityId: string,
  person: PersonRef,
  categories: DecisionCategory[],
  valueLimitPence: number,
  extra: { validFrom?: string; validTo?: string; instrument?: string } = {},
): AuthorityDelegated => ({
  type: 'AuthorityDelegated',
  data: {
    organisationId: person.orgId,
    authorityId,
    personId: person.personId,
    categories,
    valueLimitPence,
    instrument: extra.instrument ?? `Scheme of delegation 2026 §${authorityId}`,
    validFrom: extra.validFrom ?? T.validFrom,
    ...(extra.validTo === undefined ? {} : { validTo: extra.validTo }),
    delegatedBy: { personId: 'root', orgId: 'platform' },
  },
});

export const ALL_CATEGORIES: DecisionCategory[] = [
  'land-disposal',
  'funding',
  'nominations',
  'development',
  'objectives',
  'risk',
  'governance',
  'other',
];

export const councilHistory: OrganisationEvent[] = [
  registered(COUNCIL, 'local-authority', 'Northborough Council'),
  memberAdded(ADA),
  memberAdded(BEN),
  memberAdded(CAL),
  memberAdded(COL),
  authorityDelegated('ada-1', ADA, ALL_CATEGORIES, 100_000_000), // £1m
];

export const assocHistory: OrganisationEvent[] = [
  registered(ASSOC, 'housing-association', 'Riverside Homes'),
  memberAdded(DAN),
  memberAdded(EVE),
  memberAdded(ASH),
  authorityDelegated('dan-1', DAN, ['governance', 'funding', 'development', 'other'], 25_000_000), // £250k
];

export const funderHistory: OrganisationEvent[] = [registered(FUNDER, 'other', 'Homes Fund')];
export const outsiderHistory: OrganisationEvent[] = [
  registered(OUTSIDER, 'local-authority', 'Elsewhere Council'),
  memberAdded(OLI),
];

export const orgState = (events: readonly OrganisationEvent[]): OrganisationState =>
  fold(evolveOrganisation, initialOrganisationState, events);

export function organisations(
  overrides: Record<string, readonly OrganisationEvent[]> = {},
): IdRecord<OrganisationState> {
  const histories: Record<string, readonly OrganisationEvent[]> = {
    [COUNCIL]: councilHistory,
    [ASSOC]: assocHistory,
    [FUNDER]: funderHistory,
    [OUTSIDER]: outsiderHistory,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(histories).map(([id, events]) => [id, orgState(events)]));
}

// ---- partnership events -------------------------------------------------------------------

const authorityRefOf = (authorityId: string) =>
  authorityId === 'ada-1'
    ? {
        authorityId,
        instrument: 'Scheme of delegation 2026 §ada-1',
        categories: ALL_CATEGORIES,
        valueLimitPence: 100_000_000,
        validFrom: T.validFrom,
      }
    : {
        authorityId,
        instrument: `Scheme of delegation 2026 §${authorityId}`,
        categories: ['governance', 'funding', 'development', 'other'] as DecisionCategory[],
        valueLimitPence: 25_000_000,
        validFrom: T.validFrom,
      };

export const proposed = (parties: string[] = [COUNCIL, ASSOC]): PartnershipEvent => ({
  type: 'PartnershipProposed',
  data: {
    partnershipId: PARTNERSHIP,
    title: 'North Riverside regeneration',
    purpose: 'Deliver 400 affordable homes',
    parties,
    proposedBy: ADA,
  },
});

/** The command `proposed` records: Ada proposes it at `now`. */
export const proposePartnership = (now: string, parties: string[] = [COUNCIL, ASSOC]) =>
  ({
    type: 'ProposePartnership',
    partnershipId: PARTNERSHIP,
    now,
    actor: actor(ADA),
    title: 'North Riverside regeneration',
    purpose: 'Deliver 400 affordable homes',
    parties,
  }) as const;

export const termsAgreed = (version: number, approvalRule: ApprovalRule, quorum: number): PartnershipEvent => ({
  type: 'TermsOfReferenceAgreed',
  data: {
    partnershipId: PARTNERSHIP,
    version,
    approvalRule,
    quorum,
    textSha256: SHA,
    agreedBy: ADA,
    authority: authorityRefOf('ada-1'),
  },
});

export const joined = (person: PersonRef, authorityId: string, termsVersion?: number): PartnershipEvent => ({
  type: 'PartyJoined',
  data: {
    partnershipId: PARTNERSHIP,
    party: person.orgId,
    joinedBy: person,
    authority: authorityRefOf(authorityId),
    ...(termsVersion === undefined ? {} : { termsVersion }),
    joinedAt: T.now,
  },
});

export const activated = (parties: string[] = [COUNCIL, ASSOC]): PartnershipEvent => ({
  type: 'PartnershipActivated',
  data: { partnershipId: PARTNERSHIP, parties, activatedAt: T.now },
});

export const appointed = (
  person: PersonRef,
  by: PersonRef = person.orgId === COUNCIL ? ADA : DAN,
): PartnershipEvent => ({
  type: 'BoardMemberAppointed',
  data: { partnershipId: PARTNERSHIP, personId: person.personId, party: person.orgId, appointedBy: by },
});

/** Active council–association partnership, default rule (all-parties-sign-off), board: Ada, Col, Dan. */
export const activePartnership: PartnershipEvent[] = [
  proposed(),
  joined(ADA, 'ada-1'),
  joined(DAN, 'dan-1'),
  activated(),
  appointed(ADA),
  appointed(COL),
  appointed(DAN),
];

/** As activePartnership, but its terms say board-majority with a quorum of 2. */
export const boardMajorityPartnership: PartnershipEvent[] = [
  proposed(),
  termsAgreed(1, 'board-majority', 2),
  joined(ADA, 'ada-1', 1),
  joined(DAN, 'dan-1', 1),
  activated(),
  appointed(ADA),
  appointed(COL),
  appointed(DAN),
];

export const partnershipState = (events: readonly PartnershipEvent[]): PartnershipState =>
  fold(evolvePartnership, initialPartnershipState, events);
