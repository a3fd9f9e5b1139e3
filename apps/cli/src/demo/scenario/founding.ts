/**
 * Autumn 2025: the three parties join Accord with their people and their existing schemes of
 * delegation, propose the Lambeth Homes Partnership, agree its terms of reference, appoint the
 * board and set up its objectives and risk register.
 */
import { type AuthorityDelegatedData, DECISION_CATEGORIES } from '@accord/domain';
import {
  adminOf,
  AUDITOR,
  CLERK,
  EXTERNAL_AUDIT,
  LAMBETH,
  MEMBERS,
  ORGANISATIONS,
  orgOf,
  OVAL,
  PARTNERSHIP,
  PLATFORM_ADMIN,
  SOUTHBANK,
} from './cast';
import { type Scene, type Step, textSha256 } from './format';

/** What is delegated: the event's data but for what the API fills in. */
type Authority = Omit<AuthorityDelegatedData, 'organisationId' | 'delegatedBy'>;

const ALL = [...DECISION_CATEGORIES];

/** Who reads each party's accountability report (role `governance`). */
const GOVERNANCE_READERS = ['d.hargreaves', 'r.chaudhry', 'p.adeyemi', 'g.thompson'];
const DELIVERY_PLAN_END = '2031-04-01T00:00:00Z';

const AUTHORITIES: readonly Authority[] = [
  {
    authorityId: 'lbl-cab-2025-041-mensah',
    personId: 'a.mensah',
    categories: ALL,
    valueLimitPence: 5_000_000_000,
    instrument: "Cabinet decision 2025/041: Leader's scheme of executive delegation to the Cabinet Member for Housing",
    validFrom: '2025-05-21T00:00:00Z',
  },
  {
    authorityId: 'lbl-sod-4-2-hargreaves',
    personId: 'd.hargreaves',
    categories: ['land-disposal', 'development', 'nominations', 'objectives', 'risk', 'governance', 'other'],
    valueLimitPence: 1_000_000_000,
    instrument:
      'Constitution Part 3 §6: Officer Scheme of Delegation, para 4.2 (Corporate Director, Housing and Regeneration)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'lbl-finregs-4-7-chaudhry',
    personId: 'r.chaudhry',
    categories: ['funding', 'risk', 'governance'],
    valueLimitPence: 2_500_000_000,
    instrument: 'Financial Regulations 2025, reg. 4.7 (Chief Finance Officer under s151 Local Government Act 1972)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'lbl-sod-4-9-whitfield',
    personId: 's.whitfield',
    categories: ['development'],
    valueLimitPence: 25_000_000,
    instrument:
      'Officer Scheme of Delegation para 4.9 (sub-delegation by the Corporate Director, Housing and Regeneration)',
    validFrom: '2025-06-01T00:00:00Z',
    validTo: DELIVERY_PLAN_END,
  },
  {
    authorityId: 'sch-so-2025-s2-1-adeyemi',
    personId: 'p.adeyemi',
    categories: ALL,
    valueLimitPence: 2_000_000_000,
    instrument: 'Board Standing Orders 2025, Schedule 2 para 1 (delegations to the Chief Executive)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'sch-so-2025-s2-5-3-moreau',
    personId: 'l.moreau',
    categories: ['land-disposal', 'development', 'objectives', 'risk'],
    valueLimitPence: 500_000_000,
    instrument: 'Board Standing Orders 2025, Schedule 2 para 5.3 (Director of Development)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'sch-tmp-2025-3-1-singh',
    personId: 'h.singh',
    categories: ['funding', 'risk', 'governance'],
    valueLimitPence: 1_000_000_000,
    instrument: 'Treasury Management Policy 2025 §3.1 and Standing Orders Schedule 2 para 4 (Chief Financial Officer)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'oht-sda-2025-b1-thompson',
    personId: 'g.thompson',
    categories: ALL,
    valueLimitPence: 1_500_000_000,
    instrument: 'Scheme of Delegated Authority 2025, section B1 (Chief Executive)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'oht-sda-2025-c4-novak',
    personId: 'a.novak',
    categories: ['land-disposal', 'development', 'objectives', 'risk'],
    valueLimitPence: 300_000_000,
    instrument: 'Scheme of Delegated Authority 2025, section C4 (Assets and Development)',
    validFrom: '2025-04-01T00:00:00Z',
  },
  {
    authorityId: 'oht-sda-2025-d2-bello',
    personId: 'o.bello',
    categories: ['funding', 'governance', 'risk'],
    valueLimitPence: 800_000_000,
    instrument: 'Scheme of Delegated Authority 2025, section D2 (Finance Director)',
    validFrom: '2025-04-01T00:00:00Z',
    validTo: DELIVERY_PLAN_END,
  },
];

