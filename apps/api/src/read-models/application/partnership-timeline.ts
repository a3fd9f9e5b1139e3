import { PartnershipTimeline, TimelineChange, TimelineDecision } from '@accord/contracts';
import { DecisionState, PartnershipState } from '@accord/domain';
import { Names, PartnershipAsOf } from '@accord/projections';

/** The history of objectives and risks (not just the latest) as timeline changes, in log order. */
function changesOf(replayed: PartnershipAsOf): TimelineChange[] {
  const p = replayed.partnership;
  const changes: TimelineChange[] = [];
  for (const event of replayed.history) {
    const summary = changeSummary(event.type, event.data);
    if (summary === undefined) continue;
    const subject =
      typeof event.data.objectiveId === 'string'
        ? { kind: 'objective' as const, id: event.data.objectiveId, title: p.objectives[event.data.objectiveId]?.title }
        : { kind: 'risk' as const, id: String(event.data.riskId), title: p.risks[String(event.data.riskId)]?.title };
    // Placed when it happened, as the decisions are (by their drafting's occurredAt).
    const at = event.occurredAt ?? event.recordedAt;
    changes.push({ position: event.position, at, type: event.type, subject, summary });
  }
  return changes;
}

function changeSummary(type: string, d: Record<string, unknown>): string | undefined {
  switch (type) {
    case 'ObjectiveSet':
      return `Objective set: ${String(d.title)}${d.targetDate ? ` (target ${String(d.targetDate)})` : ''}`;
    case 'ObjectiveRevised':
      return `Objective revised: ${String(d.reason)}`;
    case 'ProgressReported':
      return `Progress ${String(d.percentComplete)}% (${String(d.rag).toUpperCase()}): ${String(d.summary)}`;
    case 'RiskRaised':
      return `Risk raised: ${String(d.title)} (likelihood ${String(d.likelihood)} × impact ${String(d.impact)})`;
    case 'MitigationAssigned':
      return `Mitigation assigned to ${String(d.party)}: ${String(d.action)}${d.dueDate ? ` (due ${String(d.dueDate)})` : ''}`;
    case 'RiskClosed':
      return `Risk closed: ${String(d.reason)}`;
    default:
      return undefined;
  }
}

export function peopleOfTimeline(replayed: PartnershipAsOf): Set<string> {
  const people = new Set(Object.keys(replayed.partnership.board));
  for (const d of replayed.decisions.values()) {
    for (const v of Object.values(d.votes)) people.add(v.personId);
    for (const s of Object.values(d.signOffs)) people.add(s.personId);
  }
  return people;
}

/** A decision's timeline entry as last built, and what else it was built from. */
interface BuiltDecision {
  partnership: PartnershipState;
  names: string;
  draftedAt: string;
  entry: TimelineDecision;
}

/**
 * The timeline entries of decisions, kept from one build of a current timeline to the next. A live
 * event changes one decision, and the fold the next build reads keeps every other decision's state
 * object as it was (states are never changed in place, only replaced), so their entries are taken
 * as built rather than built and named again: a build costs the change, not the partnership's
 * decisions. An entry is reused only for the same decision state, partnership state (its board and
 * parties) and names (the same names for the same ids: Names.fingerprint). Held weakly by the
 * state: an entry goes with the fold that holds it.
 */
export class TimelineDecisions {
  private readonly built = new WeakMap<DecisionState, BuiltDecision>();

  entry(d: DecisionState, p: PartnershipState, names: Names, draftedAt: string): TimelineDecision {
    const found = this.built.get(d);
    if (found?.partnership === p && found.names === names.fingerprint && found.draftedAt === draftedAt)
      return found.entry;
    const entry = timelineDecision(d, p, names, draftedAt);
    this.built.set(d, { partnership: p, names: names.fingerprint, draftedAt, entry });
    return entry;
  }
}

/**
 * Decisions (newest first) with every party's sign-off and votes, and the objective and risk
 * history. With `reuse` (a current timeline's build), decisions' entries built before are reused.
 */
export function partnershipTimeline(
  replayed: PartnershipAsOf,
  names: Names,
  asOf: Date,
  reuse?: TimelineDecisions,
): PartnershipTimeline {
  const p = replayed.partnership;
  const entryOf = (d: DecisionState) => {
    const draftedAt = replayed.drafted.get(d.decisionId)?.occurredAt ?? '';
    return reuse ? reuse.entry(d, p, names, draftedAt) : timelineDecision(d, p, names, draftedAt);
  };
  const decisions = [...replayed.decisions.values()]
    .map(entryOf)
    .sort((a, b) => b.draftedAt.localeCompare(a.draftedAt) || b.decisionId.localeCompare(a.decisionId));
  return {
    partnershipId: p.partnershipId,
    title: p.title,
    status: p.status,
    parties: p.parties.map((organisationId) => ({ organisationId, name: names.organisationName(organisationId) })),
    decisions,
    changes: changesOf(replayed),
    position: replayed.lastPosition,
    asOf: asOf.toISOString(),
  };
}

function timelineDecision(d: DecisionState, p: PartnershipState, names: Names, draftedAt: string): TimelineDecision {
  const board = Object.values(p.board);
  const votes = Object.values(d.votes);
  return {
    decisionId: d.decisionId,
    title: d.title,
    status: d.status,
    category: d.category,
    valuePence: d.valuePence,
    approvalRule: d.approvalRule,
    draftedAt,
    openedAt: d.openedAt,
    closesAt: d.closesAt,
    resolvedAt: d.resolvedAt,
    outcome: d.outcome?.statement,
    parties: p.parties.map((organisationId) => {
      const signOff = d.signOffs[organisationId];
      return {
        organisationId,
        signOff: signOff
          ? {
              by: names.person(signOff.personId, organisationId),
              at: signOff.signedAt,
              authority: { authorityId: signOff.authority.authorityId, instrument: signOff.authority.instrument },
            }
          : null,
        votes: votes
          .filter((v) => v.orgId === organisationId)
          .map((v) => ({ by: names.person(v.personId, v.orgId), stance: v.stance })),
        notVoted: board
          .filter((s) => s.party === organisationId && !d.votes[s.personId])
          .map((s) => names.person(s.personId, organisationId)),
      };
    }),
    interests: Object.keys(d.interests).length,
  };
}
