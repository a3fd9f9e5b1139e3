/**
 * Board meetings from September to November 2026: terms of reference v2 move routine business to a
 * board majority; an urgent written procedure lapses at its closing time for want of a quorum.
 */
import { adminOf, LAMBETH, OVAL, PARTNERSHIP, SCRUTINY_CHAIR, SCRUTINY_MEMBERS, SOUTHBANK } from './cast';
import { COUNCIL_PROCEDURE } from './council-procedure';
import { EVERY_ELIGIBLE_VOTER, OPEN_FOR, type Scene, signatoryFor, type Step, textSha256 } from './format';

const TERMS_V2 = `Lambeth Homes Partnership: Terms of Reference, version 2 (adopted 10 September 2026).
As version 1, except clause 3: decisions within the approved Housing Delivery Plan are taken by a
majority of the votes cast by board members, with a quorum of four; abstentions count towards the
quorum only; there is no casting vote. New clause 9: the board follows the council's procedure for
executive decisions: any disposal of land is a key decision, published on the forward plan 28 clear
days ahead; each decision notice may be called in by two members of the council's Overview and
Scrutiny Committee within five clear working days.`;

export const SEPTEMBER_TO_NOVEMBER: readonly Scene[] = [
  {
    on: '2026-09-10',
    title: 'Board 10 Sep 2026',
    steps: [
      {
        by: 'm.okonkwo',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-09-terms-v2',
          title:
            'Board 10 Sep 2026: Adopt Terms of Reference version 2: board-majority voting within the Housing Delivery Plan',
          motion:
            'That the partnership adopts Terms of Reference version 2, under which decisions within the approved Housing Delivery Plan are taken by a majority of board members voting, quorum four.',
          category: 'governance',
        },
      },
      { by: 'm.okonkwo', do: { type: 'OpenDecision', decisionId: '2026-09-terms-v2', openForMs: OPEN_FOR.aWeek } },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-09-terms-v2',
          stance: 'agree',
          reason: 'Three sign-offs per decision slow routine business; the Delivery Plan already sets the limits.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-09-terms-v2' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-09-terms-v2' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-09-terms-v2' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-09-terms-v2', status: 'approved' } },
      {
        by: 'm.okonkwo',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-09-terms-v2',
          statement: 'Terms of Reference version 2 adopted; decisions drafted from today are taken by board majority.',
          reasons: ['Speeds up routine business within the approved plan', 'Each party keeps two votes of six'],
          alternativesRejected: ['Keep all-parties sign-off for everything', 'Delegate routine decisions to officers'],
        },
      },
      {
        by: 't.begum',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-09-clapham-park-lettings',
          title: 'Board 10 Sep 2026: Clapham Park phase 1: local lettings plan for the first 64 homes',
          motion:
            'That the first 64 homes at Clapham Park are let 50% to council nominations from the estate’s decant list and 25% to transfers from each association, with priority for overcrowded households.',
          category: 'nominations',
        },
      },
      {
        by: 't.begum',
        do: { type: 'OpenDecision', decisionId: '2026-09-clapham-park-lettings', openForMs: OPEN_FOR.twoWeeks },
      },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-09-clapham-park-lettings' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-09-clapham-park-lettings', status: 'open' } },
    ],
  },
  {
    on: '2026-09-10',
    title: 'terms of reference v2',
    steps: [
      {
        by: 'd.hargreaves',
        do: {
          type: 'AgreeTermsOfReference',
          partnershipId: PARTNERSHIP,
          version: 2,
          approvalRule: 'board-majority',
          quorum: 4,
          textSha256: textSha256(TERMS_V2),
          authorisedByDecisionId: '2026-09-terms-v2',
          keyDecisions: {
            categories: ['land-disposal'],
            scrutinyChairPersonId: SCRUTINY_CHAIR,
            callInClearWorkingDays: 5,
            callInMembers: 2,
          },
        },
      },
      // Under council procedure the ledger, not the token, says who may call a decision in.
      ...[SCRUTINY_CHAIR, ...SCRUTINY_MEMBERS].map((personId): Step => ({
        by: adminOf(LAMBETH),
        do: { type: 'GrantRole', organisationId: LAMBETH, personId, role: 'scrutiny' },
      })),
    ],
  },
  {
    on: '2026-09-10',
    title: 'Board 10 Sep 2026, continued',
    steps: [
      {
        by: 'a.mensah',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-09-cotton-gardens-ballot',
          title: 'Board 10 Sep 2026: Hold a resident ballot on the Cotton Gardens regeneration options',
          motion:
            'That a resident ballot on the Cotton Gardens regeneration options is held in October 2026 under the GLA’s Resident Ballot Requirement.',
          category: 'other',
        },
      },
      {
        by: 'a.mensah',
        do: { type: 'OpenDecision', decisionId: '2026-09-cotton-gardens-ballot', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'agree',
          reason: 'Residents must decide the future of their homes.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'agree',
          reason: 'Required for GLA funding of any option with demolition.',
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'agree',
          reason: 'A clear mandate before we commit development funds.',
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'agree',
          reason: 'The options are ready to put to residents.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'agree',
          reason: 'Supports resident involvement.',
        },
      },
      {
        by: 'a.novak',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-cotton-gardens-ballot',
          stance: 'abstain',
          reason: 'Oval has no homes at Cotton Gardens.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-09-cotton-gardens-ballot', status: 'approved' } },
      {
        by: 'a.mensah',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-09-cotton-gardens-ballot',
          statement: 'Ballot to be held 5–26 October 2026, run by Civica Election Services.',
          reasons: ['Required for GLA funding', 'Residents decide the future of their homes'],
          alternativesRejected: ['Consultation without a ballot'],
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-09-vauxhall-cost-plan',
          title: 'Board 10 Sep 2026: Approve the RIBA Stage 3 cost plan for Vauxhall Gardens (£42.7m)',
          motion:
            'That the RIBA Stage 3 cost plan of £42.7m for 160 homes at Vauxhall Gardens is approved as the budget for the stage-two tender.',
          category: 'development',
          valuePence: 4_270_000_000,
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-09-vauxhall-cost-plan', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'abstain',
          reason: 'Awaiting the value-engineering report.',
        },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'agree',
          reason: 'The cost plan is within the Delivery Plan envelope.',
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'ChangeVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'agree',
          reason: 'The value-engineering report confirms savings of £1.1m are already included.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'agree',
          reason: 'Viable with the Right to Buy receipts applied in June.',
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'agree',
          reason: 'Within the association’s borrowing capacity.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'disagree',
          reason: 'At £267,000 per home the scheme is above the GLA benchmark.',
        },
      },
      {
        by: 'a.novak',
        do: {
          type: 'CastVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          stance: 'disagree',
          reason: 'Cost per home exceeds the benchmark; value engineering should go further.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CorrectVote',
          decisionId: '2026-09-vauxhall-cost-plan',
          corrections: { reason: 'At £266,875 per home (£42.7m for 160 homes) the scheme is above the GLA benchmark.' },
          reason: 'The cost per home in the original reason was rounded wrongly.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-09-vauxhall-cost-plan', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-09-vauxhall-cost-plan',
          statement: 'Stage 3 cost plan of £42.7m approved, 4 votes to 2.',
          reasons: ['Within the Delivery Plan envelope', 'Viable with Right to Buy receipts'],
          alternativesRejected: ['Further value engineering before approval', 'Reduce the scheme to 140 homes'],
        },
      },
    ],
  },
  {
    on: '2026-10-08',
    title: 'Board 8 Oct 2026',
    steps: [
      {
        by: 'c.obrien',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-10-lettable-standard',
          title: 'Board 8 Oct 2026: Adopt a joint lettable standard for empty homes',
          motion:
            'That the three parties adopt one lettable standard for empty partnership homes, including decoration vouchers and floor coverings in living rooms.',
          category: 'other',
        },
      },
      {
        by: 'c.obrien',
        do: { type: 'OpenDecision', decisionId: '2026-10-lettable-standard', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'DeclareInterest',
          decisionId: '2026-10-lettable-standard',
          nature: 'Her partner is a director of a decorating contractor on Southbank’s voids framework.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'GrantDispensation',
          decisionId: '2026-10-lettable-standard',
          personId: 'p.adeyemi',
          reason: 'The standard does not award any contract; she may vote.',
        },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-10-lettable-standard',
          stance: 'agree',
          reason: 'One standard avoids residents being treated differently by landlord.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-10-lettable-standard', status: 'approved' } },
      {
        by: 'c.obrien',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-10-lettable-standard',
          statement: 'Joint lettable standard adopted from 1 November 2026.',
          reasons: ['Residents get the same standard whoever the landlord is'],
          alternativesRejected: ['Each party keeps its own standard'],
        },
      },
      {
        by: 'a.novak',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-10-phase-1-solar',
          title: 'Board 8 Oct 2026: Add rooftop solar PV to all Stockwell Park Phase 1 blocks (£640,000)',
          motion: 'That rooftop solar PV is added to the four Phase 1 blocks by contract variation for £640,000.',
          category: 'development',
          valuePence: 64_000_000,
        },
      },
      { by: 'a.novak', do: { type: 'OpenDecision', decisionId: '2026-10-phase-1-solar', openForMs: OPEN_FOR.aWeek } },
      {
        by: 'a.novak',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'agree',
          reason: 'Needed for EPC A on two blocks and lowers residents’ bills.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'agree',
          reason: 'Supports the net-zero objective.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'disagree',
          reason: 'A variation now costs twice what it would at tender; fund it in Phase 2.',
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'disagree',
          reason: 'No budget left in Phase 1 contingency.',
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'disagree',
          reason: 'The roof design would need Gateway 2 re-approval.',
        },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-phase-1-solar',
          stance: 'abstain',
          reason: 'Supports the aim but not the cost of a variation.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-10-phase-1-solar', status: 'rejected' } },
      {
        by: 'a.novak',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-10-phase-1-solar',
          statement: 'Not approved, 2 votes to 3 with 1 abstention; solar PV to be designed into Phase 2.',
          reasons: ['Variation cost and a further Gateway 2 approval'],
          alternativesRejected: ['Fund from the Phase 2 budget now'],
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-10-vauxhall-planning',
          title: 'Board 8 Oct 2026: Submit the Vauxhall Gardens planning application',
          motion:
            'That Southbank Community Homes submits the full planning application for 160 homes at Vauxhall Gardens by 30 October 2026.',
          category: 'development',
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-10-vauxhall-planning', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-10-vauxhall-planning',
          stance: 'agree',
          reason: 'The design has completed pre-application and the design review panel.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-10-vauxhall-planning', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-10-vauxhall-planning',
          statement: 'Planning application submitted on 28 October 2026.',
          reasons: ['Pre-application and design review complete'],
          alternativesRejected: ['Wait for the new Local Plan'],
        },
      },
      { by: 'd.hargreaves', do: { type: 'PublishDecisionNotice', decisionId: '2026-10-vauxhall-planning' } },
      ...SCRUTINY_MEMBERS.map((by): Step => ({
        by,
        do: {
          type: 'CallInDecision',
          decisionId: '2026-10-vauxhall-planning',
          reason: 'The application drops the 20% family-sized homes the Local Plan asks of the site.',
        },
      })),
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-10-cotton-gardens-option-b',
          title: 'Board 8 Oct 2026: Cotton Gardens: proceed with refurbishment (option B), subject to the ballot',
          motion:
            'That the partnership proceeds with full refurbishment of the three Cotton Gardens towers (option B), subject to a yes vote in the resident ballot.',
          category: 'development',
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-10-cotton-gardens-option-b', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'CastVote',
          decisionId: '2026-10-cotton-gardens-option-b',
          stance: 'agree',
          reason: 'Least disruption for residents.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-10-cotton-gardens-option-b', status: 'open' } },
      {
        by: 'l.moreau',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'homes-1200',
          percentComplete: 14,
          rag: 'amber',
          summary:
            'Quarter to 30 Sep 2026: 168 starts; Stockwell Park Phase 1 on site from August after the Gateway 2 delay.',
        },
      },
      {
        by: 'c.obrien',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'social-rent-60',
          percentComplete: 35,
          rag: 'green',
          summary:
            'Quarter to 30 Sep 2026: 24 Vauxhall Gardens homes moved from shared ownership to London Living Rent; social rent share 61%.',
        },
      },
      {
        by: 'a.novak',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'net-zero-ready',
          percentComplete: 18,
          rag: 'red',
          summary:
            'Quarter to 30 Sep 2026: rooftop solar PV for Phase 1 was not approved (Board 8 Oct 2026); EPC A at risk on two blocks.',
        },
      },
      {
        by: 'e.walsh',
        do: {
          type: 'ReportProgress',
          partnershipId: PARTNERSHIP,
          objectiveId: 'local-jobs',
          percentComplete: 27,
          rag: 'green',
          summary: 'Quarter to 30 Sep 2026: first 22 construction apprentices started at Stockwell Park.',
        },
      },
    ],
  },
  {
    on: '2026-11-12',
    title: 'Board 12 Nov 2026',
    steps: [
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-11-cotton-gardens-option-c',
          title: 'Board 12 Nov 2026: Cotton Gardens: proceed with partial redevelopment (option C) after the ballot',
          motion:
            'That, residents having voted 71% yes to option C on a 68% turnout, the partnership proceeds with refurbishing two towers and replacing the third with 120 new homes.',
          category: 'development',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'SupersedeDecision',
          decisionId: '2026-10-cotton-gardens-option-b',
          by: '2026-11-cotton-gardens-option-c',
          reason: 'Residents voted for option C in the ballot of October 2026 (71% yes, 68% turnout).',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-10-cotton-gardens-option-b', status: 'superseded' } },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-11-cotton-gardens-option-c', openForMs: OPEN_FOR.twoWeeks },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'CastVote',
          decisionId: '2026-11-cotton-gardens-option-c',
          stance: 'agree',
          reason: 'Residents chose option C.',
        },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'CastVote',
          decisionId: '2026-11-cotton-gardens-option-c',
          stance: 'agree',
          reason: 'Adds 120 homes while keeping two towers.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-11-cotton-gardens-option-c', status: 'open' } },
      {
        by: 'r.chaudhry',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-11-budget-2027',
          title: 'Board 12 Nov 2026: Partnership revenue budget 2027/28 (£1.9m)',
          motion:
            'That the partnership’s revenue budget for 2027/28 is £1.9m, funded 40% by the council and 30% by each association.',
          category: 'funding',
          valuePence: 190_000_000,
        },
      },
      {
        by: 'r.chaudhry',
        do: { type: 'OpenDecision', decisionId: '2026-11-budget-2027', openForMs: OPEN_FOR.twoWeeks },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DeclareInterest',
          decisionId: '2026-11-budget-2027',
          nature: 'Seconded to the partnership team, whose posts the budget funds.',
        },
      },
      {
        by: 's.whitfield',
        do: { type: 'CastVote', decisionId: '2026-11-budget-2027', stance: 'agree', reason: 'Checking the rules' },
        refusedWith: 'not-a-board-member',
      },
      {
        by: 'l.moreau',
        do: { type: 'CastVote', decisionId: '2026-11-budget-2027', stance: 'agree', reason: 'Checking the rules' },
        refusedWith: 'interest-not-dispensed',
      },
      {
        by: 'r.chaudhry',
        do: { type: 'SignOff', decisionId: '2026-11-budget-2027' },
        refusedWith: 'sign-off-not-applicable',
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CastVote',
          decisionId: '2026-11-budget-2027',
          stance: 'agree',
          reason: 'In line with the medium-term financial plan.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-11-budget-2027', status: 'open' } },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-11-moorlands-viability-review',
          title: 'Board 12 Nov 2026: Agree the viability review mechanism for the Moorlands s106 agreement',
          motion:
            'That early- and late-stage viability reviews apply to the Moorlands scheme, any surplus shared 50:50 between the council and Southbank Community Homes.',
          category: 'land-disposal',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'WithdrawDecision',
          decisionId: '2026-11-moorlands-viability-review',
          reason: 'The GLA published new viability guidance on 3 November 2026; officers will redraft.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-11-moorlands-viability-review', status: 'withdrawn' } },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-11-moorlands-viability-review',
          statement: 'Withdrawn as a draft; a redrafted mechanism will come to the Board in January 2027.',
          reasons: ['New GLA viability guidance of 3 November 2026'],
          alternativesRejected: ['Agree the mechanism under the old guidance'],
        },
      },
    ],
  },
  {
    on: '2026-11-12',
    title: 'Board 12 Nov 2026 (urgent, written procedure)',
    steps: [
      {
        by: 'h.singh',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-11-winter-heating-grant',
          title:
            'Board 12 Nov 2026 (urgent, written procedure): Accept the £180,000 winter pressures grant for temporary heating at Cotton Gardens',
          motion:
            'That Southbank Community Homes accepts the £180,000 winter pressures grant to provide temporary heating while the Cotton Gardens boilers are replaced.',
          category: 'funding',
          valuePence: 18_000_000,
        },
      },
      {
        by: 'h.singh',
        do: { type: 'OpenDecision', decisionId: '2026-11-winter-heating-grant', openForMs: OPEN_FOR.fiveSeconds },
      },
      {
        by: 'p.adeyemi',
        do: {
          type: 'CastVote',
          decisionId: '2026-11-winter-heating-grant',
          stance: 'agree',
          reason: 'Residents need heating this winter.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'CastVote',
          decisionId: '2026-11-winter-heating-grant',
          stance: 'agree',
          reason: 'Grant conditions are acceptable.',
        },
      },
    ],
  },
  {
    on: '2026-11-19',
    title: 'closing time',
    asTheDemoRuns: true,
    steps: [
      { do: { type: 'AwaitClosingTime', decisionId: '2026-11-winter-heating-grant', status: 'lapsed' } },
      {
        by: 'h.singh',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-11-winter-heating-grant',
          statement:
            'Lapsed: the written procedure closed without a quorum. The grant will be accepted by the Southbank Chief Executive under urgency powers and reported to the Board.',
          reasons: ['Only two of six board members voted within the window; quorum is four'],
          alternativesRejected: ['Extend the written procedure', 'Call an extraordinary Board meeting'],
        },
      },
    ],
  },
  {
    on: '2026-11-30',
    title: 'a former board member’s interests erased at his request',
    steps: [
      {
        by: 'l.moreau',
        do: {
          type: 'StandDownBoardMember',
          partnershipId: PARTNERSHIP,
          personId: 'l.moreau',
          reason: 'Leaving Southbank at the end of November.',
        },
      },
      // His declared interests (a relative's directorship) are personal data: erased under UK GDPR,
      // they read "[erased]" from now on while every proof and export still verifies.
      {
        by: 'j.fairweather',
        do: {
          type: 'ErasePersonalData',
          organisationId: SOUTHBANK,
          personId: 'l.moreau',
          reason: 'person-request',
          lawfulBasis: 'no-longer-necessary',
        },
      },
    ],
  },
  ...COUNCIL_PROCEDURE,
];