const BOARD: readonly { personId: string; boardRole?: string; appointedBy: string }[] = [
  { personId: 'a.mensah', boardRole: 'Chair', appointedBy: 'd.hargreaves' },
  { personId: 'd.hargreaves', appointedBy: 'd.hargreaves' },
  { personId: 'p.adeyemi', boardRole: 'Vice-chair', appointedBy: 'p.adeyemi' },
  { personId: 'l.moreau', appointedBy: 'p.adeyemi' },
  { personId: 'g.thompson', appointedBy: 'g.thompson' },
  { personId: 'a.novak', appointedBy: 'g.thompson' },
];

const TERMS_V1 = `Lambeth Homes Partnership: Terms of Reference, version 1 (agreed November 2025).
1. Purpose: to deliver the Housing Delivery Plan 2026-2031 on council-owned land in Lambeth.
2. Membership: two representatives of each party, appointed by that party.
3. Decisions: a decision binds the parties when each party has signed it off through a person holding
   delegated authority covering its category and value.
4. Quorum: four board members, including at least one of each party.
5. Interests: members declare interests at each meeting; dispensations are recorded.`;

const OBJECTIVES = [
  {
    objectiveId: 'homes-1200',
    title: '1,200 affordable homes started on site by March 2031',
    description:
      'Start on site for 1,200 homes across the nine council sites in the Housing Delivery Plan 2026–2031, at least 240 a year from 2027/28.',
    targetDate: '2031-03-31',
  },
  {
    objectiveId: 'social-rent-60',
    title: 'At least 60% of completions at social rent',
    description:
      'Of all homes completed by the partnership, at least 60% let at social rent, the rest at London Living Rent or shared ownership.',
    targetDate: '2031-03-31',
  },
  {
    objectiveId: 'net-zero-ready',
    title: 'Every new home net-zero ready',
    description: 'All new homes built to EPC A with no fossil-fuel heating, ready for a decarbonised grid.',
    targetDate: '2030-12-31',
  },
  {
    objectiveId: 'local-jobs',
    title: '150 apprenticeships and local jobs from the build programme',
    description:
      'Contractors recruit 150 apprentices and local residents, with Lambeth College and the council’s employment service.',
    targetDate: '2029-03-31',
  },
];

