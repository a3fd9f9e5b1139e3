import type { ReactNode } from 'react';
import { useState } from 'react';
import { useDecisionCommand } from './decision-command';

/** How a control words its act: its accessible name, what recording it means, its button and refusal. */
export interface ActWording {
  name: string;
  note: ReactNode;
  submit: string;
  sending: string;
  /** Leads the line that shows the API's refusal, e.g. "Not recorded". */
  refused: string;
}

/**
 * A command on a decision as a small form: its fields, what recording it means, one button, and the
 * API's refusal in its words with its code. The button waits until `body` is given (every field
 * fit to send); any edit renews the command's Idempotency-Key, so a resend of the same words writes
 * once and new words are a new command.
 */
export function DecisionForm({
  decisionId,
  act,
  wording: w,
  body,
  onChanged,
  children,
}: {
  decisionId: string;
  act: string;
  wording: ActWording;
  body: object | undefined;
  onChanged: (position: number) => void;
  children: ReactNode;
}) {
  const command = useDecisionCommand(decisionId, act, onChanged);
  return (
    <form
      className="panel"
      aria-label={w.name}
      onChange={command.renew}
      onSubmit={(e) => {
        e.preventDefault();
        if (body !== undefined) void command.send(body);
      }}
    >
      {children}
      <p className="small muted">{w.note}</p>
      <button type="submit" disabled={command.busy || body === undefined}>
        {command.busy ? w.sending : w.submit}
      </button>
      <Refusal refused={w.refused} error={command.error} />
    </form>
  );
}

/** What a form field's control is given: its id, and what describes it (its hint, what is wrong with it). */
export interface FieldControl {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A labelled field: its control, a hint, and what is wrong with its value, said beside it and tied to it. */
export function Field({
  id,
  label,
  hint,
  problem,
  control,
}: {
  id: string;
  label: string;
  hint?: string;
  problem?: string;
  control: (props: FieldControl) => ReactNode;
}) {
  const described = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="small muted hint">
          {hint}
        </span>
      )}
      {control({
        id,
        ...(problem ? { 'aria-invalid': true } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {problem && (
        <span id={`${id}-problem`} className="small error hint">
          {problem}
        </span>
      )}
    </>
  );
}

/** The line under a control when the API refused it: its words and its code. */
function Refusal({ refused, error }: { refused: string; error: string | undefined }) {
  return error ? (
    <p className="error small" role="alert">
      {refused}: {error}
    </p>
  ) : null;
}

/**
 * An act not undone by a click and taking no words: asked once, then sent with one key for any
 * retry. `hint` says what it records, or why the ledger will refuse it yet.
 */
export function ConfirmedAct({
  decisionId,
  act,
  wording: w,
  hint,
  ask,
  question,
  onChanged,
}: {
  decisionId: string;
  act: string;
  wording: Omit<ActWording, 'note'>;
  hint: string;
  /** The first button's words. */
  ask: string;
  question: string;
  onChanged: (position: number) => void;
}) {
  const command = useDecisionCommand(decisionId, act, onChanged);
  const [asking, setAsking] = useState(false);
  return (
    <div className="panel" role="group" aria-label={w.name}>
      {asking ? (
        <>
          <p className="small">{question}</p>
          <button
            type="button"
            onClick={() => void command.send({}).then(() => setAsking(false))}
            disabled={command.busy}
          >
            {command.busy ? w.sending : w.submit}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={command.busy}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <p className="small muted">{hint}</p>
          <button type="button" onClick={() => setAsking(true)}>
            {ask}
          </button>
        </>
      )}
      <Refusal refused={w.refused} error={command.error} />
    </div>
  );
}
