/**
 * December 2026 under the council's procedure (terms v2): scrutiny refers the called-in Vauxhall
 * planning decision back and the board confirms it; the forward plan announces 2027's decisions;
 * a land disposal that cannot wait 28 days gets a general exception; the Moorlands market value,
 * exempt since January, is published once the transfer has completed.
 *
 * The API dates every act when it is sent, so the story's December acts happen on the day the demo
 * runs: the general exception's notice to the scrutiny chair is the one act dated in the past, and
 * the forward plan's expected date is the story's 11 March 2027 board, or five weeks after the
 * day the demo runs once that board is past (a forward-plan date may not be past).
 */
import { londonDate } from '@accord/domain';
import { PARTNERSHIP, SCRUTINY_CHAIR } from './cast';
import type { Scene } from './format';

const STORY_BOARD = '2027-03-11';
const FIVE_WEEKS_MS = 35 * 86_400_000;

/** The board the forward plan announces: the story's, unless the demo runs after it. */
export function forwardPlanDate(now = Date.now()): string {
  const fiveWeeksOn = londonDate(new Date(now + FIVE_WEEKS_MS).toISOString());
  return fiveWeeksOn > STORY_BOARD ? fiveWeeksOn : STORY_BOARD;
}

/** The land value held exempt (Schedule 12A para 3) on the Moorlands disposal until the transfer completed. */
export const MOORLANDS_MARKET_VALUE =
  'District Valuer’s market value of the Moorlands garages site: £4,850,000 (report of 9 January 2026)';

const BOARD = 'Lambeth Homes Partnership board';

export const COUNCIL_PROCEDURE: readonly Scene[] = [
  {
    on: '2026-12-01',
    title: 'Overview and Scrutiny Committee 1 Dec 2026',
    steps: [
      {
        by: SCRUTINY_CHAIR,
        do: {
          type: 'RecordScrutinyOutcome',
          decisionId: '2026-10-vauxhall-planning',
          outcome: 'referred-back',
          recommendations:
            'That the board confirms the application keeps the 20% family-sized homes the Local Plan asks of the site, or says why not.',
        },
      },
    ],
  },
  {
    on: '2026-12-03',
    title: 'Board 3 Dec 2026',
    steps: [
      {
        by: 'a.mensah',
        do: {
          type: 'ReconsiderDecision',
          decisionId: '2026-10-vauxhall-planning',
          reason:
            'The application keeps 34 three- and four-bedroom homes (21%); the committee’s concern is met and the decision stands.',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2027-03-cotton-gardens-appropriation',
          title: 'Board 11 Mar 2027: Appropriate the Cotton Gardens land for planning purposes',
          motion:
            'That the council appropriates the Cotton Gardens estate land for planning purposes under s122 Local Government Act 1972 and disposes of the option C plots to Southbank Community Homes.',
          category: 'land-disposal',
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'PublishForwardPlanEntry',
          decisionId: '2027-03-cotton-gardens-appropriation',
          decisionMaker: BOARD,
          expectedDate: forwardPlanDate(),
          documents: ['Cotton Gardens appropriation report', 'Option C ballot result'],
        },
      },
      {
        by: 'h.singh',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2027-03-budget-monitoring',
          title: 'Board 11 Mar 2027: Partnership budget monitoring, quarter 3 2026/27',
          motion: 'That the board notes the quarter 3 budget monitoring report and the forecast underspend of £42,000.',
          category: 'funding',
        },
      },
      {
        by: 'h.singh',
        do: {
          type: 'PublishForwardPlanEntry',
          decisionId: '2027-03-budget-monitoring',
          decisionMaker: BOARD,
          expectedDate: forwardPlanDate(),
          documents: ['Quarter 3 budget monitoring report'],
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          decisionId: '2026-12-stockwell-garages-disposal',
          title: 'Board 17 Dec 2026: Dispose of the Stockwell Road garages to Oval Housing Trust',
          motion:
            'That the council disposes of the freehold of the Stockwell Road garages (0.2 ha) to Oval Housing Trust for 22 social rent homes at best consideration of £900,000.',
          category: 'land-disposal',
          valuePence: 90_000_000,
        },
      },
      {
        by: 'd.hargreaves',
        do: {
          type: 'RecordGeneralException',
          decisionId: '2026-12-stockwell-garages-disposal',
          reason:
            'The GLA grant for the 22 homes must be contracted by 31 December 2026; the board cannot wait 28 clear days on the forward plan.',
          scrutinyChairNotifiedAt: '2026-12-02T10:00:00Z',
        },
      },
    ],
  },
  {
    on: '2026-12-03',
    title: 'the Moorlands market value published',
    steps: [
      {
        by: 'd.hargreaves',
        do: {
          type: 'DeclassifyExemptItem',
          decisionId: '2026-01-moorlands-disposal',
          itemId: 'moorlands-market-value',
          reason:
            'The transfer to Southbank completed on 30 June 2026; the council’s position no longer needs protecting.',
        },
      },
    ],
  },
];
