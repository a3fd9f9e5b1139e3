import { PartnershipState } from '@accord/domain';
import { Names } from '@accord/projections';

export interface PartnershipOverview {
  partnershipId: string;
  title: string;
  purpose: string;
  status: string;
  parties: { organisationId: string; name?: string; kind?: string; joined: boolean }[];
  terms?: PartnershipState['terms'];
  board: { personId: string; party: string; partyName?: string; boardRole?: string; jobTitle?: string }[];
  objectives: {
    objectiveId: string;
    title: string;
    description: string;
    targetDate?: string;
    latestProgress: { percentComplete: number; rag: string; summary: string } | null;
  }[];
  openRisks: {
    riskId: string;
    title: string;
    owner: { organisationId: string; name?: string };
    likelihood: number;
    impact: number;
    score: number;
    mitigations: { party: string; partyName?: string; action: string; dueDate?: string }[];
  }[];
  closedRisks: number;
  /** Decisions of the partnership by status. */
  decisions: Record<string, number>;
  /** The log position this answer reflects (as of that position; with `asOf`, the last event replayed). */
  position: number;
  asOf?: string;
}

/** The overview a board or officer reads, from the folded partnership and the names of its people. */
export function partnershipOverview(
  state: PartnershipState,
  names: Names,
  decisions: Record<string, number>,
  position: number,
): PartnershipOverview {
  return {
    partnershipId: state.partnershipId,
    title: state.title,
    purpose: state.purpose,
    status: state.status,
    parties: state.parties.map((organisationId) => ({
      organisationId,
      name: names.organisationName(organisationId),
      kind: names.organisationKind(organisationId),
      joined: state.joined.includes(organisationId),
    })),
    ...(state.terms ? { terms: state.terms } : {}),
    // Stored state is jsonb, which keeps no key order: sort so every answer lists things alike.
    board: Object.values(state.board)
      .sort(
        (a, b) =>
          state.parties.indexOf(a.party) - state.parties.indexOf(b.party) || a.personId.localeCompare(b.personId),
      )
      .map((seat) => ({
        ...seat,
        partyName: names.organisationName(seat.party),
        jobTitle: names.jobTitle(seat.party, seat.personId),
      })),
    objectives: Object.values(state.objectives)
      .sort((a, b) => a.objectiveId.localeCompare(b.objectiveId))
      .map((o) => ({ ...o, latestProgress: o.latestProgress ?? null })),
    openRisks: Object.values(state.risks)
      .filter((r) => !r.closed)
      .map((r) => ({
        riskId: r.riskId,
        title: r.title,
        owner: { organisationId: r.ownerParty, name: names.organisationName(r.ownerParty) },
        likelihood: r.likelihood,
        impact: r.impact,
        score: r.likelihood * r.impact,
        mitigations: r.mitigations.map((m) => ({ ...m, partyName: names.organisationName(m.party) })),
      }))
      .sort((a, b) => b.score - a.score || a.riskId.localeCompare(b.riskId)),
    closedRisks: Object.values(state.risks).filter((r) => r.closed).length,
    decisions,
    position,
  };
}

/** Ids to look names up for. */
export function namesNeeded(state: PartnershipState): { orgIds: string[]; personIds: string[] } {
  return { orgIds: [...state.parties], personIds: Object.keys(state.board) };
}
