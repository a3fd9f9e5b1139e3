/** Who is who: the three parties, their people, and the platform administrator who registers them. */
import type { OrganisationKind } from '@accord/domain';
import { ScenarioError } from '../errors';
import type { Person } from './format';

export const PARTNERSHIP = 'lambeth-homes';
export const LAMBETH = 'lambeth-council';
export const SOUTHBANK = 'southbank-homes';
export const OVAL = 'oval-housing';

export const PLATFORM_ADMIN: Person = { personId: 'platform.admin', orgId: 'platform', roles: ['admin'] };

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationKind;
}

export const ORGANISATIONS: readonly Organisation[] = [
  { id: LAMBETH, name: 'London Borough of Lambeth', kind: 'local-authority' },
  { id: SOUTHBANK, name: 'Southbank Community Homes', kind: 'housing-association' },
  { id: OVAL, name: 'Oval Housing Trust', kind: 'housing-association' },
];

/** The partnership's external auditors: not a party (so no witness of its own), and registered like one. */
export const EXTERNAL_AUDIT: Organisation = { id: 'external-audit', name: 'External audit', kind: 'other' };

/** A member of a party: who they are to the ledger (name, job) as well as to the token. */
export interface Member extends Person {
  readonly name: string;
  readonly jobTitle: string;
}

export const MEMBERS: Member[] = [
  {
    personId: 'm.okonkwo',
    name: 'Margaret Okonkwo',
    jobTitle: 'Director of Legal Services and Monitoring Officer',
    orgId: LAMBETH,
    roles: ['org-admin'],
  },
  {
    personId: 'a.mensah',
    name: 'Cllr Abena Mensah',
    jobTitle: 'Cabinet Member for Housing and Homelessness',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'd.hargreaves',
    name: 'David Hargreaves',
    jobTitle: 'Corporate Director, Housing and Regeneration',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'r.chaudhry',
    name: 'Rahul Chaudhry',
    jobTitle: 'Strategic Director of Finance (s151 Officer)',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 's.whitfield',
    name: 'Sarah Whitfield',
    jobTitle: 'Head of Housing Delivery',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 't.begum',
    name: 'Tahmina Begum',
    jobTitle: 'Lettings and Nominations Manager',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'j.okafor',
    name: 'Joseph Okafor',
    jobTitle: 'Democratic Services Officer, clerk to the partnership board',
    orgId: LAMBETH,
    roles: ['member', 'clerk'],
  },
  {
    personId: 'k.osei',
    name: 'Cllr Kwame Osei',
    jobTitle: 'Chair of the Overview and Scrutiny Committee',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'e.doyle',
    name: 'Cllr Eleanor Doyle',
    jobTitle: 'Member of the Overview and Scrutiny Committee',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'f.ahmed',
    name: 'Cllr Farah Ahmed',
    jobTitle: 'Member of the Overview and Scrutiny Committee',
    orgId: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'j.fairweather',
    name: 'James Fairweather',
    jobTitle: 'Company Secretary and Head of Governance',
    orgId: SOUTHBANK,
    roles: ['org-admin'],
  },
  { personId: 'p.adeyemi', name: 'Patricia Adeyemi', jobTitle: 'Chief Executive', orgId: SOUTHBANK, roles: ['member'] },
  {
    personId: 'l.moreau',
    name: 'Luc Moreau',
    jobTitle: 'Director of Development',
    orgId: SOUTHBANK,
    roles: ['member'],
  },
  {
    personId: 'h.singh',
    name: 'Harpreet Singh',
    jobTitle: 'Chief Financial Officer',
    orgId: SOUTHBANK,
    roles: ['member'],
  },
  { personId: 'c.obrien', name: "Ciara O'Brien", jobTitle: 'Head of Lettings', orgId: SOUTHBANK, roles: ['member'] },
  {
    personId: 'n.kaur',
    name: 'Navdeep Kaur',
    jobTitle: 'Governance and Company Secretariat Manager',
    orgId: OVAL,
    roles: ['org-admin'],
  },
  { personId: 'g.thompson', name: 'Gareth Thompson', jobTitle: 'Chief Executive', orgId: OVAL, roles: ['member'] },
  {
    personId: 'a.novak',
    name: 'Anna Novak',
    jobTitle: 'Executive Director of Assets and Development',
    orgId: OVAL,
    roles: ['member'],
  },
  { personId: 'o.bello', name: 'Olu Bello', jobTitle: 'Finance Director', orgId: OVAL, roles: ['member'] },
  { personId: 'e.walsh', name: 'Emma Walsh', jobTitle: 'Resident Involvement Lead', orgId: OVAL, roles: ['member'] },
];

/** The external audit's engagement lead: the platform admin grants them `auditor`, to read every partnership. */
export const AUDITOR: Member = {
  personId: 'r.lindqvist',
  name: 'Ruth Lindqvist',
  jobTitle: 'Engagement Lead, external audit',
  orgId: EXTERNAL_AUDIT.id,
  roles: ['member', 'auditor'],
};

/** The clerk to the board: minutes its meetings, usually the next working day. */
export const CLERK = 'j.okafor';

/** Lambeth's Overview and Scrutiny Committee: its chair records the committee's outcome on a call-in. */
export const SCRUTINY_CHAIR = 'k.osei';
/** The two committee members a call-in needs under the terms (v2). */
export const SCRUTINY_MEMBERS: readonly string[] = ['e.doyle', 'f.ahmed'];

/** The administrator of `orgId` (its monitoring officer or company secretary), who adds its members and records their authority. */
export const adminOf = (orgId: string): string => {
  const admin = MEMBERS.find((m) => m.orgId === orgId && m.roles.includes('org-admin'));
  if (!admin) throw new ScenarioError(`${orgId} has no org-admin`);
  return admin.personId;
};

/** The organisation `personId` is a member of. */
export const orgOf = (personId: string): string => {
  const member = MEMBERS.find((m) => m.personId === personId);
  if (!member) throw new ScenarioError(`${personId} is not in the cast`);
  return member.orgId;
};
