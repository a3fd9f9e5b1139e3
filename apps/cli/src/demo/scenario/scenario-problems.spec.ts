import type { Scenario } from './format';
import { LAMBETH_HOMES } from './lambeth-homes';
import { scenarioProblems } from './scenario-problems';

describe('scenarioProblems', () => {
  it('finds none in the demo’s story', () => {
    expect(scenarioProblems(LAMBETH_HOMES)).toEqual([]);
  });

  it('names steps out of time order, people outside the cast and decisions never drafted', () => {
    const broken: Scenario = {
      ...LAMBETH_HOMES,
      reader: 'nobody',
      showcaseDecisionId: 'never-drafted',
      scenes: [
        {
          on: '2026-02-01',
          title: 'Board 1 Feb',
          steps: [
            { by: 'd.hargreaves', do: { type: 'SignOff', decisionId: 'd-1' } },
            {
              by: 'x.stranger',
              on: '2026-01-01',
              do: { type: 'JoinPartnership', partnershipId: LAMBETH_HOMES.partnershipId },
            },
            { by: { signatoryFor: 'elsewhere' }, do: { type: 'SignOff', decisionId: 'd-1' } },
            { on: '1 March', do: { type: 'ExpectStatus', decisionId: 'd-1', status: 'approved' } },
          ],
        },
      ],
    };
    expect(scenarioProblems(broken)).toEqual([
      'the reader nobody is not in the cast',
      'Board 1 Feb (2026-02-01), SignOff: names decision d-1, which no earlier step drafts',
      'Board 1 Feb (2026-01-01), JoinPartnership: dated before 2026-02-01; steps go in time order',
      'Board 1 Feb (2026-01-01), JoinPartnership: x.stranger is not in the cast',
      'Board 1 Feb (2026-02-01), SignOff: nobody of elsewhere is in the cast',
      'Board 1 Feb (2026-02-01), SignOff: names decision d-1, which no earlier step drafts',
      'Board 1 Feb (1 March), ExpectStatus: 1 March is not a date (YYYY-MM-DD)',
      'Board 1 Feb (1 March), ExpectStatus: names decision d-1, which no earlier step drafts',
      'the showcase decision never-drafted is never drafted',
    ]);
  });
});
