/** The API accepted what the story says it refuses, or a decision did not end as the story says. */
export class UnexpectedOutcome extends Error {
  override name = 'UnexpectedOutcome';
}

/** The scenario cannot be played as written (someone outside the cast, a decision never drafted …). */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}
