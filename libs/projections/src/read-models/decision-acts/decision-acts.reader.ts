import { Pool } from 'pg';
import { DecisionAct, DecisionActKind } from './decision-acts';

/** Every act on a decision, in log order. */
export async function readActsOfDecision(db: Pool, decisionId: string): Promise<DecisionAct[]> {
  const { rows } = await db.query<{ detail: DecisionAct }>(
    'SELECT detail FROM rm_decision_acts WHERE decision_id = $1 ORDER BY position',
    [decisionId],
  );
  return rows.map((r) => r.detail);
}

/** The acts of these kinds done for an organisation, in log order. */
export async function readActsOfOrganisation(
  db: Pool,
  organisationId: string,
  kinds: readonly DecisionActKind[],
): Promise<DecisionAct[]> {
  const { rows } = await db.query<{ detail: DecisionAct }>(
    'SELECT detail FROM rm_decision_acts WHERE org_id = $1 AND kind = ANY($2::text[]) ORDER BY position',
    [organisationId, kinds],
  );
  return rows.map((r) => r.detail);
}
