/**
 * The demo's story: the Lambeth Homes Partnership from its founding to its first year of board
 * business, decided by written procedure, then the year's board meetings as the clerk minuted them.
 * Every act that can say when it happened is dated on its scene's day (./dated.ts).
 */
import { APRIL_TO_JULY } from './board-apr-to-jul-2026';
import { DECEMBER_TO_MARCH } from './board-dec-2025-to-mar-2026';
import { SEPTEMBER_TO_NOVEMBER } from './board-sep-to-nov-2026';
import { boardYearScenes } from './board-year';
import { MEMBERS, PARTNERSHIP, PLATFORM_ADMIN } from './cast';
import { datedOnItsDay } from './dated';
import type { Scenario } from './format';
import { FOUNDING } from './founding';

export const LAMBETH_HOMES: Scenario = {
  title: 'the Lambeth Homes Partnership',
  partnershipId: PARTNERSHIP,
  people: [PLATFORM_ADMIN, ...MEMBERS],
  reader: 'd.hargreaves',
  showcaseDecisionId: '2026-01-moorlands-disposal',
  scenes: [
    ...[...FOUNDING, ...DECEMBER_TO_MARCH, ...APRIL_TO_JULY, ...SEPTEMBER_TO_NOVEMBER].map(datedOnItsDay),
    ...boardYearScenes(),
  ],
};
