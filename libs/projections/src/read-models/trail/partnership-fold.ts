import { decisionAggregate, DecisionState, partnershipAggregate, PartnershipState, streamKindOf } from '@accord/domain';
import { HashedEnvelope } from '@accord/event-store';

/** An event of the partnership's stream that the timeline lists as a change of an objective or a risk. */
export const HISTORY_TYPES = new Set([
  'ObjectiveSet',
  'ObjectiveRevised',
  'ProgressReported',
  'RiskRaised',
  'MitigationAssigned',
  'RiskClosed',
]);

export interface HistoryEvent {
  position: number;
  recordedAt: string;
  /** When it happened (absent from snapshots folded before it was kept: read as recordedAt). */
  occurredAt?: string;
  type: string;
  data: Record<string, unknown>;
}

export interface DraftedAt {
  position: number;
  recordedAt: string;
  occurredAt: string;
}

/**
 * A partnership and its decisions folded from its events in log order, with what the domain
 * state does not keep and the timeline and register show: when each decision was drafted, and
 * every change of an objective or a risk. Plain JSON, so it is stored as a snapshot as it is.
 */
export interface PartnershipFold {
  partnership: PartnershipState;
  decisions: Record<string, DecisionState>;
  drafted: Record<string, DraftedAt>;
  history: HistoryEvent[];
  /** Events folded, and the position of the last one (0 when none). */
  events: number;
  lastPosition: number;
}

export const emptyFold = (): PartnershipFold => ({
  partnership: partnershipAggregate.initialState,
  decisions: {},
  drafted: {},
  history: [],
  events: 0,
  lastPosition: 0,
});

export const occurredAtOf = (event: HashedEnvelope): string => event.metadata.occurredAt ?? event.recordedAt;

/**
 * Folds one event of the log into `fold` (in place) when it bears on the partnership: its own
 * stream, or a decision of it. Returns whether it did.
 */
export function foldEvent(fold: PartnershipFold, partnershipId: string, event: HashedEnvelope): boolean {
  const data = event.data as { partnershipId?: string; decisionId?: string };
  if (data.partnershipId !== partnershipId) return false;
  // Without eventId the domain keeps no per-event bookkeeping, which a replay does not need.
  const domainEvent = { type: event.type, data: event.data } as never;
  const kind = streamKindOf(event.streamId);
  if (kind === 'partnership') {
    fold.partnership = partnershipAggregate.evolve(fold.partnership, domainEvent);
    if (HISTORY_TYPES.has(event.type))
      fold.history.push({
        position: event.position,
        recordedAt: event.recordedAt,
        occurredAt: occurredAtOf(event),
        type: event.type,
        data: event.data as Record<string, unknown>,
      });
  } else if (kind === 'decision' && data.decisionId) {
    const id = data.decisionId;
    fold.decisions[id] = decisionAggregate.evolve(fold.decisions[id] ?? decisionAggregate.initialState, domainEvent);
    if (event.type === 'DecisionDrafted')
      fold.drafted[id] = { position: event.position, recordedAt: event.recordedAt, occurredAt: occurredAtOf(event) };
  } else return false;
  fold.events += 1;
  fold.lastPosition = event.position;
  return true;
}