const RISKS = [
  {
    riskId: 'planning-consent-delay',
    by: 's.whitfield',
    title: 'Planning consent delayed on Clapham Park and Vauxhall Gardens',
    ownerParty: LAMBETH,
    likelihood: 4,
    impact: 4,
    description:
      'Both sites need full planning consent before Gateway 2; committee slots are scarce and objections from the Vauxhall conservation area are likely.',
    mitigations: [
      {
        by: 's.whitfield',
        party: LAMBETH,
        action: 'Planning Performance Agreements on both sites, with fortnightly pre-application meetings.',
        dueDate: '2026-03-31',
      },
    ],
  },
  {
    riskId: 'build-cost-inflation',
    by: 'l.moreau',
    title: 'Construction cost inflation above 6% a year',
    ownerParty: SOUTHBANK,
    likelihood: 4,
    impact: 5,
    description:
      'Tender returns in London are 8–11% above the cost plan; every 1% adds about £0.9m across the programme.',
    mitigations: [
      {
        by: 'l.moreau',
        party: SOUTHBANK,
        action: 'Two-stage design-and-build tenders through the LHC framework, with fixed prices at stage two.',
        dueDate: '2026-06-30',
      },
      {
        by: 'a.novak',
        party: OVAL,
        action: 'Value-engineering review of every scheme at RIBA Stage 3.',
        dueDate: '2026-09-30',
      },
    ],
  },
  {
    riskId: 'grant-funding-shortfall',
    by: 'o.bello',
    title: 'Affordable Homes Programme grant lower than assumed',
    ownerParty: OVAL,
    likelihood: 3,
    impact: 5,
    description:
      'The appraisals assume £120,000 grant per social rent home; the GLA’s 2026–2031 programme may pay less.',
    mitigations: [
      {
        by: 'o.bello',
        party: LAMBETH,
        action: 'Hold Right to Buy receipts and s106 commuted sums in reserve for the programme.',
        dueDate: '2026-12-31',
      },
    ],
  },
  {
    riskId: 'gateway-2-delay',
    by: 'l.moreau',
    title: 'Building Safety Regulator Gateway 2 decisions take longer than 12 weeks',
    ownerParty: SOUTHBANK,
    likelihood: 4,
    impact: 4,
    description: 'Three buildings exceed 18 m; recent Gateway 2 decisions have taken 20–30 weeks.',
    mitigations: [
      {
        by: 'p.adeyemi',
        party: SOUTHBANK,
        action:
          'Appoint a principal designer with Gateway 2 experience and submit complete applications with fire engineer sign-off.',
        dueDate: '2026-05-31',
      },
    ],
  },
  {
    riskId: 'contractor-insolvency',
    by: 'a.novak',
    title: 'Main contractor insolvency',
    ownerParty: OVAL,
    likelihood: 2,
    impact: 5,
    description:
      'Two mid-sized London contractors failed in 2025; a failure mid-build would stop a phase for six months or more.',
    mitigations: [
      {
        by: 'a.novak',
        party: OVAL,
        action: 'Parent company guarantees and 10% performance bonds on every build contract; quarterly credit checks.',
      },
    ],
  },
  {
    riskId: 'moorlands-asbestos',
    by: 's.whitfield',
    title: 'Unknown asbestos in the Moorlands garages',
    ownerParty: LAMBETH,
    likelihood: 3,
    impact: 3,
    description: 'The 1960s garages were never surveyed intrusively; removal could delay the start on site.',
    mitigations: [
      {
        by: 's.whitfield',
        party: LAMBETH,
        action: 'Refurbishment and demolition survey before transfer; licensed removal in the demolition contract.',
        dueDate: '2026-02-28',
      },
    ],
  },
];

const isAdmin = (m: (typeof MEMBERS)[number]): boolean => m.personId === adminOf(m.orgId);

const addMember = (m: (typeof MEMBERS)[number]) =>
  ({
    type: 'AddMember',
    organisationId: m.orgId,
    personId: m.personId,
    displayName: m.name,
    jobTitle: m.jobTitle,
  }) as const;

const riskSteps = (risk: (typeof RISKS)[number]): Step[] => [
  {
    by: risk.by,
    do: {
      type: 'RaiseRisk',
      partnershipId: PARTNERSHIP,
      riskId: risk.riskId,
      title: risk.title,
      description: risk.description,
      ownerParty: risk.ownerParty,
      likelihood: risk.likelihood,
      impact: risk.impact,
    },
  },
  ...risk.mitigations.map(({ by, ...mitigation }): Step => ({
    by,
    do: { type: 'AssignMitigation', partnershipId: PARTNERSHIP, riskId: risk.riskId, ...mitigation },
  })),
];

