import type { ProvenEvent } from './verify-on-screen';

/**
 * The decision's status after each event that sets it. The console may import only
 * libs/contracts, and a check must not trust the server it checks, so the browser folds the
 * proven events itself, as the offline verifier would: this is the decision's life cycle as its
 * events name it (libs/domain `evolveDecision` is the rule the ledger keeps).
 */
const STATUS_AFTER: Readonly<Record<string, string>> = {
  DecisionDrafted: 'draft',
  DecisionOpened: 'open',
  DecisionApproved: 'approved',
  DecisionRejected: 'rejected',
  DecisionLapsed: 'lapsed',
  DecisionWithdrawn: 'withdrawn',
  DecisionRescinded: 'rescinded',
  DecisionSuperseded: 'superseded',
};

export interface ProvenOutcome {
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
}

/** What the decision page should show, re-derived from its stream's proven events; each fact keeps the event it came from. */
export interface ReplayedDecision {
  title?: { value: string; event: ProvenEvent };
  status?: { value: string; event: ProvenEvent };
  /** Party → its standing sign-off, or the withdrawal that ended it. */
  signOffs: Map<string, { signedOff: boolean; event: ProvenEvent }>;
  interests: ProvenEvent[];
  outcome?: { value: ProvenOutcome; event: ProvenEvent };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : []);

/** Folds the stream's events (in revision order) into the facts the page shows. */
export function replayDecision(stream: readonly ProvenEvent[]): ReplayedDecision {
  const out: ReplayedDecision = { signOffs: new Map(), interests: [] };
  for (const event of stream) {
    const d = event.data;
    if (typeof d.title === 'string') out.title = { value: d.title, event };
    const status = STATUS_AFTER[event.type];
    if (status !== undefined) out.status = { value: status, event };
    if (event.type === 'SignOffRecorded') out.signOffs.set(text(d.party), { signedOff: true, event });
    if (event.type === 'SignOffWithdrawn') out.signOffs.set(text(d.party), { signedOff: false, event });
    if (event.type === 'InterestDeclared') out.interests.push(event);
    if (event.type === 'OutcomeRecorded')
      out.outcome = {
        value: {
          statement: text(d.statement),
          reasons: texts(d.reasons),
          alternativesRejected: texts(d.alternativesRejected),
        },
        event,
      };
  }
  return out;
}

/** A personal-data field as hashed (docs/personal-data.md): its plaintext is not in the proven bytes. */
export function isSealed(value: unknown): boolean {
  return typeof value === 'string' && /^(pd1|ex1):/.test(value);
}
