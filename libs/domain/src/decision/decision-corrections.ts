import type { DecisionEventType } from './decision.events';

export type CorrectableValue = 'text' | 'text-list';

export interface CorrectionPolicy {
  /** The fields a correction may restate, and their shape. */
  readonly fields: Readonly<Record<string, CorrectableValue>>;
  /** Who may correct: only the event's author, or also a board member of the partnership. */
  readonly by: 'author' | 'author-or-board-member';
}

/**
 * What a RecordCorrected may restate: the words of the record, never what happened. Stances,
 * sign-offs, authorities, approvals, times and an opened motion's text are not correctable:
 * those change only by new acts (a changed vote, a withdrawn sign-off, a rescission or a
 * superseding decision). The corrected event itself stays as it was.
 */
export const CORRECTABLE_EVENTS: Readonly<Partial<Record<DecisionEventType, CorrectionPolicy>>> = {
  OutcomeRecorded: {
    fields: { statement: 'text', reasons: 'text-list', alternativesRejected: 'text-list' },
    by: 'author-or-board-member',
  },
  VoteCast: { fields: { reason: 'text' }, by: 'author' },
  VoteChanged: { fields: { reason: 'text' }, by: 'author' },
  InterestDeclared: { fields: { nature: 'text' }, by: 'author' },
  DispensationGranted: { fields: { reason: 'text' }, by: 'author' },
  SignOffWithdrawn: { fields: { reason: 'text' }, by: 'author' },
  DecisionWithdrawn: { fields: { reason: 'text' }, by: 'author' },
  DecisionRescinded: { fields: { reason: 'text' }, by: 'author' },
  DecisionSuperseded: { fields: { reason: 'text' }, by: 'author' },
};
