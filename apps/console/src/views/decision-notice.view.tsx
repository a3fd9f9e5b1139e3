import type { ReactNode } from 'react';
import { formatDate } from '../ui/format';
import { ListOf, StatusBadge } from '../ui/states';

/** What every reader of a decision notice is told, on the public register and the parties' page alike. */
export interface NoticeShown {
  decisionId: string;
  decision: string;
  decidedAt: string;
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
  callInUntil?: string | null;
  callInExemptReason?: string | null;
}

/** How a page words a notice for its readers: see NoticeCard. */
export interface NoticeWording {
  heading: ReactNode;
  interests: string[];
  publishedBy: string;
  /** What the reader may do about it, below the notice. */
  actions?: ReactNode;
}

/** A partnership's decision notices, newest first, under their heading, each as `word` puts it. */
export function NoticesSection<N extends NoticeShown>({
  notices,
  error,
  retry,
  word,
}: {
  notices: N[] | undefined;
  error: unknown;
  retry: () => void;
  word: (notice: N) => NoticeWording;
}) {
  return (
    <>
      <h2>Decision notices</h2>
      <ListOf
        what="decision notices"
        items={notices}
        error={error}
        retry={retry}
        none="No decision notice published yet."
      >
        {(items) => (
          <ul className="cards" aria-label="Decision notices">
            {items.map((n) => (
              <NoticeCard key={n.decisionId} notice={n} {...word(n)} />
            ))}
          </ul>
        )}
      </ListOf>
    </>
  );
}

/**
 * One decision notice (regs 12, 13) as a card: the decision and its date, the statement, reasons,
 * alternatives rejected, the interests declared (in the words the reader may read), the call-in
 * period or why there is none, and who published it.
 */
function NoticeCard({ notice: n, heading, interests, publishedBy, actions }: { notice: NoticeShown } & NoticeWording) {
  return (
    <li className="card" data-notice={n.decisionId}>
      <h3>{heading}</h3>
      <p>
        <StatusBadge status={n.decision} /> on {formatDate(n.decidedAt)}: {n.statement}
      </p>
      <ul>
        {n.reasons.map((r) => (
          <li key={`r:${r}`}>Reason: {r}</li>
        ))}
        {n.alternativesRejected.map((a) => (
          <li key={`a:${a}`}>Alternative rejected: {a}</li>
        ))}
        {interests.map((i, k) => (
          <li key={`i:${k}`}>{i}</li>
        ))}
      </ul>
      <p className="muted small">
        {n.callInUntil && `May be called in until ${formatDate(n.callInUntil)}. `}
        {n.callInExemptReason && `Exempt from call-in: ${n.callInExemptReason}. `}
        Published by {publishedBy}.
      </p>
      {actions}
    </li>
  );
}
