import { PartnershipTimeline, TimelineChange, TimelineDecision } from '@accord/contracts';
import { DecisionState, PartnershipState } from '@accord/domain';
import { HashedEnvelope } from '@accord/event-store';
import { Names, PartnershipAsOf } from '@accord/projections';

type RecordedChange = Omit<TimelineChange, 'subject'> & { subject: { kind: 'objective' | 'risk'; id: string } };

/**
 * What the replay cannot keep in the domain state: when each decision was drafted, and the
 * history (not just the latest) of objectives and risks. Fed every replayed event in order.
 */
export class TimelineRecorder {
  readonly draftedAt = new Map<string, string>();
  readonly changes: RecordedChange[] = [];

  observe = (event: HashedEnvelope): void => {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'DecisionDrafted') this.draftedAt.set(String(data.decisionId), event.recordedAt);
    const summary = changeSummary(event.type, data);
    if (summary === undefined) return;
    const subject =
      typeof data.objectiveId === 'string'
        ? { kind: 'objective' as const, id: data.objectiveId }
        : { kind: 'risk' as const, id: String(data.riskId) };
    this.changes.push({ position: event.position, at: event.recordedAt, type: event.type, subject, summary });
  };
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

/** Decisions (newest first) with every party's sign-off and votes, and the objective and risk history. */
export function partnershipTimeline(
  replayed: PartnershipAsOf,
  recorder: TimelineRecorder,
  names: Names,
  asOf: Date,
): PartnershipTimeline {
  const p = replayed.partnership;
  const decisions = [...replayed.decisions.values()]
    .map((d) => timelineDecision(d, p, names, recorder.draftedAt.get(d.decisionId) ?? ''))
    .sort((a, b) => b.draftedAt.localeCompare(a.draftedAt) || b.decisionId.localeCompare(a.decisionId));
  const title = (kind: 'objective' | 'risk', id: string) =>
    kind === 'objective' ? p.objectives[id]?.title : p.risks[id]?.title;
  return {
    partnershipId: p.partnershipId,
    title: p.title,
    status: p.status,
    parties: p.parties.map((organisationId) => ({ organisationId, name: names.organisationName(organisationId) })),
    decisions,
    changes: recorder.changes.map((c) => ({
      ...c,
      subject: { ...c.subject, title: title(c.subject.kind, c.subject.id) },
    })),
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
