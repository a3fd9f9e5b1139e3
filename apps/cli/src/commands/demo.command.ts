import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Role } from '@accord/access';
import { AuthorityDelegatedData, DECISION_CATEGORIES, DecisionCategory, VoteStance } from '@accord/domain';
import { loadConfig } from '@accord/server';
import {
  AccordClient,
  AccordRequestError,
  Caller,
  CommandResult,
  isProblem,
  SigningKeyError,
  sleep,
} from '../client/accord-client';

export const DEMO_USAGE = `accord demo [--url URL] [--lapse-timeout SECONDS]

Fills a running Accord instance with a realistic partnership: the London Borough of Lambeth and two
housing associations, their people and delegated authorities, the Lambeth Homes Partnership with
its terms of reference, board, objectives and risk register, and a year of board business (35
decisions with votes, sign-offs, interests, dispensations and outcomes; one rescinded, some
rejected, withdrawn, superseded, lapsed at their closing time or still open).

  --url URL              the API (default: ACCORD_URL, else http://127.0.0.1:3000)
  --lapse-timeout SECS   how long to wait for the server to lapse the urgent decision (default 20)

Tokens are minted with the local key in ACCORD_DATA_DIR (./data by default): the server's own.
Every command carries an Idempotency-Key, so running it again against the same instance adds
nothing and still succeeds. Exits 1 with the failing request and its problem code if the API
refuses something it should have accepted.`;

// ---------------------------------------------------------------------------------------------
// The cast
// ---------------------------------------------------------------------------------------------

const PARTNERSHIP = 'lambeth-homes';
const LAMBETH = 'lambeth-council';
const SOUTHBANK = 'southbank-homes';
const OVAL = 'oval-housing';

interface Organisation {
  id: string;
  name: string;
  kind: 'local-authority' | 'housing-association';
  /** personId of the organisation's administrator (monitoring officer / company secretary). */
  admin: string;
}

const ORGANISATIONS: Organisation[] = [
  { id: LAMBETH, name: 'London Borough of Lambeth', kind: 'local-authority', admin: 'm.okonkwo' },
  { id: SOUTHBANK, name: 'Southbank Community Homes', kind: 'housing-association', admin: 'j.fairweather' },
  { id: OVAL, name: 'Oval Housing Trust', kind: 'housing-association', admin: 'n.kaur' },
];

interface Person {
  personId: string;
  name: string;
  jobTitle: string;
  org: string;
  roles: Role[];
}

const PEOPLE: Person[] = [
  {
    personId: 'm.okonkwo',
    name: 'Margaret Okonkwo',
    jobTitle: 'Director of Legal Services and Monitoring Officer',
    org: LAMBETH,
    roles: ['org-admin'],
  },
  {
    personId: 'a.mensah',
    name: 'Cllr Abena Mensah',
    jobTitle: 'Cabinet Member for Housing and Homelessness',
    org: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'd.hargreaves',
    name: 'David Hargreaves',
    jobTitle: 'Corporate Director, Housing and Regeneration',
    org: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'r.chaudhry',
    name: 'Rahul Chaudhry',
    jobTitle: 'Strategic Director of Finance (s151 Officer)',
    org: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 's.whitfield',
    name: 'Sarah Whitfield',
    jobTitle: 'Head of Housing Delivery',
    org: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 't.begum',
    name: 'Tahmina Begum',
    jobTitle: 'Lettings and Nominations Manager',
    org: LAMBETH,
    roles: ['member'],
  },
  {
    personId: 'j.fairweather',
    name: 'James Fairweather',
    jobTitle: 'Company Secretary and Head of Governance',
    org: SOUTHBANK,
    roles: ['org-admin'],
  },
  { personId: 'p.adeyemi', name: 'Patricia Adeyemi', jobTitle: 'Chief Executive', org: SOUTHBANK, roles: ['member'] },
  { personId: 'l.moreau', name: 'Luc Moreau', jobTitle: 'Director of Development', org: SOUTHBANK, roles: ['member'] },
  {
    personId: 'h.singh',
    name: 'Harpreet Singh',
    jobTitle: 'Chief Financial Officer',
    org: SOUTHBANK,
    roles: ['member'],
  },
  { personId: 'c.obrien', name: "Ciara O'Brien", jobTitle: 'Head of Lettings', org: SOUTHBANK, roles: ['member'] },
  {
    personId: 'n.kaur',
    name: 'Navdeep Kaur',
    jobTitle: 'Governance and Company Secretariat Manager',
    org: OVAL,
    roles: ['org-admin'],
  },
  { personId: 'g.thompson', name: 'Gareth Thompson', jobTitle: 'Chief Executive', org: OVAL, roles: ['member'] },
  {
    personId: 'a.novak',
    name: 'Anna Novak',
    jobTitle: 'Executive Director of Assets and Development',
    org: OVAL,
    roles: ['member'],
  },
  { personId: 'o.bello', name: 'Olu Bello', jobTitle: 'Finance Director', org: OVAL, roles: ['member'] },
  { personId: 'e.walsh', name: 'Emma Walsh', jobTitle: 'Resident Involvement Lead', org: OVAL, roles: ['member'] },
];

const PLATFORM_ADMIN: Caller = { personId: 'platform.admin', orgId: 'platform', roles: ['admin'] };

/** What the demo delegates: the event's data but for what the API fills in. */
type Authority = Omit<AuthorityDelegatedData, 'organisationId' | 'delegatedBy'>;

const ALL = [...DECISION_CATEGORIES];
const DELIVERY_PLAN_END = '2031-04-01T00:00:00Z';