export const FOUNDING: readonly Scene[] = [
  {
    on: '2025-10-01',
    title: 'organisations',
    steps: [...ORGANISATIONS, EXTERNAL_AUDIT].map((o) => ({
      by: PLATFORM_ADMIN.personId,
      do: { type: 'RegisterOrganisation', organisationId: o.id, name: o.name, kind: o.kind },
    })),
  },
  {
    on: '2025-10-01',
    title: 'people',
    // The platform admin records each party's administrator and their org-admin role first: once
    // the ledger lists a person, it and not their token says what they may do (DESIGN §7). The
    // external audit has no administrator of its own: the platform admin records its one auditor.
    steps: [
      { by: PLATFORM_ADMIN.personId, do: addMember(AUDITOR) },
      ...MEMBERS.filter(isAdmin).flatMap((m): Step[] => [
        { by: PLATFORM_ADMIN.personId, do: addMember(m) },
        {
          by: PLATFORM_ADMIN.personId,
          do: { type: 'GrantRole', organisationId: m.orgId, personId: m.personId, role: 'org-admin' },
        },
      ]),
      ...MEMBERS.filter((m) => !isAdmin(m)).map((m) => ({
        by: adminOf(m.orgId),
        do: addMember(m),
      })),
    ],
  },
  {
    on: '2025-10-01',
    title: 'roles',
    // Roles come from the ledger (local sign-in offers nothing else): each party's org-admin
    // records who reads the governance reports, and Lambeth who clerks the board; the platform
    // admin grants the external auditor `auditor`.
    steps: [
      {
        by: PLATFORM_ADMIN.personId,
        do: { type: 'GrantRole', organisationId: EXTERNAL_AUDIT.id, personId: AUDITOR.personId, role: 'auditor' },
      },
      ...GOVERNANCE_READERS.map((personId): Step => ({
        by: adminOf(orgOf(personId)),
        do: { type: 'GrantRole', organisationId: orgOf(personId), personId, role: 'governance' },
      })),
      { by: adminOf(LAMBETH), do: { type: 'GrantRole', organisationId: LAMBETH, personId: CLERK, role: 'clerk' } },
    ],
  },
  {
    on: '2025-10-01',
    title: 'delegated authorities',
    steps: AUTHORITIES.map((a) => ({
      by: adminOf(orgOf(a.personId)),
      do: { type: 'DelegateAuthority', organisationId: orgOf(a.personId), ...a },
    })),
  },
  {
    on: '2025-11-13',
    title: 'partnership',
    steps: [
      {
        by: 'd.hargreaves',
        do: {
          type: 'ProposePartnership',
          partnershipId: PARTNERSHIP,
          title: 'Lambeth Homes Partnership',
          purpose:
            'Deliver 1,200 affordable homes on council-owned land in Lambeth by March 2031, with fair nominations and jointly managed delivery risk.',
          parties: [LAMBETH, SOUTHBANK, OVAL],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'AgreeTermsOfReference',
          partnershipId: PARTNERSHIP,
          version: 1,
          approvalRule: 'all-parties-sign-off',
          quorum: 4,
          textSha256: textSha256(TERMS_V1),
        },
      },
      ...['d.hargreaves', 'p.adeyemi', 'g.thompson'].map((by): Step => ({
        by,
        do: { type: 'JoinPartnership', partnershipId: PARTNERSHIP },
      })),
    ],
  },
  {
    on: '2025-11-20',
    title: 'board',
    steps: BOARD.map((seat) => ({
      by: seat.appointedBy,
      do: {
        type: 'AppointBoardMember',
        partnershipId: PARTNERSHIP,
        personId: seat.personId,
        ...(seat.boardRole ? { boardRole: seat.boardRole } : {}),
      },
    })),
  },
  {
    on: '2025-11-27',
    title: 'objectives',
    steps: OBJECTIVES.map((o) => ({ by: 'a.mensah', do: { type: 'SetObjective', partnershipId: PARTNERSHIP, ...o } })),
  },
  { on: '2025-11-27', title: 'risk register', steps: RISKS.flatMap(riskSteps) },
];
