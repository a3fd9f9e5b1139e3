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
import { ActWording, ConfirmedAct, DecisionForm, Field } from './decision-form';

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
          label="Why does the board confirm it?"
          wording={{
            name: `Reconsider ${title}`,
            note: 'The board’s confirmation and its reasons are recorded permanently in your name; the decision may then be implemented. To amend it instead, supersede it by a new decision.',
            submit: 'Confirm the decision',
            sending: 'Confirming…',
            refused: 'Not confirmed',
          }}
          onChanged={onChanged}
        />
      )}
      {steps.implement && <ImplementedControl decision={d} title={title} onChanged={onChanged} />}
    </>
  );
}

/** A step on a decision that takes reasons: a labelled text and the form around it. */
export function ReasonForm({
  decisionId,
  act,
  label,
  wording,
  onChanged,
}: {
  decisionId: string;
  act: string;
  label: string;
  wording: ActWording;
  onChanged: (position: number) => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <DecisionForm
      decisionId={decisionId}
      act={act}
      wording={wording}
      body={reason.trim() === '' ? undefined : { reason: reason.trim() }}
      onChanged={onChanged}
    >
      <Field
        id={`${act}-reason-${decisionId}`}
        label={label}
        control={(field) => (
          <textarea {...field} value={reason} required rows={3} onChange={(e) => setReason(e.target.value)} />
        )}
      />
    </DecisionForm>
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
  const [outcome, setOutcome] = useState('');
  const [recommendations, setRecommendations] = useState('');
  const referral = outcome !== '' && outcome !== 'no-further-action';
  const said = recommendations.trim();
  return (
    <DecisionForm
      decisionId={decisionId}
      act="scrutiny-outcome"
      wording={{
        name: `Scrutiny outcome: ${title}`,
        note: 'As the scrutiny chair the terms of reference name, you record the committee’s outcome, once, in your name. A decision referred back waits for the board to reconsider it.',
        submit: 'Record the outcome',
        sending: 'Recording…',
        refused: 'Not recorded',
      }}
      body={outcome === '' ? undefined : { outcome, ...(said === '' ? {} : { recommendations: said }) }}
      onChanged={onChanged}
    >
      <Field
        id={`scrutiny-outcome-${decisionId}`}
        label="The scrutiny committee’s outcome"
        control={(field) => (
          <select {...field} value={outcome} required onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Choose…</option>
            {Object.entries(SCRUTINY_OUTCOMES).map(([value, words]) => (
              <option key={value} value={value}>
                {words.charAt(0).toUpperCase() + words.slice(1)}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        id={`scrutiny-recommendations-${decisionId}`}
        label={`Recommendations${referral ? '' : ' (for a referral)'}`}
        control={(field) => (
          <textarea
            {...field}
            value={recommendations}
            required={referral}
            rows={3}
            onChange={(e) => setRecommendations(e.target.value)}
          />
        )}
      />
    </DecisionForm>
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
  return (
    <ConfirmedAct
      decisionId={d.decisionId}
      act="implemented"
      wording={{
        name: `Implementation: ${title}`,
        submit: 'Confirm: implemented',
        sending: 'Recording…',
        refused: 'Not recorded',
      }}
      hint={implementationHint(d, londonDate(new Date()))}
      ask="Record as implemented"
      question="Record that this decision has been put into effect? This is recorded permanently, in your name."
      onChanged={onChanged}
    />
  );
}
