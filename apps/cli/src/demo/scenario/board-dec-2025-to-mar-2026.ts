/** The partnership's first four board meetings, and the Moorlands asbestos risk closed in March. */
import { LAMBETH, OVAL, PARTNERSHIP, SOUTHBANK } from './cast';
import { MOORLANDS_MARKET_VALUE } from './council-procedure';
import { EVERY_ELIGIBLE_VOTER, OPEN_FOR, type Scene, signatoryFor } from './format';

export const DECEMBER_TO_MARCH: readonly Scene[] = [
  {
    on: '2025-12-11',
    title: 'Board 11 Dec 2025',
    steps: [
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2025-12-delivery-plan',
          title: 'Board 11 Dec 2025: Adopt the Housing Delivery Plan 2026–2031',
          motion:
            'That the Board adopts the Housing Delivery Plan 2026–2031 (1,200 homes on nine council sites, 60% at social rent) as the programme of the partnership.',
          category: 'objectives',
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2025-12-delivery-plan', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2025-12-delivery-plan',
          stance: 'agree',
          reason: 'The plan matches the council’s Housing Strategy and both associations’ development pipelines.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2025-12-delivery-plan' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2025-12-delivery-plan' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2025-12-delivery-plan' } },
      { do: { type: 'ExpectStatus', decisionId: '2025-12-delivery-plan', status: 'approved' } },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordOutcome',
          decisionId: '2025-12-delivery-plan',
          statement: 'The Housing Delivery Plan 2026–2031 is the partnership’s programme from 1 January 2026.',
          reasons: [
            'Delivers 1,200 affordable homes on land the council already owns',
            'Shares development risk between three organisations',
          ],
          alternativesRejected: [
            'Council-led development through the HRA alone',
            'Open-market disposal of the nine sites',
          ],
        },
      },
      {
        by: 's.whitfield',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2025-12-clapham-park-feasibility',
          title: 'Board 11 Dec 2025: Feasibility funding for Clapham Park Phase 3 (£350,000)',
          motion:
            'That £350,000 is released from the partnership feasibility budget for surveys, massing studies and a viability appraisal of Clapham Park Phase 3, shared equally by the parties.',
          category: 'funding',
          valuePence: 35_000_000,
        },
      },
      {
        by: 's.whitfield',
        do: { type: 'OpenDecision', decisionId: '2025-12-clapham-park-feasibility', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2025-12-clapham-park-feasibility',
          stance: 'agree',
          reason: 'Feasibility is needed before any grant bid for Phase 3.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2025-12-clapham-park-feasibility' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2025-12-clapham-park-feasibility' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2025-12-clapham-park-feasibility' } },
      { do: { type: 'ExpectStatus', decisionId: '2025-12-clapham-park-feasibility', status: 'approved' } },
      {
        by: 's.whitfield',
        do: {
          type: 'RecordOutcome',
          decisionId: '2025-12-clapham-park-feasibility',
          statement: 'Feasibility funding of £350,000 released; report due to the Board in March 2026.',
          reasons: ['Needed for the GLA grant bid', 'Cost shared equally by the three parties'],
          alternativesRejected: ['Defer Phase 3 to 2027', 'Fund from Lambeth’s capital programme alone'],
        },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2025-12-employers-agent',
          title: 'Board 11 Dec 2025: Appoint Hollis & Webb LLP as employer’s agent for Clapham Park Phase 3 (£480,000)',
          motion:
            'That Hollis & Webb LLP is appointed employer’s agent for Clapham Park Phase 3 through the LHC framework for a fee of £480,000.',
          category: 'development',
          valuePence: 48_000_000,
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2025-12-employers-agent', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2025-12-employers-agent',
          stance: 'agree',
          reason: 'Highest quality score on the framework mini-competition.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2025-12-employers-agent' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2025-12-employers-agent' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2025-12-employers-agent' } },
      { do: { type: 'ExpectStatus', decisionId: '2025-12-employers-agent', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2025-12-employers-agent',
          statement: 'Hollis & Webb LLP appointed employer’s agent for Clapham Park Phase 3.',
          reasons: ['Highest combined quality and price score (82/100)', 'Framework call-off is compliant and quick'],
          alternativesRejected: ['In-house project management by the council', 'Direct award to the previous agent'],
        },
      },
    ],
  },
  {
    on: '2026-01-15',
    title: 'Board 15 Jan 2026',
    steps: [
      {
        by: 't.begum',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-01-nominations-agreement',
          title: 'Board 15 Jan 2026: Nominations agreement: 100% of first lets and 75% of re-lets to the council',
          motion:
            'That the associations grant the council nomination rights to 100% of first lets and 75% of re-lets of partnership homes, under the Lambeth Allocations Scheme 2025.',
          category: 'nominations',
        },
      },
      {
        by: 't.begum',
        do: { type: 'OpenDecision', decisionId: '2026-01-nominations-agreement', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-01-nominations-agreement',
          stance: 'agree',
          reason: 'Standard London nominations terms; keeps homes available to the housing register.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-01-nominations-agreement' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-01-nominations-agreement' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-01-nominations-agreement' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-01-nominations-agreement', status: 'approved' } },
      {
        by: 't.begum',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-01-nominations-agreement',
          statement:
            'Nominations agreement signed by all three parties; in force for partnership homes from first let.',
          reasons: ['Homes go to households on the Lambeth housing register', 'Matches the GLA’s grant conditions'],
          alternativesRejected: ['50% of re-lets', 'Nominations through a sub-regional pool'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-01-moorlands-disposal',
          title:
            'Board 15 Jan 2026: Disposal of the Moorlands garages site to Southbank Community Homes at £1.2m below market value',
          motion:
            'That the council disposes of the freehold of the Moorlands garages site (0.4 ha) to Southbank Community Homes for 48 social rent homes, at £1.2m below market value under the General Disposal Consent 2003.',
          category: 'land-disposal',
          valuePence: 120_000_000,
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-01-moorlands-disposal', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'DeclareInterest',
          decisionId: '2026-01-moorlands-disposal',
          nature: 'Ward councillor for Stockwell West and Larkhall; her home is 200 m from the site.',
        },
      },
      {
        by: 'm.okonkwo',
        do: {
          type: 'GrantDispensation',
          decisionId: '2026-01-moorlands-disposal',
          personId: 'a.mensah',
          reason:
            'The interest is shared with many residents of the ward; dispensation under s33(2)(b) Localism Act 2011 to take part and vote.',
        },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-01-moorlands-disposal',
          stance: 'agree',
          reason:
            'Social value of 48 social rent homes exceeds the undervalue; within the General Disposal Consent limit of £2m.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-01-moorlands-disposal' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-01-moorlands-disposal' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-01-moorlands-disposal' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-01-moorlands-disposal', status: 'approved' } },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-01-moorlands-disposal',
          statement: 'The Moorlands garages site transfers to Southbank Community Homes by 30 June 2026.',
          reasons: [
            '48 social rent homes on a site producing no income',
            'Undervalue is within the General Disposal Consent 2003',
          ],
          alternativesRejected: ['Open-market sale', 'Council-led development', 'Retain as garages'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordExemptItem',
          decisionId: '2026-01-moorlands-disposal',
          itemId: 'moorlands-market-value',
          part: 'value',
          paragraph: 3,
          publicInterestReason:
            'Publishing the District Valuer’s market value before the transfer completes would weaken the council’s position should the transfer fall through and the site go to open market.',
          value: MOORLANDS_MARKET_VALUE,
        },
      },
      {
        by: 'r.chaudhry',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-01-risk-appetite',
          title: 'Board 15 Jan 2026: Adopt the partnership risk appetite statement',
          motion:
            'That the Board adopts a cautious appetite for financial and building-safety risk and an open appetite for innovation in delivery, as set out in the risk appetite statement.',
          category: 'risk',
        },
      },
      {
        by: 'r.chaudhry',
        do: { type: 'OpenDecision', decisionId: '2026-01-risk-appetite', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-01-risk-appetite',
          stance: 'agree',
          reason: 'Gives officers a clear basis for escalating risks to the Board.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-01-risk-appetite' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-01-risk-appetite' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-01-risk-appetite' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-01-risk-appetite', status: 'approved' } },
      {
        by: 'r.chaudhry',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-01-risk-appetite',
          statement: 'Risk appetite statement adopted; the risk register is scored against it from February.',
          reasons: ['Aligns the three parties’ risk policies', 'Sets escalation thresholds'],
          alternativesRejected: ['Each party applying its own appetite'],
        },
      },
    ],
  },
  {
    on: '2026-02-12',
    title: 'Board 12 Feb 2026',
    steps: [
      {
        by: 'h.singh',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-02-ahp-grant-bid',
          title: 'Board 12 Feb 2026: Bid for £14.4m from the GLA Affordable Homes Programme 2026–2031',
          motion:
            'That Southbank Community Homes, as lead partner, bids for £14.4m of grant (120 social rent homes at £120,000 each) from the GLA Affordable Homes Programme 2026–2031.',
          category: 'funding',
          valuePence: 1_440_000_000,
        },
      },
      { by: 'h.singh', do: { type: 'OpenDecision', decisionId: '2026-02-ahp-grant-bid', openForMs: OPEN_FOR.aWeek } },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-02-ahp-grant-bid',
          stance: 'agree',
          reason: 'Without grant the social rent homes are not viable.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-02-ahp-grant-bid' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-02-ahp-grant-bid' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-02-ahp-grant-bid' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-02-ahp-grant-bid', status: 'approved' } },
      {
        by: 'h.singh',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-02-ahp-grant-bid',
          statement: 'Grant bid of £14.4m submitted on 27 February 2026 by Southbank Community Homes as lead partner.',
          reasons: [
            'Closes the viability gap on 120 social rent homes',
            'The partnership bid scores higher than three separate bids',
          ],
          alternativesRejected: ['Separate bids by each association', 'Fewer social rent homes without grant'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-02-kennington-garages',
          title:
            'Board 12 Feb 2026: Disposal of the Kennington Lane garages to Oval Housing Trust at nil consideration (market value £850,000)',
          motion:
            'That the council disposes of the Kennington Lane garages site to Oval Housing Trust at nil consideration for 22 social rent homes.',
          category: 'land-disposal',
          valuePence: 85_000_000,
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-02-kennington-garages', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-02-kennington-garages',
          stance: 'agree',
          reason: 'Small site suited to the Trust’s infill programme.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-02-kennington-garages' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-02-kennington-garages' } },
      {
        by: signatoryFor(OVAL),
        do: {
          type: 'RefuseSignOff',
          decisionId: '2026-02-kennington-garages',
          reason:
            'The residual land value is negative at current build costs and the Trust’s Assets Committee has not approved the appraisal; the Trust cannot take on the site now.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-02-kennington-garages', status: 'rejected' } },
      {
        by: 'a.novak',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-02-kennington-garages',
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
        by: 's.whitfield',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-02-decant-policy',
          title: 'Board 12 Feb 2026: Joint decant and right-to-return policy for Clapham Park residents',
          motion:
            'That secure and assured tenants moved for Clapham Park Phase 3 have a right to return to a new home at the same rent level, with home-loss and disturbance payments at the statutory rates.',
          category: 'other',
        },
      },
      {
        by: 's.whitfield',
        do: { type: 'OpenDecision', decisionId: '2026-02-decant-policy', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-02-decant-policy',
          stance: 'agree',
          reason: 'Residents asked for a written right to return before the ballot.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-02-decant-policy' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-02-decant-policy' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-02-decant-policy' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-02-decant-policy', status: 'approved' } },
      {
        by: 's.whitfield',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-02-decant-policy',
          statement: 'Decant and right-to-return policy adopted and published to Clapham Park residents.',
          reasons: [
            'Residents’ central request at the consultation events',
            'Required by the GLA’s estate regeneration guidance',
          ],
          alternativesRejected: ['Right to return for secure tenants only', 'Case-by-case offers'],
        },
      },
    ],
  },
  {
    on: '2026-03-12',
    title: 'Board 12 Mar 2026',
    steps: [
      {
        by: 'l.moreau',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-03-wyvil-road-acquisition',
          title:
            'Board 12 Mar 2026: Acquire 14–20 Wyvil Road, Vauxhall for £3.1m to assemble the Vauxhall Gardens site',
          motion:
            'That Southbank Community Homes acquires 14–20 Wyvil Road for £3.1m (Red Book valuation £3.25m), funded from the partnership development facility.',
          category: 'development',
          valuePence: 310_000_000,
        },
      },
      {
        by: 'l.moreau',
        do: { type: 'OpenDecision', decisionId: '2026-03-wyvil-road-acquisition', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-03-wyvil-road-acquisition',
          stance: 'agree',
          reason: 'Completes the land assembly for 160 homes at Vauxhall Gardens.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-03-wyvil-road-acquisition' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-03-wyvil-road-acquisition' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-03-wyvil-road-acquisition' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-03-wyvil-road-acquisition', status: 'approved' } },
      {
        by: 'l.moreau',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-03-wyvil-road-acquisition',
          statement: 'Contracts exchanged for 14–20 Wyvil Road at £3.1m; completion April 2026.',
          reasons: ['Completes the Vauxhall Gardens site', 'Price below the Red Book valuation'],
          alternativesRejected: ['Compulsory purchase', 'Design around the buildings'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-03-modular-pilot',
          title:
            'Board 12 Mar 2026: Pilot volumetric modular construction (MMC category 1) for 48 homes at Stockwell Park (£11.5m)',
          motion:
            'That 48 homes at Stockwell Park are built by volumetric modular construction by Urban Modular Ltd for £11.5m.',
          category: 'development',
          valuePence: 1_150_000_000,
        },
      },
      {
        by: 'd.hargreaves',
        do: { type: 'OpenDecision', decisionId: '2026-03-modular-pilot', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: 'l.moreau',
        do: {
          type: 'DeclareInterest',
          decisionId: '2026-03-modular-pilot',
          nature: 'His brother-in-law is a director of Urban Modular Ltd, the proposed contractor.',
        },
      },
      {
        by: 'a.mensah',
        do: {
          type: 'CastVote',
          decisionId: '2026-03-modular-pilot',
          stance: 'agree',
          reason: 'Faster delivery and better quality control.',
        },
      },
      {
        by: 'g.thompson',
        do: {
          type: 'CastVote',
          decisionId: '2026-03-modular-pilot',
          stance: 'disagree',
          reason: 'A direct award to one supplier is not a compliant procurement route.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'WithdrawDecision',
          decisionId: '2026-03-modular-pilot',
          reason:
            'Withdrawn on legal advice: a direct award is not compliant with the Procurement Act 2023; to return after a competitive process.',
        },
      },
      { do: { type: 'ExpectStatus', decisionId: '2026-03-modular-pilot', status: 'withdrawn' } },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-03-modular-pilot',
          statement: 'Withdrawn before a decision; officers to run a competitive procurement for modular delivery.',
          reasons: [
            'Direct award not compliant with the Procurement Act 2023',
            'A declared interest of a board member in the supplier',
          ],
          alternativesRejected: ['Proceed with the direct award', 'Abandon the modular pilot'],
        },
      },
      {
        by: 's.whitfield',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-03-vauxhall-recovery-plan',
          title:
            'Board 12 Mar 2026: Note Q3 2025/26 delivery performance and approve the Vauxhall Gardens recovery plan',
          motion:
            'That the Board notes 48 starts against 60 planned in Q3 2025/26 and approves the recovery plan bringing Vauxhall Gardens forward by one quarter.',
          category: 'objectives',
        },
      },
      {
        by: 's.whitfield',
        do: { type: 'OpenDecision', decisionId: '2026-03-vauxhall-recovery-plan', openForMs: OPEN_FOR.aWeek },
      },
      {
        by: EVERY_ELIGIBLE_VOTER,
        do: {
          type: 'CastVote',
          decisionId: '2026-03-vauxhall-recovery-plan',
          stance: 'agree',
          reason: 'The recovery plan keeps the 2026/27 start target within reach.',
        },
      },
      { by: signatoryFor(LAMBETH), do: { type: 'SignOff', decisionId: '2026-03-vauxhall-recovery-plan' } },
      { by: signatoryFor(SOUTHBANK), do: { type: 'SignOff', decisionId: '2026-03-vauxhall-recovery-plan' } },
      { by: signatoryFor(OVAL), do: { type: 'SignOff', decisionId: '2026-03-vauxhall-recovery-plan' } },
      { do: { type: 'ExpectStatus', decisionId: '2026-03-vauxhall-recovery-plan', status: 'approved' } },
      {
        by: 's.whitfield',
        do: {
          type: 'RecordOutcome',
          decisionId: '2026-03-vauxhall-recovery-plan',
          statement: 'Recovery plan approved; progress reported quarterly against objective homes-1200.',
          reasons: ['Keeps the 2026/27 start target achievable'],
          alternativesRejected: ['Re-phase the target to 2027/28'],
        },
      },
    ],
  },
  {
    on: '2026-03-20',
    title: 'risk register',
    steps: [
      {
        by: 's.whitfield',
        do: {
          type: 'CloseRisk',
          partnershipId: PARTNERSHIP,
          riskId: 'moorlands-asbestos',
          reason: 'Survey completed February 2026; licensed removal finished 20 March 2026 before the start on site.',
        },
      },
    ],
  },
];