const AUTHORITIES: Authority[] = [
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

/** Board seats: appointed by each party's governance-authority holder. */
const BOARD: { personId: string; boardRole?: string; appointedBy: string }[] = [
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

const TERMS_V2 = `Lambeth Homes Partnership: Terms of Reference, version 2 (adopted 10 September 2026).
As version 1, except clause 3: decisions within the approved Housing Delivery Plan are taken by a
majority of the votes cast by board members, with a quorum of four; abstentions count towards the
quorum only; there is no casting vote.`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// Objectives and risks
// ---------------------------------------------------------------------------------------------

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

const OBJECTIVE_REVISION = {
  objectiveId: 'local-jobs',
  by: 'p.adeyemi',
  body: {
    targetDate: '2030-03-31',
    reason:
      'Stockwell Park Phase 1 started 16 weeks late after Building Safety Regulator Gateway 2; apprenticeship intake follows the build programme (Board 9 Jul 2026).',
  },
};

const PROGRESS: {
  objectiveId: string;
  by: string;
  percentComplete: number;
  rag: 'green' | 'amber' | 'red';
  summary: string;
}[] = [
  {
    objectiveId: 'homes-1200',
    by: 's.whitfield',
    percentComplete: 4,
    rag: 'green',
    summary: 'Quarter to 31 Mar 2026: 48 homes started at Moorlands; Clapham Park Phase 3 feasibility complete.',
  },
  {
    objectiveId: 'homes-1200',
    by: 's.whitfield',
    percentComplete: 9,
    rag: 'amber',
    summary: 'Quarter to 30 Jun 2026: 108 starts; Vauxhall Gardens start delayed by the Wyvil Road acquisition.',
  },
  {
    objectiveId: 'homes-1200',
    by: 'l.moreau',
    percentComplete: 14,
    rag: 'amber',
    summary:
      'Quarter to 30 Sep 2026: 168 starts; Stockwell Park Phase 1 on site from August after the Gateway 2 delay.',
  },
  {
    objectiveId: 'social-rent-60',
    by: 't.begum',
    percentComplete: 20,
    rag: 'green',
    summary: 'Quarter to 31 Mar 2026: pipeline at 63% social rent against the 60% target.',
  },
  {
    objectiveId: 'social-rent-60',
    by: 'c.obrien',
    percentComplete: 35,
    rag: 'green',
    summary:
      'Quarter to 30 Sep 2026: 24 Vauxhall Gardens homes moved from shared ownership to London Living Rent; social rent share 61%.',
  },
  {
    objectiveId: 'net-zero-ready',
    by: 'a.novak',
    percentComplete: 10,
    rag: 'amber',
    summary:
      'Quarter to 30 Jun 2026: air-source heat pumps specified for all phases; the Stockwell Park modular pilot was withdrawn, so fabric targets are being re-tested.',
  },
  {
    objectiveId: 'net-zero-ready',
    by: 'a.novak',
    percentComplete: 18,
    rag: 'red',
    summary:
      'Quarter to 30 Sep 2026: rooftop solar PV for Phase 1 was not approved (Board 8 Oct 2026); EPC A at risk on two blocks.',
  },
  {
    objectiveId: 'local-jobs',
    by: 'e.walsh',
    percentComplete: 12,
    rag: 'green',
    summary:
      'Quarter to 30 Jun 2026: 18 local residents in site roles; apprenticeship scheme with Lambeth College agreed.',
  },
  {
    objectiveId: 'local-jobs',
    by: 'e.walsh',
    percentComplete: 27,
    rag: 'green',
    summary: 'Quarter to 30 Sep 2026: first 22 construction apprentices started at Stockwell Park.',
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
    close: {
      by: 's.whitfield',
      reason: 'Survey completed February 2026; licensed removal finished 20 March 2026 before the start on site.',
    },
  },
];

// ---------------------------------------------------------------------------------------------
// A year of board business
// ---------------------------------------------------------------------------------------------

type End = 'approved' | 'rejected' | 'withdrawn' | 'lapsed' | 'open' | 'superseded';

interface Vote {
  by: string;
  stance: VoteStance;
  reason: string;
  /** A change of an earlier vote (VoteChanged), not a first vote. */
  change?: boolean;
}

interface DecisionSpec {
  id: string;
  meeting: string;
  title: string;
  motion: string;
  category: DecisionCategory;
  valuePence?: number;
  draftedBy: string;
  /** How it ends in this story. */
  end: End;
  /** Reason every board member gives when `votes` is not spelled out (sign-off decisions). */
  support?: string;
  votes?: Vote[];
  interests?: { by: string; nature: string; dispensation?: { by: string; reason: string } }[];
  refusal?: { party: string; reason: string };
  withdrawal?: { by: string; reason: string; beforeOpening?: boolean };
  outcome?: { statement: string; reasons: string[]; alternativesRejected: string[] };
  /** Corrects the wording of a vote it cast (by the voter). */
  correction?: { voter: string; reason: string; why: string };
  /** After drafting this decision, mark that open decision superseded by it. */
  supersedes?: { decisionId: string; by: string; reason: string };
  /** After this decision is approved, rescind that decision citing this one. */
  rescinds?: { decisionId: string; by: string; reason: string };
  /** Left open awaiting these parties' sign-off (a sign-off decision); the other parties sign. */
  awaiting?: string[];
  /** Refusals the rules must produce while it is open (checked on the first run only). */
  checks?: { by: string; action: 'sign-off' | 'vote'; code: string }[];
}

const agreeAll = (reason: string): Vote[] => BOARD.map((s) => ({ by: s.personId, stance: 'agree' as const, reason }));

const DECISIONS: DecisionSpec[] = [
  // ---- Board 11 Dec 2025 ----
  {
    id: '2025-12-delivery-plan',
    meeting: 'Board 11 Dec 2025',
    category: 'objectives',
    draftedBy: 'd.hargreaves',
    end: 'approved',
    title: 'Adopt the Housing Delivery Plan 2026–2031',
    motion:
      'That the Board adopts the Housing Delivery Plan 2026–2031 (1,200 homes on nine council sites, 60% at social rent) as the programme of the partnership.',
    support: 'The plan matches the council’s Housing Strategy and both associations’ development pipelines.',
    outcome: {
      statement: 'The Housing Delivery Plan 2026–2031 is the partnership’s programme from 1 January 2026.',
      reasons: [
        'Delivers 1,200 affordable homes on land the council already owns',
        'Shares development risk between three organisations',
      ],
      alternativesRejected: ['Council-led development through the HRA alone', 'Open-market disposal of the nine sites'],
    },
  },
  {
    id: '2025-12-clapham-park-feasibility',
    meeting: 'Board 11 Dec 2025',
    category: 'funding',
    valuePence: 35_000_000,
    draftedBy: 's.whitfield',
    end: 'approved',
    title: 'Feasibility funding for Clapham Park Phase 3 (£350,000)',
    motion:
      'That £350,000 is released from the partnership feasibility budget for surveys, massing studies and a viability appraisal of Clapham Park Phase 3, shared equally by the parties.',
    support: 'Feasibility is needed before any grant bid for Phase 3.',
    outcome: {
      statement: 'Feasibility funding of £350,000 released; report due to the Board in March 2026.',
      reasons: ['Needed for the GLA grant bid', 'Cost shared equally by the three parties'],
      alternativesRejected: ['Defer Phase 3 to 2027', 'Fund from Lambeth’s capital programme alone'],
    },
  },
  {
    id: '2025-12-employers-agent',
    meeting: 'Board 11 Dec 2025',
    category: 'development',
    valuePence: 48_000_000,
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Appoint Hollis & Webb LLP as employer’s agent for Clapham Park Phase 3 (£480,000)',
    motion:
      'That Hollis & Webb LLP is appointed employer’s agent for Clapham Park Phase 3 through the LHC framework for a fee of £480,000.',
    support: 'Highest quality score on the framework mini-competition.',
    outcome: {
      statement: 'Hollis & Webb LLP appointed employer’s agent for Clapham Park Phase 3.',
      reasons: ['Highest combined quality and price score (82/100)', 'Framework call-off is compliant and quick'],
      alternativesRejected: ['In-house project management by the council', 'Direct award to the previous agent'],
    },
  },
  // ---- Board 15 Jan 2026 ----
  {
    id: '2026-01-nominations-agreement',
    meeting: 'Board 15 Jan 2026',
    category: 'nominations',
    draftedBy: 't.begum',
    end: 'approved',
    title: 'Nominations agreement: 100% of first lets and 75% of re-lets to the council',
    motion:
      'That the associations grant the council nomination rights to 100% of first lets and 75% of re-lets of partnership homes, under the Lambeth Allocations Scheme 2025.',
    support: 'Standard London nominations terms; keeps homes available to the housing register.',
    outcome: {
      statement: 'Nominations agreement signed by all three parties; in force for partnership homes from first let.',
      reasons: ['Homes go to households on the Lambeth housing register', 'Matches the GLA’s grant conditions'],
      alternativesRejected: ['50% of re-lets', 'Nominations through a sub-regional pool'],
    },
  },
  {
    id: '2026-01-moorlands-disposal',
    meeting: 'Board 15 Jan 2026',
    category: 'land-disposal',
    valuePence: 120_000_000,
    draftedBy: 'd.hargreaves',
    end: 'approved',
    title: 'Disposal of the Moorlands garages site to Southbank Community Homes at £1.2m below market value',
    motion:
      'That the council disposes of the freehold of the Moorlands garages site (0.4 ha) to Southbank Community Homes for 48 social rent homes, at £1.2m below market value under the General Disposal Consent 2003.',
    interests: [
      {
        by: 'a.mensah',
        nature: 'Ward councillor for Stockwell West and Larkhall; her home is 200 m from the site.',
        dispensation: {
          by: 'm.okonkwo',
          reason:
            'The interest is shared with many residents of the ward; dispensation under s33(2)(b) Localism Act 2011 to take part and vote.',
        },
      },
    ],
    support:
      'Social value of 48 social rent homes exceeds the undervalue; within the General Disposal Consent limit of £2m.',
    outcome: {
      statement: 'The Moorlands garages site transfers to Southbank Community Homes by 30 June 2026.',
      reasons: [
        '48 social rent homes on a site producing no income',
        'Undervalue is within the General Disposal Consent 2003',
      ],
      alternativesRejected: ['Open-market sale', 'Council-led development', 'Retain as garages'],
    },
  },
  {
    id: '2026-01-risk-appetite',
    meeting: 'Board 15 Jan 2026',
    category: 'risk',
    draftedBy: 'r.chaudhry',
    end: 'approved',
    title: 'Adopt the partnership risk appetite statement',
    motion:
      'That the Board adopts a cautious appetite for financial and building-safety risk and an open appetite for innovation in delivery, as set out in the risk appetite statement.',
    support: 'Gives officers a clear basis for escalating risks to the Board.',
    outcome: {
      statement: 'Risk appetite statement adopted; the risk register is scored against it from February.',
      reasons: ['Aligns the three parties’ risk policies', 'Sets escalation thresholds'],
      alternativesRejected: ['Each party applying its own appetite'],
    },
  },
  // ---- Board 12 Feb 2026 ----
  {
    id: '2026-02-ahp-grant-bid',
    meeting: 'Board 12 Feb 2026',
    category: 'funding',
    valuePence: 1_440_000_000,
    draftedBy: 'h.singh',
    end: 'approved',
    title: 'Bid for £14.4m from the GLA Affordable Homes Programme 2026–2031',
    motion:
      'That Southbank Community Homes, as lead partner, bids for £14.4m of grant (120 social rent homes at £120,000 each) from the GLA Affordable Homes Programme 2026–2031.',
    support: 'Without grant the social rent homes are not viable.',
    outcome: {
      statement: 'Grant bid of £14.4m submitted on 27 February 2026 by Southbank Community Homes as lead partner.',
      reasons: [
        'Closes the viability gap on 120 social rent homes',
        'The partnership bid scores higher than three separate bids',
      ],
      alternativesRejected: ['Separate bids by each association', 'Fewer social rent homes without grant'],
    },
  },
  {
    id: '2026-02-kennington-garages',
    meeting: 'Board 12 Feb 2026',
    category: 'land-disposal',
    valuePence: 85_000_000,
    draftedBy: 'd.hargreaves',
    end: 'rejected',
    title: 'Disposal of the Kennington Lane garages to Oval Housing Trust at nil consideration (market value £850,000)',
    motion:
      'That the council disposes of the Kennington Lane garages site to Oval Housing Trust at nil consideration for 22 social rent homes.',
    support: 'Small site suited to the Trust’s infill programme.',
    refusal: {
      party: OVAL,
      reason:
        'The residual land value is negative at current build costs and the Trust’s Assets Committee has not approved the appraisal; the Trust cannot take on the site now.',
    },
    outcome: {
      statement:
        'Not approved: Oval Housing Trust refused to sign off. The site stays in the council’s ownership for review in 2027.',
      reasons: [
        'Negative residual land value at current costs',
        'The Trust’s Assets Committee had not approved the appraisal',
      ],
      alternativesRejected: ['Transfer to Southbank Community Homes instead', 'Council-led infill scheme'],
    },
  },
  {
    id: '2026-02-decant-policy',
    meeting: 'Board 12 Feb 2026',
    category: 'other',
    draftedBy: 's.whitfield',
    end: 'approved',
    title: 'Joint decant and right-to-return policy for Clapham Park residents',
    motion:
      'That secure and assured tenants moved for Clapham Park Phase 3 have a right to return to a new home at the same rent level, with home-loss and disturbance payments at the statutory rates.',
    support: 'Residents asked for a written right to return before the ballot.',
    outcome: {
      statement: 'Decant and right-to-return policy adopted and published to Clapham Park residents.',
      reasons: [
        'Residents’ central request at the consultation events',
        'Required by the GLA’s estate regeneration guidance',
      ],
      alternativesRejected: ['Right to return for secure tenants only', 'Case-by-case offers'],
    },
  },
  // ---- Board 12 Mar 2026 ----
  {
    id: '2026-03-wyvil-road-acquisition',
    meeting: 'Board 12 Mar 2026',
    category: 'development',
    valuePence: 310_000_000,
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Acquire 14–20 Wyvil Road, Vauxhall for £3.1m to assemble the Vauxhall Gardens site',
    motion:
      'That Southbank Community Homes acquires 14–20 Wyvil Road for £3.1m (Red Book valuation £3.25m), funded from the partnership development facility.',
    support: 'Completes the land assembly for 160 homes at Vauxhall Gardens.',
    outcome: {
      statement: 'Contracts exchanged for 14–20 Wyvil Road at £3.1m; completion April 2026.',
      reasons: ['Completes the Vauxhall Gardens site', 'Price below the Red Book valuation'],
      alternativesRejected: ['Compulsory purchase', 'Design around the buildings'],
    },
  },
  {
    id: '2026-03-modular-pilot',
    meeting: 'Board 12 Mar 2026',
    category: 'development',
    valuePence: 1_150_000_000,
    draftedBy: 'd.hargreaves',
    end: 'withdrawn',
    title: 'Pilot volumetric modular construction (MMC category 1) for 48 homes at Stockwell Park (£11.5m)',
    motion:
      'That 48 homes at Stockwell Park are built by volumetric modular construction by Urban Modular Ltd for £11.5m.',
    interests: [
      { by: 'l.moreau', nature: 'His brother-in-law is a director of Urban Modular Ltd, the proposed contractor.' },
    ],
    votes: [
      { by: 'a.mensah', stance: 'agree', reason: 'Faster delivery and better quality control.' },
      {
        by: 'g.thompson',
        stance: 'disagree',
        reason: 'A direct award to one supplier is not a compliant procurement route.',
      },
    ],
    withdrawal: {
      by: 'd.hargreaves',
      reason:
        'Withdrawn on legal advice: a direct award is not compliant with the Procurement Act 2023; to return after a competitive process.',
    },
    outcome: {
      statement: 'Withdrawn before a decision; officers to run a competitive procurement for modular delivery.',
      reasons: [
        'Direct award not compliant with the Procurement Act 2023',
        'A declared interest of a board member in the supplier',
      ],
      alternativesRejected: ['Proceed with the direct award', 'Abandon the modular pilot'],
    },
  },
  {
    id: '2026-03-vauxhall-recovery-plan',
    meeting: 'Board 12 Mar 2026',
    category: 'objectives',
    draftedBy: 's.whitfield',
    end: 'approved',
    title: 'Note Q3 2025/26 delivery performance and approve the Vauxhall Gardens recovery plan',
    motion:
      'That the Board notes 48 starts against 60 planned in Q3 2025/26 and approves the recovery plan bringing Vauxhall Gardens forward by one quarter.',
    support: 'The recovery plan keeps the 2026/27 start target within reach.',
    outcome: {
      statement: 'Recovery plan approved; progress reported quarterly against objective homes-1200.',
      reasons: ['Keeps the 2026/27 start target achievable'],
      alternativesRejected: ['Re-phase the target to 2027/28'],
    },
  },
  // ---- Board 16 Apr 2026 ----
  {
    id: '2026-04-rescind-employers-agent',
    meeting: 'Board 16 Apr 2026',
    category: 'development',
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Rescind the appointment of Hollis & Webb LLP as employer’s agent (decision of 11 December 2025)',
    motion:
      'That the decision of 11 December 2025 appointing Hollis & Webb LLP is rescinded, the firm having withdrawn from the LHC framework on 2 April 2026.',
    support: 'The appointment cannot proceed: the firm has left the framework.',
    rescinds: {
      decisionId: '2025-12-employers-agent',
      by: 'l.moreau',
      reason:
        'Hollis & Webb LLP withdrew from the LHC framework on 2 April 2026; rescinded by the Board on 16 April 2026.',
    },
    outcome: {
      statement:
        'The appointment of Hollis & Webb LLP is rescinded; a replacement is appointed by decision 2026-04-employers-agent-calder.',
      reasons: ['The firm left the framework, so the call-off is void'],
      alternativesRejected: ['Direct contract with the firm outside the framework'],
    },
  },
  {
    id: '2026-04-employers-agent-calder',
    meeting: 'Board 16 Apr 2026',
    category: 'development',
    valuePence: 45_500_000,
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Appoint Calder Partnership as employer’s agent for Clapham Park Phase 3 (£455,000)',
    motion:
      'That Calder Partnership, second in the December mini-competition, is appointed employer’s agent for Clapham Park Phase 3 for £455,000.',
    support: 'Second-placed bidder; prices held.',
    outcome: {
      statement: 'Calder Partnership appointed employer’s agent for Clapham Park Phase 3 from 1 May 2026.',
      reasons: ['Next-ranked compliant bid (78/100)', 'Avoids re-running the competition'],
      alternativesRejected: ['Re-run the mini-competition', 'In-house project management'],
    },
  },
  {
    id: '2026-04-moorlands-local-lettings',
    meeting: 'Board 16 Apr 2026',
    category: 'nominations',
    draftedBy: 'c.obrien',
    end: 'approved',
    title: 'Local lettings plan for Moorlands: half of first lets to existing Stockwell residents',
    motion:
      'That 50% of first lets at Moorlands go to households on the register living in Stockwell, to relieve overcrowding on the neighbouring estates.',
    support: 'Addresses overcrowding next to the new homes and local support for the scheme.',
    outcome: {
      statement: 'Local lettings plan adopted for the first lets at Moorlands.',
      reasons: ['Relieves overcrowding on the neighbouring estates', 'Promised to residents at consultation'],
      alternativesRejected: ['All lets through the general register'],
    },
  },
  // ---- Board 14 May 2026 ----
  {
    id: '2026-05-stockwell-park-contract',
    meeting: 'Board 14 May 2026',
    category: 'development',
    valuePence: 1_240_000_000,
    draftedBy: 'a.novak',
    end: 'approved',
    title: 'Award the Stockwell Park Phase 1 build contract to Durnford Construction (£12.4m)',
    motion:
      'That the design-and-build contract for Stockwell Park Phase 1 (96 homes) is awarded to Durnford Construction Ltd for £12.4m, with a parent company guarantee and a 10% performance bond.',
    support: 'Most economically advantageous tender; price within the cost plan.',
    checks: [{ by: 'd.hargreaves', action: 'sign-off', code: 'authority-value-exceeded' }],
    outcome: {
      statement: 'Contract awarded to Durnford Construction Ltd; start on site planned for June 2026.',
      reasons: ['Most economically advantageous tender (quality 60%, price 40%)', 'Within the approved cost plan'],
      alternativesRejected: ['Second-ranked tender at £13.1m', 'Re-tendering'],
    },
  },
  {
    id: '2026-05-vauxhall-tenure-change',
    meeting: 'Board 14 May 2026',
    category: 'other',
    draftedBy: 'p.adeyemi',
    end: 'approved',
    title: 'Convert 24 shared-ownership homes at Vauxhall Gardens to London Living Rent',
    motion:
      'That 24 homes planned for shared ownership at Vauxhall Gardens are let at London Living Rent instead, the sales market having weakened.',
    support: 'Lower sales risk and better fit with local incomes.',
    outcome: {
      statement: '24 homes at Vauxhall Gardens will be let at London Living Rent.',
      reasons: ['Shared-ownership sales risk in a weak market', 'London Living Rent suits local incomes'],
      alternativesRejected: ['Keep shared ownership', 'Market sale'],
    },
  },
  {
    id: '2026-05-cotton-gardens-fire-safety',
    meeting: 'Board 14 May 2026',
    category: 'funding',
    valuePence: 220_000_000,
    draftedBy: 'r.chaudhry',
    end: 'approved',
    title: 'Fund £2.2m of fire-safety remediation at Cotton Gardens before any transfer',
    motion:
      'That £2.2m is allocated to replace the cladding and fire doors of the three Cotton Gardens towers before any transfer to the partnership.',
    support: 'Residents’ safety first; remediation is needed whatever the regeneration option.',
    outcome: {
      statement: '£2.2m allocated; remediation to complete by March 2027.',
      reasons: ['Resident safety', 'Needed under every regeneration option'],
      alternativesRejected: ['Remediate after the ballot', 'Seek the Building Safety Fund first'],
    },
  },
  // ---- Board 11 Jun 2026 ----
  {
    id: '2026-06-annual-report',
    meeting: 'Board 11 Jun 2026',
    category: 'governance',
    draftedBy: 'm.okonkwo',
    end: 'approved',
    title: 'Approve the partnership’s Annual Report 2025/26 for publication',
    motion:
      'That the Annual Report 2025/26, including the register of decisions and declared interests, is approved for publication on each party’s website.',
    support: 'Transparency about the partnership’s decisions and interests.',
    outcome: {
      statement: 'Annual Report 2025/26 published on 30 June 2026.',
      reasons: ['Transparency about decisions and interests'],
      alternativesRejected: ['Report to each party’s own governance only'],
    },
  },
  {
    id: '2026-06-rtb-receipts',
    meeting: 'Board 11 Jun 2026',
    category: 'funding',
    valuePence: 475_000_000,
    draftedBy: 'r.chaudhry',
    end: 'approved',
    title: 'Apply £4.75m of Right to Buy receipts to Vauxhall Gardens',
    motion:
      'That the council applies £4.75m of retained Right to Buy receipts to the 40 social rent homes at Vauxhall Gardens before the receipts must be returned to government.',
    support: 'Receipts would otherwise be returned to HM Treasury with interest.',
    outcome: {
      statement: '£4.75m of Right to Buy receipts committed to Vauxhall Gardens.',
      reasons: ['Avoids returning the receipts with interest', 'Replaces homes sold under Right to Buy'],
      alternativesRejected: ['Use the receipts for acquisitions on the open market'],
    },
  },
  {
    id: '2026-06-temporary-accommodation-lease',
    meeting: 'Board 11 Jun 2026',
    category: 'other',
    draftedBy: 'd.hargreaves',
    end: 'rejected',
    title: 'Lease 30 new homes at Stockwell Park to the council as temporary accommodation for five years',
    motion:
      'That Southbank Community Homes leases 30 of the new Stockwell Park homes to the council for five years as temporary accommodation for homeless households.',
    support: 'Temporary accommodation costs the council £38m a year; new homes would cut nightly-paid placements.',
    refusal: {
      party: SOUTHBANK,
      reason:
        'The homes are grant-funded for social rent; a five-year temporary accommodation lease breaches the grant conditions and the s106 agreement and works against objective social-rent-60.',
    },
    outcome: {
      statement:
        'Not approved: Southbank Community Homes refused to sign off. The council will seek temporary accommodation elsewhere.',
      reasons: ['Breach of grant conditions and the s106 agreement', 'Conflicts with the 60% social rent objective'],
      alternativesRejected: ['Lease 10 homes instead of 30', 'Let at social rent with a nominations uplift'],
    },
  },
  // ---- Board 9 Jul 2026 ----
  {
    id: '2026-07-gateway-2-programme',
    meeting: 'Board 9 Jul 2026',
    category: 'risk',
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Accept the revised programme after a 16-week Building Safety Regulator Gateway 2 delay',
    motion:
      'That the Board accepts the revised Stockwell Park programme (start on site August 2026) and raises the gateway-2-delay risk score to 16.',
    support: 'The delay is outside the partnership’s control; the revised programme is realistic.',
    outcome: {
      statement: 'Revised programme accepted; start on site 3 August 2026.',
      reasons: ['Regulator delay outside the partnership’s control'],
      alternativesRejected: ['Redesign below 18 m to avoid Gateway 2'],
    },
  },
  {
    id: '2026-07-groundworks-contingency',
    meeting: 'Board 9 Jul 2026',
    category: 'funding',
    valuePence: 85_000_000,
    draftedBy: 'h.singh',
    end: 'approved',
    title: 'Draw down £850,000 of programme contingency for Clapham Park Phase 3 groundworks',
    motion:
      'That £850,000 of programme contingency is released for unforeseen ground contamination at Clapham Park Phase 3.',
    interests: [
      {
        by: 'a.novak',
        nature: 'Owns a leasehold flat in Clapham Park, next to the Phase 3 site.',
        dispensation: {
          by: 'p.adeyemi',
          reason:
            'The interest is remote: the contingency does not affect the value of neighbouring homes; she may take part and vote.',
        },
      },
    ],
    support: 'Contamination found in the site investigation must be removed before piling.',
    outcome: {
      statement: '£850,000 of contingency released for remediation of the Phase 3 ground.',
      reasons: ['Contamination must be removed before piling'],
      alternativesRejected: ['Redesign the foundations', 'Pause Phase 3'],
    },
  },
  {
    id: '2026-07-apprenticeships',
    meeting: 'Board 9 Jul 2026',
    category: 'objectives',
    valuePence: 31_000_000,
    draftedBy: 'e.walsh',
    end: 'approved',
    title: 'Fund 40 construction apprenticeships with Lambeth College (£310,000)',
    motion:
      'That £310,000 funds 40 construction apprenticeships with Lambeth College on partnership sites over three years.',
    support: 'Delivers objective local-jobs and helps contractors find skilled labour.',
    outcome: {
      statement: '40 apprenticeships funded; first intake September 2026.',
      reasons: ['Delivers objective local-jobs', 'Contractors short of skilled labour'],
      alternativesRejected: ['Rely on contractors’ own apprenticeship schemes'],
    },
  },
  // ---- Board 10 Sep 2026 ----
  {
    id: '2026-09-terms-v2',
    meeting: 'Board 10 Sep 2026',
    category: 'governance',
    draftedBy: 'm.okonkwo',
    end: 'approved',
    title: 'Adopt Terms of Reference version 2: board-majority voting within the Housing Delivery Plan',
    motion:
      'That the partnership adopts Terms of Reference version 2, under which decisions within the approved Housing Delivery Plan are taken by a majority of board members voting, quorum four.',
    support: 'Three sign-offs per decision slow routine business; the Delivery Plan already sets the limits.',
    outcome: {
      statement: 'Terms of Reference version 2 adopted; decisions drafted from today are taken by board majority.',
      reasons: ['Speeds up routine business within the approved plan', 'Each party keeps two votes of six'],
      alternativesRejected: ['Keep all-parties sign-off for everything', 'Delegate routine decisions to officers'],
    },
  },
  {
    id: '2026-09-clapham-park-lettings',
    meeting: 'Board 10 Sep 2026',
    category: 'nominations',
    draftedBy: 't.begum',
    end: 'open',
    title: 'Clapham Park phase 1: local lettings plan for the first 64 homes',
    motion:
      'That the first 64 homes at Clapham Park are let 50% to council nominations from the estate’s decant list and 25% to transfers from each association, with priority for overcrowded households.',
    awaiting: [LAMBETH, OVAL],
  },
];

/** Drafted after Terms of Reference v2: decided by board majority. */
const DECISIONS_UNDER_V2: DecisionSpec[] = [
  {
    id: '2026-09-cotton-gardens-ballot',
    meeting: 'Board 10 Sep 2026',
    category: 'other',
    draftedBy: 'a.mensah',
    end: 'approved',
    title: 'Hold a resident ballot on the Cotton Gardens regeneration options',
    motion:
      'That a resident ballot on the Cotton Gardens regeneration options is held in October 2026 under the GLA’s Resident Ballot Requirement.',
    votes: [
      { by: 'a.mensah', stance: 'agree', reason: 'Residents must decide the future of their homes.' },
      { by: 'd.hargreaves', stance: 'agree', reason: 'Required for GLA funding of any option with demolition.' },
      { by: 'p.adeyemi', stance: 'agree', reason: 'A clear mandate before we commit development funds.' },
      { by: 'l.moreau', stance: 'agree', reason: 'The options are ready to put to residents.' },
      { by: 'g.thompson', stance: 'agree', reason: 'Supports resident involvement.' },
      { by: 'a.novak', stance: 'abstain', reason: 'Oval has no homes at Cotton Gardens.' },
    ],
    outcome: {
      statement: 'Ballot to be held 5–26 October 2026, run by Civica Election Services.',
      reasons: ['Required for GLA funding', 'Residents decide the future of their homes'],
      alternativesRejected: ['Consultation without a ballot'],
    },
  },
  {
    id: '2026-09-vauxhall-cost-plan',
    meeting: 'Board 10 Sep 2026',
    category: 'development',
    valuePence: 4_270_000_000,
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Approve the RIBA Stage 3 cost plan for Vauxhall Gardens (£42.7m)',
    motion:
      'That the RIBA Stage 3 cost plan of £42.7m for 160 homes at Vauxhall Gardens is approved as the budget for the stage-two tender.',
    votes: [
      { by: 'l.moreau', stance: 'abstain', reason: 'Awaiting the value-engineering report.' },
      { by: 'a.mensah', stance: 'agree', reason: 'The cost plan is within the Delivery Plan envelope.' },
      {
        by: 'l.moreau',
        stance: 'agree',
        reason: 'The value-engineering report confirms savings of £1.1m are already included.',
        change: true,
      },
      { by: 'd.hargreaves', stance: 'agree', reason: 'Viable with the Right to Buy receipts applied in June.' },
      { by: 'p.adeyemi', stance: 'agree', reason: 'Within the association’s borrowing capacity.' },
      { by: 'g.thompson', stance: 'disagree', reason: 'At £267,000 per home the scheme is above the GLA benchmark.' },
      {
        by: 'a.novak',
        stance: 'disagree',
        reason: 'Cost per home exceeds the benchmark; value engineering should go further.',
      },
    ],
    correction: {
      voter: 'g.thompson',
      reason: 'At £266,875 per home (£42.7m for 160 homes) the scheme is above the GLA benchmark.',
      why: 'The cost per home in the original reason was rounded wrongly.',
    },
    outcome: {
      statement: 'Stage 3 cost plan of £42.7m approved, 4 votes to 2.',
      reasons: ['Within the Delivery Plan envelope', 'Viable with Right to Buy receipts'],
      alternativesRejected: ['Further value engineering before approval', 'Reduce the scheme to 140 homes'],
    },
  },
  // ---- Board 8 Oct 2026 ----
  {
    id: '2026-10-lettable-standard',
    meeting: 'Board 8 Oct 2026',
    category: 'other',
    draftedBy: 'c.obrien',
    end: 'approved',
    title: 'Adopt a joint lettable standard for empty homes',
    motion:
      'That the three parties adopt one lettable standard for empty partnership homes, including decoration vouchers and floor coverings in living rooms.',
    interests: [
      {
        by: 'p.adeyemi',
        nature: 'Her partner is a director of a decorating contractor on Southbank’s voids framework.',
        dispensation: { by: 'g.thompson', reason: 'The standard does not award any contract; she may vote.' },
      },
    ],
    votes: agreeAll('One standard avoids residents being treated differently by landlord.'),
    outcome: {
      statement: 'Joint lettable standard adopted from 1 November 2026.',
      reasons: ['Residents get the same standard whoever the landlord is'],
      alternativesRejected: ['Each party keeps its own standard'],
    },
  },
  {
    id: '2026-10-phase-1-solar',
    meeting: 'Board 8 Oct 2026',
    category: 'development',
    valuePence: 64_000_000,
    draftedBy: 'a.novak',
    end: 'rejected',
    title: 'Add rooftop solar PV to all Stockwell Park Phase 1 blocks (£640,000)',
    motion: 'That rooftop solar PV is added to the four Phase 1 blocks by contract variation for £640,000.',
    votes: [
      { by: 'a.novak', stance: 'agree', reason: 'Needed for EPC A on two blocks and lowers residents’ bills.' },
      { by: 'g.thompson', stance: 'agree', reason: 'Supports the net-zero objective.' },
      {
        by: 'd.hargreaves',
        stance: 'disagree',
        reason: 'A variation now costs twice what it would at tender; fund it in Phase 2.',
      },
      { by: 'p.adeyemi', stance: 'disagree', reason: 'No budget left in Phase 1 contingency.' },
      { by: 'l.moreau', stance: 'disagree', reason: 'The roof design would need Gateway 2 re-approval.' },
      { by: 'a.mensah', stance: 'abstain', reason: 'Supports the aim but not the cost of a variation.' },
    ],
    outcome: {
      statement: 'Not approved, 2 votes to 3 with 1 abstention; solar PV to be designed into Phase 2.',
      reasons: ['Variation cost and a further Gateway 2 approval'],
      alternativesRejected: ['Fund from the Phase 2 budget now'],
    },
  },
  {
    id: '2026-10-vauxhall-planning',
    meeting: 'Board 8 Oct 2026',
    category: 'development',
    draftedBy: 'l.moreau',
    end: 'approved',
    title: 'Submit the Vauxhall Gardens planning application',
    motion:
      'That Southbank Community Homes submits the full planning application for 160 homes at Vauxhall Gardens by 30 October 2026.',
    votes: agreeAll('The design has completed pre-application and the design review panel.'),
    outcome: {
      statement: 'Planning application submitted on 28 October 2026.',
      reasons: ['Pre-application and design review complete'],
      alternativesRejected: ['Wait for the new Local Plan'],
    },
  },
  {
    id: '2026-10-cotton-gardens-option-b',
    meeting: 'Board 8 Oct 2026',
    category: 'development',
    draftedBy: 'd.hargreaves',
    end: 'superseded',
    title: 'Cotton Gardens: proceed with refurbishment (option B), subject to the ballot',
    motion:
      'That the partnership proceeds with full refurbishment of the three Cotton Gardens towers (option B), subject to a yes vote in the resident ballot.',
    votes: [{ by: 'd.hargreaves', stance: 'agree', reason: 'Least disruption for residents.' }],
  },
  // ---- Board 12 Nov 2026 ----
  {
    id: '2026-11-cotton-gardens-option-c',
    meeting: 'Board 12 Nov 2026',
    category: 'development',
    draftedBy: 'd.hargreaves',
    end: 'open',
    title: 'Cotton Gardens: proceed with partial redevelopment (option C) after the ballot',
    motion:
      'That, residents having voted 71% yes to option C on a 68% turnout, the partnership proceeds with refurbishing two towers and replacing the third with 120 new homes.',
    supersedes: {
      decisionId: '2026-10-cotton-gardens-option-b',
      by: 'd.hargreaves',
      reason: 'Residents voted for option C in the ballot of October 2026 (71% yes, 68% turnout).',
    },
    votes: [
      { by: 'a.mensah', stance: 'agree', reason: 'Residents chose option C.' },
      { by: 'p.adeyemi', stance: 'agree', reason: 'Adds 120 homes while keeping two towers.' },
    ],
  },
  {
    id: '2026-11-budget-2027',
    meeting: 'Board 12 Nov 2026',
    category: 'funding',
    valuePence: 190_000_000,
    draftedBy: 'r.chaudhry',
    end: 'open',
    title: 'Partnership revenue budget 2027/28 (£1.9m)',
    motion:
      'That the partnership’s revenue budget for 2027/28 is £1.9m, funded 40% by the council and 30% by each association.',
    interests: [{ by: 'l.moreau', nature: 'Seconded to the partnership team, whose posts the budget funds.' }],
    votes: [{ by: 'g.thompson', stance: 'agree', reason: 'In line with the medium-term financial plan.' }],
    checks: [
      { by: 's.whitfield', action: 'vote', code: 'not-a-board-member' },
      { by: 'l.moreau', action: 'vote', code: 'interest-not-dispensed' },
      { by: 'r.chaudhry', action: 'sign-off', code: 'sign-off-not-applicable' },
    ],
  },
  {
    id: '2026-11-moorlands-viability-review',
    meeting: 'Board 12 Nov 2026',
    category: 'land-disposal',
    draftedBy: 'd.hargreaves',
    end: 'withdrawn',
    title: 'Agree the viability review mechanism for the Moorlands s106 agreement',
    motion:
      'That early- and late-stage viability reviews apply to the Moorlands scheme, any surplus shared 50:50 between the council and Southbank Community Homes.',
    withdrawal: {
      by: 'd.hargreaves',
      reason: 'The GLA published new viability guidance on 3 November 2026; officers will redraft.',
      beforeOpening: true,
    },
    outcome: {
      statement: 'Withdrawn as a draft; a redrafted mechanism will come to the Board in January 2027.',
      reasons: ['New GLA viability guidance of 3 November 2026'],
      alternativesRejected: ['Agree the mechanism under the old guidance'],
    },
  },
];

/** Opened a few seconds before closing, too few votes: the server's scheduler lapses it. */
const LAPSING: DecisionSpec = {
  id: '2026-11-winter-heating-grant',
  meeting: 'Board 12 Nov 2026 (urgent, written procedure)',
  category: 'funding',
  valuePence: 18_000_000,
  draftedBy: 'h.singh',
  end: 'lapsed',
  title: 'Accept the £180,000 winter pressures grant for temporary heating at Cotton Gardens',
  motion:
    'That Southbank Community Homes accepts the £180,000 winter pressures grant to provide temporary heating while the Cotton Gardens boilers are replaced.',
  votes: [
    { by: 'p.adeyemi', stance: 'agree', reason: 'Residents need heating this winter.' },
    { by: 'd.hargreaves', stance: 'agree', reason: 'Grant conditions are acceptable.' },
  ],
  outcome: {
    statement:
      'Lapsed: the written procedure closed without a quorum. The grant will be accepted by the Southbank Chief Executive under urgency powers and reported to the Board.',
    reasons: ['Only two of six board members voted within the window; quorum is four'],
    alternativesRejected: ['Extend the written procedure', 'Call an extraordinary Board meeting'],
  },
};

const ALL_DECISIONS = [...DECISIONS, ...DECISIONS_UNDER_V2, LAPSING];

const LAPSE_WINDOW_MS = 5_000;
const APPROVAL_WINDOW_MS = 7 * 24 * 3600_000;
const OPEN_WINDOW_MS = 14 * 24 * 3600_000;

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

class UnexpectedOutcome extends Error {}

interface DecisionView {
  status: string;
  approvalRule: string;
  revision: number;
  closesAt?: string;
  interests: Record<string, { dispensedBy?: unknown }>;
  votes: Record<string, unknown>;
  signOffs: Record<string, unknown>;
}

const personById = new Map(PEOPLE.map((p) => [p.personId, p]));
const caller = (personId: string): Caller => {
  const p = personById.get(personId);
  if (!p) throw new Error(`demo: unknown person ${personId}`);
  return { personId: p.personId, orgId: p.org, roles: p.roles };
};
const orgOf = (personId: string) => caller(personId).orgId;

class Counter {
  private readonly counts = new Map<string, number>();
  add(name: string, n = 1) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  get(name: string) {
    return this.counts.get(name) ?? 0;
  }
}

class DemoRun {
  commands = 0;
  replayed = 0;
  eventsWritten = 0;
  expectedRefusals = 0;
  readonly started = Date.now();

  constructor(
    readonly client: AccordClient,
    private readonly out: (line: string) => void,
  ) {}

  async cmd(personOrCaller: string | Caller, path: string, body: unknown, key: string): Promise<CommandResult> {
    const who = typeof personOrCaller === 'string' ? caller(personOrCaller) : personOrCaller;
    const result = await this.client.command(who, path, body, { idempotencyKey: `demo:${key}` });
    this.commands++;
    if (result.replayed) this.replayed++;
    else this.eventsWritten += result.events.length;
    return result;
  }

  decision(personId: string, id: string): Promise<DecisionView> {
    return this.client.get<DecisionView>(caller(personId), `/v1/decisions/${id}`);
  }

  phase(label: string, detail: string, before: { commands: number; replayed: number }) {
    const n = this.commands - before.commands;
    const r = this.replayed - before.replayed;
    this.out(`${label.padEnd(46)} ${detail}  [${plural(n, 'command')}${r > 0 ? `, ${r} already done` : ''}]`);
  }

  mark() {
    return { commands: this.commands, replayed: this.replayed };
  }
}

async function setUpOrganisations(run: DemoRun): Promise<void> {
  let mark = run.mark();
  for (const o of ORGANISATIONS) {
    await run.cmd(
      PLATFORM_ADMIN,
      '/v1/organisations',
      { organisationId: o.id, name: o.name, kind: o.kind },
      `register:${o.id}`,
    );
  }
  run.phase('organisations', `${ORGANISATIONS.length} registered (1 council, 2 housing associations)`, mark);

  mark = run.mark();
  for (const p of PEOPLE) {
    const admin = ORGANISATIONS.find((o) => o.id === p.org)!.admin;
    await run.cmd(
      admin,
      `/v1/organisations/${p.org}/members`,
      { personId: p.personId, displayName: p.name, jobTitle: p.jobTitle },
      `member:${p.personId}`,
    );
  }
  run.phase('people', `${PEOPLE.length} members added by their organisation’s admin`, mark);

  mark = run.mark();
  for (const a of AUTHORITIES) {
    const org = orgOf(a.personId);
    const admin = ORGANISATIONS.find((o) => o.id === org)!.admin;
    const { authorityId, ...rest } = a;
    await run.cmd(admin, `/v1/organisations/${org}/authorities`, { authorityId, ...rest }, `authority:${authorityId}`);
  }
  const limits = AUTHORITIES.map((a) => a.valueLimitPence);
  run.phase(
    'delegated authorities',
    `${AUTHORITIES.length} delegated (limits ${pounds(Math.min(...limits))} to ${pounds(Math.max(...limits))})`,
    mark,
  );
}

async function setUpPartnership(run: DemoRun): Promise<void> {
  let mark = run.mark();
  const base = `/v1/partnerships/${PARTNERSHIP}`;
  await run.cmd(
    'd.hargreaves',
    '/v1/partnerships',
    {
      partnershipId: PARTNERSHIP,
      title: 'Lambeth Homes Partnership',
      purpose:
        'Deliver 1,200 affordable homes on council-owned land in Lambeth by March 2031, with fair nominations and jointly managed delivery risk.',
      parties: [LAMBETH, SOUTHBANK, OVAL],
    },
    'partnership:propose',
  );
  await run.cmd(
    'd.hargreaves',
    `${base}/terms`,
    { version: 1, approvalRule: 'all-parties-sign-off', quorum: 4, textSha256: sha256(TERMS_V1) },
    'partnership:terms-v1',
  );
  let activated = false;
  for (const joiner of ['d.hargreaves', 'p.adeyemi', 'g.thompson']) {
    const r = await run.cmd(joiner, `${base}/join`, {}, 'partnership:join');
    activated ||= r.events.some((e) => e.type === 'PartnershipActivated');
  }
  run.phase(
    'partnership',
    `proposed, terms v1 (all-parties sign-off, quorum 4), 3 parties joined${activated ? ' → active' : ''}`,
    mark,
  );

  mark = run.mark();
  for (const seat of BOARD) {
    await run.cmd(
      seat.appointedBy,
      `${base}/board`,
      { personId: seat.personId, ...(seat.boardRole ? { boardRole: seat.boardRole } : {}) },
      `board:${seat.personId}`,
    );
  }
  run.phase('board', `${BOARD.length} members appointed (2 per party; Chair and Vice-chair)`, mark);

  mark = run.mark();
  for (const o of OBJECTIVES) await run.cmd('a.mensah', `${base}/objectives`, o, `objective:${o.objectiveId}`);
  await run.cmd(
    OBJECTIVE_REVISION.by,
    `${base}/objectives/${OBJECTIVE_REVISION.objectiveId}/revise`,
    OBJECTIVE_REVISION.body,
    `objective-revise:${OBJECTIVE_REVISION.objectiveId}`,
  );
  for (const [i, p] of PROGRESS.entries()) {
    const { objectiveId, by, ...body } = p;
    await run.cmd(by, `${base}/objectives/${objectiveId}/progress`, body, `progress:${objectiveId}:${i}`);
  }
  run.phase('objectives', `${OBJECTIVES.length} set, 1 revised, ${PROGRESS.length} progress reports`, mark);

  mark = run.mark();
  let mitigations = 0;
  let closed = 0;
  for (const r of RISKS) {
    await run.cmd(
      r.by,
      `${base}/risks`,
      {
        riskId: r.riskId,
        title: r.title,
        description: r.description,
        ownerParty: r.ownerParty,
        likelihood: r.likelihood,
        impact: r.impact,
      },
      `risk:${r.riskId}`,
    );
    for (const [i, m] of r.mitigations.entries()) {
      const { by, ...body } = m;
      await run.cmd(by, `${base}/risks/${r.riskId}/mitigations`, body, `mitigation:${r.riskId}:${i}`);
      mitigations++;
    }
    if (r.close) {
      await run.cmd(
        r.close.by,
        `${base}/risks/${r.riskId}/close`,
        { reason: r.close.reason },
        `risk-close:${r.riskId}`,
      );
      closed++;
    }
  }
  run.phase(
    'risk register',
    `${RISKS.length} risks raised, ${mitigations} mitigations assigned, ${closed} closed`,
    mark,
  );
}

/** The board members of the partnership, less those with an undispensed interest in this decision. */
function eligibleVoters(spec: DecisionSpec): string[] {
  const barred = new Set((spec.interests ?? []).filter((i) => !i.dispensation).map((i) => i.by));
  return BOARD.map((s) => s.personId).filter((p) => !barred.has(p));
}

/** Who signs off for a party: the member whose narrowest authority covers the category and value. */
function signatory(party: string, spec: DecisionSpec, exclude: Set<string>): string {
  const value = spec.valuePence ?? 0;
  const candidates = AUTHORITIES.filter(
    (a) =>
      orgOf(a.personId) === party &&
      !exclude.has(a.personId) &&
      a.categories.includes(spec.category) &&
      a.valueLimitPence >= value,
  ).sort((a, b) => a.valueLimitPence - b.valueLimitPence);
  if (candidates.length === 0)
    throw new Error(`demo data: nobody at ${party} may sign off ${spec.id} (${spec.category}, ${pounds(value)})`);
  return candidates[0].personId;
}

interface MeetingTally {
  decisions: number;
  votes: number;
  signOffs: number;
  interests: number;
  dispensations: number;
  ends: Counter;
}

async function runDecision(run: DemoRun, spec: DecisionSpec, tally: MeetingTally): Promise<{ freshlyOpened: boolean }> {
  const d = `/v1/decisions/${spec.id}`;
  const k = (step: string) => `${spec.id}:${step}`;
  tally.decisions++;
  await run.cmd(
    spec.draftedBy,
    `/v1/partnerships/${PARTNERSHIP}/decisions`,
    {
      decisionId: spec.id,
      title: `${spec.meeting}: ${spec.title}`,
      motion: spec.motion,
      category: spec.category,
      ...(spec.valuePence === undefined ? {} : { valuePence: spec.valuePence }),
    },
    k('draft'),
  );
  if (spec.supersedes) {
    const s = spec.supersedes;
    await run.cmd(
      s.by,
      `/v1/decisions/${s.decisionId}/supersede`,
      { by: spec.id, reason: s.reason },
      `${s.decisionId}:supersede`,
    );
    await expectStatus(run, s.decisionId, 'superseded');
    tally.ends.add('supersession');
  }
  if (spec.withdrawal?.beforeOpening) {
    await run.cmd(spec.withdrawal.by, `${d}/withdraw`, { reason: spec.withdrawal.reason }, k('withdraw'));
    await recordOutcome(run, spec);
    tally.ends.add('withdrawn');
    return { freshlyOpened: false };
  }

  // The closing time depends on when the demo runs, so an Idempotency-Key replay cannot cover
  // the opening: open only what is still a draft.
  const current = await run.decision(spec.draftedBy, spec.id);
  let freshlyOpened = false;
  if (current.status === 'draft') {
    const window = spec.end === 'lapsed' ? LAPSE_WINDOW_MS : spec.end === 'open' ? OPEN_WINDOW_MS : APPROVAL_WINDOW_MS;
    await run.cmd(spec.draftedBy, `${d}/open`, { closesAt: new Date(Date.now() + window).toISOString() }, k('open'));
    freshlyOpened = true;
  }

  for (const i of spec.interests ?? []) {
    await run.cmd(i.by, `${d}/interests`, { nature: i.nature }, k('interest'));
    tally.interests++;
    if (i.dispensation) {
      await run.cmd(
        i.dispensation.by,
        `${d}/dispensations`,
        { personId: i.by, reason: i.dispensation.reason },
        k(`dispensation:${i.by}`),
      );
      tally.dispensations++;
    }
  }

  if (freshlyOpened) {
    for (const check of spec.checks ?? []) {
      const path = check.action === 'vote' ? `${d}/votes` : `${d}/sign-offs`;
      const body = check.action === 'vote' ? { stance: 'agree', reason: 'Checking the rules' } : {};
      try {
        await run.client.command(caller(check.by), path, body);
      } catch (err) {
        if (isProblem(err, check.code)) {
          run.expectedRefusals++;
          continue;
        }
        throw err;
      }
      throw new UnexpectedOutcome(
        `POST ${path} as ${check.by} was accepted; expected a refusal with code ${check.code}`,
      );
    }
  }

  const votes: Vote[] =
    spec.votes ??
    (spec.support ? eligibleVoters(spec).map((by) => ({ by, stance: 'agree', reason: spec.support! })) : []);
  const voteEvents = new Map<string, string>();
  for (const v of votes) {
    const r = await run.cmd(
      v.by,
      v.change ? `${d}/votes/change` : `${d}/votes`,
      { stance: v.stance, reason: v.reason },
      k(v.change ? `vote-change:${v.by}` : `vote:${v.by}`),
    );
    const cast = r.events.find((e) => e.type === 'VoteCast' || e.type === 'VoteChanged');
    if (cast) voteEvents.set(v.by, cast.eventId);
    tally.votes++;
  }
  if (spec.correction) {
    const eventId = voteEvents.get(spec.correction.voter);
    if (!eventId) throw new Error(`demo data: ${spec.correction.voter} cast no vote on ${spec.id} to correct`);
    await run.cmd(
      spec.correction.voter,
      `${d}/corrections`,
      { correctsEventId: eventId, corrections: { reason: spec.correction.reason }, reason: spec.correction.why },
      k('correction'),
    );
  }

  if (
    current.approvalRule === 'all-parties-sign-off' &&
    (spec.end === 'approved' || spec.end === 'rejected' || spec.awaiting)
  ) {
    const barred = new Set((spec.interests ?? []).filter((i) => !i.dispensation).map((i) => i.by));
    for (const party of [LAMBETH, SOUTHBANK, OVAL].filter((p) => !spec.awaiting?.includes(p))) {
      const by = signatory(party, spec, barred);
      if (spec.refusal?.party === party) {
        await run.cmd(by, `${d}/sign-offs/refuse`, { reason: spec.refusal.reason }, k('refuse')); // rejects it at once
        break;
      }
      await run.cmd(by, `${d}/sign-offs`, {}, k('sign-off'));
      tally.signOffs++;
    }
  }
  if (spec.withdrawal)
    await run.cmd(spec.withdrawal.by, `${d}/withdraw`, { reason: spec.withdrawal.reason }, k('withdraw'));

  if (spec.end === 'lapsed') return { freshlyOpened }; // the scheduler resolves it; see awaitLapse
  // What it is now: the story's end, or what later steps of the story (or, on a re-run, the
  // closing time of a decision left open) have made of it since.
  const expected: string[] = [spec.end === 'superseded' ? 'open' : spec.end];
  if (ALL_DECISIONS.some((s) => s.rescinds?.decisionId === spec.id)) expected.push('rescinded');
  if (spec.end === 'superseded') expected.push('superseded');
  if (spec.end === 'open' && !freshlyOpened) expected.push('approved', 'rejected', 'lapsed');
  await expectStatus(run, spec.id, ...expected);
  if (spec.end !== 'open' && spec.end !== 'superseded') await recordOutcome(run, spec);
  if (spec.rescinds) {
    const r = spec.rescinds;
    await run.cmd(
      r.by,
      `/v1/decisions/${r.decisionId}/rescind`,
      { reason: r.reason, authorisedByDecisionId: spec.id },
      `${r.decisionId}:rescind`,
    );
    await expectStatus(run, r.decisionId, 'rescinded');
    tally.ends.add('rescission');
  }
  tally.ends.add(spec.end === 'superseded' ? 'open' : spec.end); // superseded later, by a successor
  return { freshlyOpened };
}

async function recordOutcome(run: DemoRun, spec: DecisionSpec): Promise<void> {
  if (!spec.outcome) throw new Error(`demo data: ${spec.id} ends ${spec.end} but has no outcome`);
  const by = spec.refusal ? signatory(spec.refusal.party, spec, new Set()) : spec.draftedBy;
  await run.cmd(by, `/v1/decisions/${spec.id}/outcome`, spec.outcome, `${spec.id}:outcome`);
}

async function expectStatus(run: DemoRun, decisionId: string, ...statuses: string[]): Promise<DecisionView> {
  const view = await run.decision('d.hargreaves', decisionId);
  if (!statuses.includes(view.status))
    throw new UnexpectedOutcome(
      `decision ${decisionId} is ${view.status}; the story expects it to be ${statuses.join(' or ')}`,
    );
  return view;
}

async function runMeetings(run: DemoRun, specs: DecisionSpec[], labelSuffix = ''): Promise<void> {
  const meetings = [...new Set(specs.map((s) => s.meeting))];
  for (const meeting of meetings) {
    const mark = run.mark();
    const tally: MeetingTally = {
      decisions: 0,
      votes: 0,
      signOffs: 0,
      interests: 0,
      dispensations: 0,
      ends: new Counter(),
    };
    for (const spec of specs.filter((s) => s.meeting === meeting)) await runDecision(run, spec, tally);
    const ends = ['approved', 'rejected', 'withdrawn', 'open', 'supersession', 'rescission']
      .filter((e) => tally.ends.get(e) > 0)
      .map((e) => `${tally.ends.get(e)} ${e}`)
      .join(', ');
    const extras = [
      plural(tally.votes, 'vote'),
      tally.signOffs > 0 ? plural(tally.signOffs, 'sign-off') : '',
      tally.interests > 0 ? `${plural(tally.interests, 'interest')} declared (${tally.dispensations} dispensed)` : '',
    ].filter(Boolean);
    const label = meeting === specs[0].meeting ? `${meeting}${labelSuffix}` : meeting;
    run.phase(label, `${plural(tally.decisions, 'decision')} (${ends}); ${extras.join(', ')}`, mark);
  }
}

async function adoptTermsV2(run: DemoRun): Promise<void> {
  const mark = run.mark();
  await run.cmd(
    'd.hargreaves',
    `/v1/partnerships/${PARTNERSHIP}/terms`,
    {
      version: 2,
      approvalRule: 'board-majority',
      quorum: 4,
      textSha256: sha256(TERMS_V2),
      authorisedByDecisionId: '2026-09-terms-v2',
    },
    'partnership:terms-v2',
  );
  run.phase('terms of reference v2', 'board-majority, quorum 4, authorised by decision 2026-09-terms-v2', mark);
}

async function startLapsingDecision(run: DemoRun): Promise<void> {
  const mark = run.mark();
  const tally: MeetingTally = {
    decisions: 0,
    votes: 0,
    signOffs: 0,
    interests: 0,
    dispensations: 0,
    ends: new Counter(),
  };
  await runDecision(run, LAPSING, tally);
  const view = await run.decision('h.singh', LAPSING.id);
  run.phase(
    LAPSING.meeting,
    `1 decision opened, closing ${view.closesAt ?? '?'} with ${tally.votes} of 6 votes (quorum 4)`,
    mark,
  );
}

async function awaitLapse(run: DemoRun, timeoutSeconds: number): Promise<void> {
  const mark = run.mark();
  const started = Date.now();
  let view = await run.decision('h.singh', LAPSING.id);
  const alreadyLapsed = view.status === 'lapsed';
  const closesAt = view.closesAt ? Date.parse(view.closesAt) : started;
  const deadline = Math.max(closesAt, started) + timeoutSeconds * 1000;
  while (view.status === 'open' && Date.now() < deadline) {
    await sleep(250);
    view = await run.decision('h.singh', LAPSING.id);
  }
  if (view.status !== 'lapsed') {
    throw new UnexpectedOutcome(
      `decision ${LAPSING.id} is still ${view.status} ${Math.round((Date.now() - closesAt) / 1000)} s after its closing time (${view.closesAt}); ` +
        'expected the server’s closing-time scheduler to lapse it within about a second. Is this server running the scheduler?',
    );
  }
  const late = Math.max(0, Date.now() - closesAt);
  await recordOutcome(run, LAPSING);
  const seen = alreadyLapsed
    ? 'lapsed at its closing time on an earlier run'
    : `lapsed by the scheduler (seen ${(late / 1000).toFixed(1)} s after closing)`;
  run.phase('closing time', `${LAPSING.id} ${seen}; outcome recorded`, mark);
}

async function summarise(run: DemoRun, baseUrl: string, dataDir: string, defaultDataDir: boolean): Promise<string[]> {
  const reader = 'd.hargreaves';
  const all = ALL_DECISIONS;
  const byStatus = new Counter();
  const byCategory = new Counter();
  let decisionEvents = 0;
  for (const spec of all) {
    const view = await run.decision(reader, spec.id);
    byStatus.add(view.status);
    byCategory.add(spec.category);
    decisionEvents += view.revision;
  }
  const partnership = await run.client.get<{
    revision: number;
    status: string;
    board: Record<string, unknown>;
    risks: Record<string, unknown>;
    objectives: Record<string, unknown>;
  }>(caller(reader), `/v1/partnerships/${PARTNERSHIP}`);
  let organisationEvents = 0;
  for (const o of ORGANISATIONS)
    organisationEvents += (await run.client.get<{ revision: number }>(caller(o.admin), `/v1/organisations/${o.id}`))
      .revision;
  const total = organisationEvents + partnership.revision + decisionEvents;
  const statuses = ['approved', 'rejected', 'withdrawn', 'lapsed', 'rescinded', 'superseded', 'open', 'draft']
    .filter((s) => byStatus.get(s) > 0)
    .map((s) => `${s} ${byStatus.get(s)}`)
    .join(', ');
  const categories = DECISION_CATEGORIES.filter((c) => byCategory.get(c) > 0)
    .map((c) => `${c} ${byCategory.get(c)}`)
    .join(', ');
  const seconds = ((Date.now() - run.started) / 1000).toFixed(1);
  const tokenEnv = defaultDataDir ? '' : `ACCORD_DATA_DIR=${dataDir} `;
  return [
    '',
    `Summary (${baseUrl}, ${seconds} s)`,
    `  events:    ${total} in the demo's streams — organisations ${organisationEvents}, partnership ${partnership.revision}, decisions ${decisionEvents}`,
    `  this run:  ${run.commands} commands, ${run.commands - run.replayed} new (${run.eventsWritten} events written), ${run.replayed} already done (Idempotency-Key replays); ${run.expectedRefusals} refusals checked`,
    `  decisions: ${all.length} — ${statuses}`,
    `  by category: ${categories}`,
    `  partnership ${PARTNERSHIP}: ${partnership.status}, board of ${Object.keys(partnership.board).length}, ${Object.keys(partnership.objectives).length} objectives, ${Object.keys(partnership.risks).length} risks`,
    '',
    'Look at the data (as the council’s Corporate Director of Housing):',
    `  TOKEN=$(${tokenEnv}npm run -s accord -- token --person d.hargreaves --org ${LAMBETH} --roles member)`,
    `  curl -s ${baseUrl}/v1/partnerships/${PARTNERSHIP} -H "authorization: Bearer $TOKEN"`,
    `  curl -s ${baseUrl}/v1/decisions/2026-01-moorlands-disposal -H "authorization: Bearer $TOKEN"`,
    `  curl -s ${baseUrl}/v1/organisations/${LAMBETH} -H "authorization: Bearer $TOKEN"`,
  ];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function pounds(pence: number): string {
  const p = pence / 100;
  if (p >= 1_000_000) return `£${(p / 1_000_000).toLocaleString('en-GB', { maximumFractionDigits: 2 })}m`;
  return `£${p.toLocaleString('en-GB')}`;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      'lapse-timeout': { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return 0;
  }
  const lapseTimeout = Number(values['lapse-timeout']);
  if (!Number.isFinite(lapseTimeout) || lapseTimeout <= 0) {
    process.stderr.write('accord demo: --lapse-timeout needs a positive number of seconds\n');
    return 2;
  }
  const baseUrl = (values.url ?? process.env.ACCORD_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const config = loadConfig(process.env);
  if (config.auth.jwksUrl) {
    process.stderr.write(
      'accord demo: AUTH_JWKS_URL is set, so the API only accepts tokens from that issuer; the demo mints local tokens\n',
    );
    return 2;
  }
  const defaultDataDir = process.env.ACCORD_DATA_DIR === undefined || process.env.ACCORD_DATA_DIR === '';
  const client = new AccordClient({
    baseUrl,
    dataDir: config.dataDir,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const run = new DemoRun(client, out);

  try {
    await client.waitUntilReady(5_000);
  } catch (err) {
    process.stderr.write(
      `accord demo: no Accord API ready at ${baseUrl} (${(err as Error).message}). Start one with "npm start", or pass --url.\n`,
    );
    return 1;
  }
  try {
    await client.token(PLATFORM_ADMIN);
  } catch (err) {
    process.stderr.write(`accord demo: ${err instanceof SigningKeyError ? err.message : String(err)}\n`);
    return 1;
  }
  out(`Filling ${baseUrl} with the Lambeth Homes Partnership (tokens signed with the key in ${config.dataDir})`);
  try {
    await setUpOrganisations(run);
    await setUpPartnership(run);
    await runMeetings(run, DECISIONS);
    await adoptTermsV2(run);
    await runMeetings(run, DECISIONS_UNDER_V2, ', continued');
    await startLapsingDecision(run);
    await awaitLapse(run, lapseTimeout);
    for (const line of await summarise(run, baseUrl, config.dataDir, defaultDataDir)) out(line);
    return 0;
  } catch (err) {
    if (err instanceof AccordRequestError) {
      process.stderr.write(
        `\naccord demo: the API refused a step of the story:\n  ${err.message}\n  problem: ${JSON.stringify(err.problem)}\n`,
      );
      if (err.code.startsWith('token-')) {
        process.stderr.write(
          `  (tokens are signed with the key in ${config.dataDir}: set ACCORD_DATA_DIR to the server's data directory)\n`,
        );
      }
      return 1;
    }
    if (err instanceof UnexpectedOutcome) {
      process.stderr.write(`\naccord demo: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
