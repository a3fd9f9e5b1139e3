/** Board meetings from April to July 2026, with the quarterly progress reports and a revised objective. */
import { LAMBETH, OVAL, PARTNERSHIP, SOUTHBANK } from './cast';
import { EVERY_ELIGIBLE_VOTER, OPEN_FOR, type Scene, signatoryFor } from './format';

export const APRIL_TO_JULY: readonly Scene[] = [
  {
    on: '2026-04-16',
    title: 'Board 16 Apr 2026',
    steps: [
      {
        by: 's.whitfield',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'homes-1200',
          percentComplete: 4,
          rag: 'green',
          summary: 'Quarter to 31 Mar 2026: 48 homes started at Moorlands; Clapham Park Phase 3 feasibility complete.',
        },
      },
      {
        by: 't.begum',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'social-rent-60',
          percentComplete: 20,
          rag: 'green',
          summary: 'Quarter to 31 Mar 2026: pipeline at 63% social rent against the 60% target.',
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-04-rescind-employers-agent',
          title:
            'Board 16 Apr 2026: Rescind the appointment of Hollis & Webb LLP as employer’s agent (decision of 11 December 2025)',
          motion:
            'That the decision of 11 December 2025 appointing Hollis & Webb LLP is rescinded, the firm having withdrawn from the LHC framework on 2 April 2026.',
          category: 'development',
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-04-rescind-employers-agent', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-04-rescind-employers-agent',
          stance: 'agree',
          reason: 'The appointment cannot proceed: the firm has left the framework.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-04-rescind-employers-agent' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-04-rescind-employers-agent' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-04-rescind-employers-agent' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-04-rescind-employers-agent', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-04-rescind-employers-agent',
          statement:
            'The appointment of Hollis & Webb LLP is rescinded; a replacement is appointed by decision 2026-04-employers-agent-calder.',
          reasons: ['The firm left the framework, so the call-off is void'],
          alternativesRejected: ['Direct contract with the firm outside the framework'],
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'RescindDecision',
          decisionId: '2025-12-employers-agent',
          reason:
            'Hollis & Webb LLP withdrew from the LHC framework on 2 April 2026; rescinded by the Board on 16 April 2026.',
          authorisedByDecisionId: '2026-04-rescind-employers-agent',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2025-12-employers-agent', status: 'rescinded' } },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-04-employers-agent-calder',
          title:
            'Board 16 Apr 2026: Appoint Calder Partnership as employer’s agent for Clapham Park Phase 3 (£455,000)',
          motion:
            'That Calder Partnership, second in the December mini-competition, is appointed employer’s agent for Clapham Park Phase 3 for £455,000.',
          category: 'development',
          valuePence: 45_500_000,
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-04-employers-agent-calder', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-04-employers-agent-calder',
          stance: 'agree',
          reason: 'Second-placed bidder; prices held.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-04-employers-agent-calder' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-04-employers-agent-calder' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-04-employers-agent-calder' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-04-employers-agent-calder', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-04-employers-agent-calder',
          statement: 'Calder Partnership appointed employer’s agent for Clapham Park Phase 3 from 1 May 2026.',
          reasons: ['Next-ranked compliant bid (78/100)', 'Avoids re-running the competition'],
          alternativesRejected: ['Re-run the mini-competition', 'In-house project management'],
        },
      },
      {
        by: 'c.obrien',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-04-moorlands-local-lettings',
          title:
            'Board 16 Apr 2026: Local lettings plan for Moorlands: half of first lets to existing Stockwell residents',
          motion:
            'That 50% of first lets at Moorlands go to households on the register living in Stockwell, to relieve overcrowding on the neighbouring estates.',
          category: 'nominations',
        },
      },
      {
        by: 'c.obrien',
        do: { type: 'OpenDecision', decisionId: '2026-04-moorlands-local-lettings', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-04-moorlands-local-lettings',
          stance: 'agree',
          reason: 'Addresses overcrowding next to the new homes and local support for the scheme.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-04-moorlands-local-lettings' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-04-moorlands-local-lettings' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-04-moorlands-local-lettings' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-04-moorlands-local-lettings', status: 'approved' } },
      {
        by: 'c.obrien',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-04-moorlands-local-lettings',
          statement: 'Local lettings plan adopted for the first lets at Moorlands.',
          reasons: ['Relieves overcrowding on the neighbouring estates', 'Promised to residents at consultation'],
          alternativesRejected: ['All lets through the general register'],
        },
      },
    ],
  },
  {
    on: '2026-05-14',
    title: 'Board 14 May 2026',
    steps: [
      {
        by: 'a.novak',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-05-stockwell-park-contract',
          title: 'Board 14 May 2026: Award the Stockwell Park Phase 1 build contract to Durnford Construction (£12.4m)',
          motion:
            'That the design-and-build contract for Stockwell Park Phase 1 (96 homes) is awarded to Durnford Construction Ltd for £12.4m, with a parent company guarantee and a 10% performance bond.',
          category: 'development',
          valuePence: 1_240_000_000,
        },
      },
      {
        by: 'a.novak',
        do: { type: 'OpenDecision', decisionId: '2026-05-stockwell-park-contract', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'SignOff', decisionId: '2026-05-stockwell-park-contract' },
        refusedWith: 'authority-value-exceeded',
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-05-stockwell-park-contract',
          stance: 'agree',
          reason: 'Most economically advantageous tender; price within the cost plan.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-05-stockwell-park-contract' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-05-stockwell-park-contract' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-05-stockwell-park-contract' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-05-stockwell-park-contract', status: 'approved' } },
      {
        by: 'a.novak',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-05-stockwell-park-contract',
          statement: 'Contract awarded to Durnford Construction Ltd; start on site planned for June 2026.',
          reasons: ['Most economically advantageous tender (quality 60%, price 40%)', 'Within the approved cost plan'],
          alternativesRejected: ['Second-ranked tender at £13.1m', 'Re-tendering'],
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-05-vauxhall-tenure-change',
          title: 'Board 14 May 2026: Convert 24 shared-ownership homes at Vauxhall Gardens to London Living Rent',
          motion:
            'That 24 homes planned for shared ownership at Vauxhall Gardens are let at London Living Rent instead, the sales market having weakened.',
          category: 'other',
        },
      },
      {
        by: 'p.adeyemi',
        do: { type: 'OpenDecision', decisionId: '2026-05-vauxhall-tenure-change', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-05-vauxhall-tenure-change',
          stance: 'agree',
          reason: 'Lower sales risk and better fit with local incomes.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-05-vauxhall-tenure-change' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-05-vauxhall-tenure-change' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-05-vauxhall-tenure-change' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-05-vauxhall-tenure-change', status: 'approved' } },
      {
        by: 'p.adeyemi',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-05-vauxhall-tenure-change',
          statement: '24 homes at Vauxhall Gardens will be let at London Living Rent.',
          reasons: ['Shared-ownership sales risk in a weak market', 'London Living Rent suits local incomes'],
          alternativesRejected: ['Keep shared ownership', 'Market sale'],
        },
      },
      {
        by: 'r.chaudhry',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-05-cotton-gardens-fire-safety',
          title: 'Board 14 May 2026: Fund £2.2m of fire-safety remediation at Cotton Gardens before any transfer',
          motion:
            'That £2.2m is allocated to replace the cladding and fire doors of the three Cotton Gardens towers before any transfer to the partnership.',
          category: 'funding',
          valuePence: 220_000_000,
        },
      },
      {
        by: 'r.chaudhry',
        do: { type: 'OpenDecision', decisionId: '2026-05-cotton-gardens-fire-safety', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-05-cotton-gardens-fire-safety',
          stance: 'agree',
          reason: 'Residents’ safety first; remediation is needed whatever the regeneration option.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-05-cotton-gardens-fire-safety' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-05-cotton-gardens-fire-safety' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-05-cotton-gardens-fire-safety' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-05-cotton-gardens-fire-safety', status: 'approved' } },
      {
        by: 'r.chaudhry',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-05-cotton-gardens-fire-safety',
          statement: '£2.2m allocated; remediation to complete by March 2027.',
          reasons: ['Resident safety', 'Needed under every regeneration option'],
          alternativesRejected: ['Remediate after the ballot', 'Seek the Building Safety Fund first'],
        },
      },
    ],
  },
  {
    on: '2026-06-11',
    title: 'Board 11 Jun 2026',
    steps: [
      {
        by: 'm.okonkwo',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-06-annual-report',
          title: 'Board 11 Jun 2026: Approve the partnership’s Annual Report 2025/26 for publication',
          motion:
            'That the Annual Report 2025/26, including the register of decisions and declared interests, is approved for publication on each party’s website.',
          category: 'governance',
        },
      },
      { by: 'm.okonkwo', do: { type: 'OpenDecision', decisionId: '2026-06-annual-report', openForMs: OPEN_FOR.aWeek } },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-06-annual-report',
          stance: 'agree',
          reason: 'Transparency about the partnership’s decisions and interests.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-06-annual-report' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-06-annual-report' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-06-annual-report' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-06-annual-report', status: 'approved' } },
      {
        by: 'm.okonkwo',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-06-annual-report',
          statement: 'Annual Report 2025/26 published on 30 June 2026.',
          reasons: ['Transparency about decisions and interests'],
          alternativesRejected: ['Report to each party’s own governance only'],
        },
      },
      {
        by: 'r.chaudhry',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-06-rtb-receipts',
          title: 'Board 11 Jun 2026: Apply £4.75m of Right to Buy receipts to Vauxhall Gardens',
          motion:
            'That the council applies £4.75m of retained Right to Buy receipts to the 40 social rent homes at Vauxhall Gardens before the receipts must be returned to government.',
          category: 'funding',
          valuePence: 475_000_000,
        },
      },
      { by: 'r.chaudhry', do: { type: 'OpenDecision', decisionId: '2026-06-rtb-receipts', openForMs: OPEN_FOR.aWeek } },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-06-rtb-receipts',
          stance: 'agree',
          reason: 'Receipts would otherwise be returned to HM Treasury with interest.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-06-rtb-receipts' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-06-rtb-receipts' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-06-rtb-receipts' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-06-rtb-receipts', status: 'approved' } },
      {
        by: 'r.chaudhry',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-06-rtb-receipts',
          statement: '£4.75m of Right to Buy receipts committed to Vauxhall Gardens.',
          reasons: ['Avoids returning the receipts with interest', 'Replaces homes sold under Right to Buy'],
          alternativesRejected: ['Use the receipts for acquisitions on the open market'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-06-temporary-accommodation-lease',
          title:
            'Board 11 Jun 2026: Lease 30 new homes at Stockwell Park to the council as temporary accommodation for five years',
          motion:
            'That Southbank Community Homes leases 30 of the new Stockwell Park homes to the council for five years as temporary accommodation for homeless households.',
          category: 'other',
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-06-temporary-accommodation-lease', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-06-temporary-accommodation-lease',
          stance: 'agree',
          reason: 'Temporary accommodation costs the council £38m a year; new homes would cut nightly-paid placements.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-06-temporary-accommodation-lease' } },
      // Southbank took advice on its grant conditions before answering: the lease stood open until then.
      {
        on: '2026-06-16',
        by: signatoryFor(SOUTHBANK),
        do: {
          type: 'RefuseSignOff',
          decisionId: '2026-06-temporary-accommodation-lease',
          reason:
            'The homes are grant-funded for social rent; a five-year temporary accommodation lease breaches the grant conditions and the s106 agreement and works against objective social-rent-60.',
        },
      },
      {
        on: '2026-06-16',
        do: { type: 'ExpectStatus', decisionId: '2026-06-temporary-accommodation-lease', status: 'rejected' },
      },
      {
        on: '2026-06-16',
        by: 'p.adeyemi',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-06-temporary-accommodation-lease',
          statement:
            'Not approved: Southbank Community Homes refused to sign off. The council will seek temporary accommodation elsewhere.',
          reasons: [
            'Breach of grant conditions and the s106 agreement',
            'Conflicts with the 60% social rent objective',
          ],
          alternativesRejected: ['Lease 10 homes instead of 30', 'Let at social rent with a nominations uplift'],
        },
      },
    ],
  },
  {
    on: '2026-07-09',
    title: 'Board 9 Jul 2026',
    steps: [
      {
        by: 'p.adeyemi',
        do: {
          type: 'ReviseObjective',
          partnershipId: PARTNERSHIP,
          objectiveId: 'local-jobs',
          targetDate: '2030-03-31',
          reason:
            'Stockwell Park Phase 1 started 16 weeks late after Building Safety Regulator Gateway 2; apprenticeship intake follows the build programme (Board 9 Jul 2026).',
        },
      },
      {
        by: 's.whitfield',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'homes-1200',
          percentComplete: 9,
          rag: 'amber',
          summary: 'Quarter to 30 Jun 2026: 108 starts; Vauxhall Gardens start delayed by the Wyvil Road acquisition.',
        },
      },
      {
        by: 'a.novak',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'net-zero-ready',
          percentComplete: 10,
          rag: 'amber',
          summary:
            'Quarter to 30 Jun 2026: air-source heat pumps specified for all phases; the Stockwell Park modular pilot was withdrawn, so fabric targets are being re-tested.',
        },
      },
      {
        by: 'e.walsh',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'local-jobs',
          percentComplete: 12,
          rag: 'green',
          summary:
            'Quarter to 30 Jun 2026: 18 local residents in site roles; apprenticeship scheme with Lambeth College agreed.',
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-07-gateway-2-programme',
          title:
            'Board 9 Jul 2026: Accept the revised programme after a 16-week Building Safety Regulator Gateway 2 delay',
          motion:
            'That the Board accepts the revised Stockwell Park programme (start on site August 2026) and raises the gateway-2-delay risk score to 16.',
          category: 'risk',
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-07-gateway-2-programme', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-07-gateway-2-programme',
          stance: 'agree',
          reason: 'The delay is outside the partnership’s control; the revised programme is realistic.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-07-gateway-2-programme' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-07-gateway-2-programme' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-07-gateway-2-programme' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-07-gateway-2-programme', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-07-gateway-2-programme',
          statement: 'Revised programme accepted; start on site 3 August 2026.',
          reasons: ['Regulator delay outside the partnership’s control'],
          alternativesRejected: ['Redesign below 18 m to avoid Gateway 2'],
        },
      },
      {
        by: 'h.singh',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-07-groundworks-contingency',
          title: 'Board 9 Jul 2026: Draw down £850,000 of programme contingency for Clapham Park Phase 3 groundworks',
          motion:
            'That £850,000 of programme contingency is released for unforeseen ground contamination at Clapham Park Phase 3.',
          category: 'funding',
          valuePence: 85_000_000,
        },
      },
      {
        by: 'h.singh',
        do: { type: 'OpenDecision', decisionId: '2026-07-groundworks-contingency', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'a.novak',
        do: {
          type: 'DeclareInterest',
          decisionId: '2026-07-groundworks-contingency',
          nature: 'Owns a leasehold flat in Clapham Park, next to the Phase 3 site.',
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'GrantDispensation',
          decisionId: '2026-07-groundworks-contingency',
          personId: 'a.novak',
          reason:
            'The interest is remote: the contingency does not affect the value of neighbouring homes; she may take part and vote.',
        },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-07-groundworks-contingency',
          stance: 'agree',
          reason: 'Contamination found in the site investigation must be removed before piling.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-07-groundworks-contingency' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-07-groundworks-contingency' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-07-groundworks-contingency' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-07-groundworks-contingency', status: 'approved' } },
      {
        by: 'h.singh',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-07-groundworks-contingency',
          statement: '£850,000 of contingency released for remediation of the Phase 3 ground.',
          reasons: ['Contamination must be removed before piling'],
          alternativesRejected: ['Redesign the foundations', 'Pause Phase 3'],
        },
      },
      {
        by: 'e.walsh',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-07-apprenticeships',
          title: 'Board 9 Jul 2026: Fund 40 construction apprenticeships with Lambeth College (£310,000)',
          motion:
            'That £310,000 funds 40 construction apprenticeships with Lambeth College on partnership sites over three years.',
          category: 'objectives',
          valuePence: 31_000_000,
        },
      },
      { by: 'e.walsh', do: { type: 'OpenDecision', decisionId: '2026-07-apprenticeships', openForMs: OPEN_FOR.aWeek } },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-07-apprenticeships',
          stance: 'agree',
          reason: 'Delivers objective local-jobs and helps contractors find skilled labour.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-07-apprenticeships' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-07-apprenticeships' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-07-apprenticeships' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-07-apprenticeships', status: 'approved' } },
      {
        by: 'e.walsh',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-07-apprenticeships',
          statement: '40 apprenticeships funded; first intake September 2026.',
          reasons: ['Delivers objective local-jobs', 'Contractors short of skilled labour'],
          alternativesRejected: ['Rely on contractors’ own apprenticeship schemes'],
        },
      },
    ],
  },
];
