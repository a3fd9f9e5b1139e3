/** What makes a scenario unplayable, found before anything is sent: each problem names its scene. */
import type { Check, Scenario, StoryCommand } from './format';

const STORY_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function scenarioProblems(scenario: Scenario): string[] {
  const problems: string[] = [];
  const cast = new Set(scenario.people.map((p) => p.personId));
  const organisations = new Set(scenario.people.map((p) => p.orgId));
  const drafted = new Set<string>();
  let latest = '';
  if (!cast.has(scenario.reader)) problems.push(`the reader ${scenario.reader} is not in the cast`);
  for (const scene of scenario.scenes) {
    for (const step of scene.steps) {
      const on = step.on ?? scene.on;
      const where = `${scene.title} (${on}), ${step.do.type}`;
      if (!STORY_DATE.test(on)) problems.push(`${where}: ${on} is not a date (YYYY-MM-DD)`);
      else if (on < latest || on < scene.on) problems.push(`${where}: dated before ${latest}; steps go in time order`);
      else latest = on;
      if ('by' in step && typeof step.by === 'string' && !cast.has(step.by))
        problems.push(`${where}: ${step.by} is not in the cast`);
      if (
        'by' in step &&
        typeof step.by === 'object' &&
        'signatoryFor' in step.by &&
        !organisations.has(step.by.signatoryFor)
      )
        problems.push(`${where}: nobody of ${step.by.signatoryFor} is in the cast`);
      if (step.do.type === 'DraftDecision') drafted.add(step.do.decisionId);
      else
        for (const id of decisionsNamed(step.do))
          if (!drafted.has(id)) problems.push(`${where}: names decision ${id}, which no earlier step drafts`);
    }
  }
  if (!drafted.has(scenario.showcaseDecisionId))
    problems.push(`the showcase decision ${scenario.showcaseDecisionId} is never drafted`);
  return problems;
}

function decisionsNamed(command: StoryCommand | Check): string[] {
  const ids = 'decisionId' in command ? [command.decisionId] : [];
  if (command.type === 'SupersedeDecision') ids.push(command.by);
  if ('authorisedByDecisionId' in command && command.authorisedByDecisionId !== undefined)
    ids.push(command.authorisedByDecisionId);
  return ids;
}
