import { useState } from 'react';
import type { DecisionCallIn } from '../api/types';
import { useApp, useResource } from '../app-context';
import { londonDate } from '../ui/format';
import {
  callInSteps,
  CouncilOffices,
  implementationHint,
  officesOf,
  PartnershipOffices,
  SCRUTINY_OUTCOMES,
} from './call-in-steps';
import { useDecisionCommand } from './decision-command';

/**
 * Who holds the partnership's offices now (its board, its scrutiny chair), read again whenever
 * `version` changes; undefined until read, or when it cannot be (then no step is offered).
 */
export function useCouncilOffices(partnershipId: string | undefined, version: string): CouncilOffices | undefined {
  const path = `/v1/partnerships/${encodeURIComponent(partnershipId ?? '')}`;
  const partnership = useResource(`${path}:offices:${version}`, (api, signal) =>
    partnershipId === undefined ? Promise.resolve(undefined) : api.get<PartnershipOffices>(path, signal),
  );
  return partnership.data && officesOf(partnership.data);
}

/**
 * The steps after a call-in the signed-in person may take on this decision: the scrutiny chair's
 * outcome, the board's reconsideration, implementation. Nothing for anyone else.
 */
export function CallInStepControls({
  decision: d,
  title,
  offices,
  onChanged,
}: {
  decision: DecisionCallIn;
  title: string;
  offices: CouncilOffices | undefined;
  onChanged: (position: number) => void;
}) {
  const { session } = useApp();
  if (offices === undefined) return null;
  const steps = callInSteps(session, offices, d);
  return (
    <>
      {steps.scrutinyOutcome && <ScrutinyOutcomeForm decisionId={d.decisionId} title={title} onChanged={onChanged} />}
      {steps.reconsider && (
        <ReasonForm
          decisionId={d.decisionId}
          act="reconsideration"
          name={`Reconsider ${title}`}
          label="Why does the board confirm it?"
          note="The board’s confirmation and its reasons are recorded permanently in your name; the decision may then be implemented. To amend it instead, supersede it by a new decision."
          submit="Confirm the decision"
          sending="Confirming…"
          refused="Not confirmed"
          onChanged={onChanged}
        />
      )}
      {steps.implement && <ImplementedControl decision={d} title={title} onChanged={onChanged} />}
    </>
  );
}

/** A step on a decision that takes reasons: a labelled text, what recording it means, one button. */
export function ReasonForm({
  decisionId,
  act,
  name,
  label,
  note,
  submit,
  sending,
  refused,
  onChanged,
}: {
  decisionId: string;
  act: string;
  name: string;
  label: string;
  note: string;
  submit: string;
  sending: string;
  refused: string;
  onChanged: (position: number) => void;
}) {
  const command = useDecisionCommand(decisionId, act, onChanged);
  const [reason, setReason] = useState('');
  const fieldId = `${act}-reason-${decisionId}`;
  return (
    <form
      className="panel"
      aria-label={name}
      onSubmit={(e) => {
        e.preventDefault();
        void command.send({ reason: reason.trim() });
      }}
    >
      <label htmlFor={fieldId}>{label}</label>
      <textarea
        id={fieldId}
        value={reason}
        required
        rows={3}
        onChange={(e) => {
          setReason(e.target.value);
          command.renew();
        }}
      />
      <p className="small muted">{note}</p>
      <button type="submit" disabled={command.busy || reason.trim() === ''}>
        {command.busy ? sending : submit}
      </button>
      {command.error && (
        <p className="error small" role="alert">
          {refused}: {command.error}
        </p>
      )}
    </form>
  );
}

/** The scrutiny chair records the committee's outcome; a referral carries its recommendations. */
function ScrutinyOutcomeForm({
  decisionId,
  title,
  onChanged,
}: {
  decisionId: string;
  title: string;
  onChanged: (position: number) => void;
}) {
  const command = useDecisionCommand(decisionId, 'scrutiny-outcome', onChanged);
  const [outcome, setOutcome] = useState('');
  const [recommendations, setRecommendations] = useState('');
  const referral = outcome !== '' && outcome !== 'no-further-action';
  const outcomeId = `scrutiny-outcome-${decisionId}`;
  const recommendationsId = `scrutiny-recommendations-${decisionId}`;
  return (
    <form
      className="panel"
      aria-label={`Scrutiny outcome: ${title}`}
      onSubmit={(e) => {
        e.preventDefault();
        const said = recommendations.trim();
        void command.send({ outcome, ...(said === '' ? {} : { recommendations: said }) });
      }}
    >
      <label htmlFor={outcomeId}>The scrutiny committee’s outcome</label>
      <select
        id={outcomeId}
        value={outcome}
        required
        onChange={(e) => {
          setOutcome(e.target.value);
          command.renew();
        }}
      >
        <option value="">Choose…</option>
        {Object.entries(SCRUTINY_OUTCOMES).map(([value, words]) => (
          <option key={value} value={value}>
            {words.charAt(0).toUpperCase() + words.slice(1)}
          </option>
        ))}
      </select>
      <label htmlFor={recommendationsId}>Recommendations{referral ? '' : ' (for a referral)'}</label>
      <textarea
        id={recommendationsId}
        value={recommendations}
        required={referral}
        rows={3}
        onChange={(e) => {
          setRecommendations(e.target.value);
          command.renew();
        }}
      />
      <p className="small muted">
        As the scrutiny chair the terms of reference name, you record the committee’s outcome, once, in your name. A
        decision referred back waits for the board to reconsider it.
      </p>
      <button type="submit" disabled={command.busy || outcome === ''}>
        {command.busy ? 'Recording…' : 'Record the outcome'}
      </button>
      {command.error && (
        <p className="error small" role="alert">
          Not recorded: {command.error}
        </p>
      )}
    </form>
  );
}

/** Implementation is not undone by a click: asked once, then sent with one key for any retry. */
function ImplementedControl({
  decision: d,
  title,
  onChanged,
}: {
  decision: DecisionCallIn;
  title: string;
  onChanged: (position: number) => void;
}) {
  const command = useDecisionCommand(d.decisionId, 'implemented', onChanged);
  const [asking, setAsking] = useState(false);
  return (
    <div className="panel" role="group" aria-label={`Implementation: ${title}`}>
      {asking ? (
        <>
          <p className="small">
            Record that this decision has been put into effect? This is recorded permanently, in your name.
          </p>
          <button
            type="button"
            onClick={() => void command.send({}).then(() => setAsking(false))}
            disabled={command.busy}
          >
            {command.busy ? 'Recording…' : 'Confirm: implemented'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={command.busy}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <p className="small muted">{implementationHint(d, londonDate(new Date()))}</p>
          <button type="button" onClick={() => setAsking(true)}>
            Record as implemented
          </button>
        </>
      )}
      {command.error && (
        <p className="error small" role="alert">
          Not recorded: {command.error}
        </p>
      )}
    </div>
  );
}
