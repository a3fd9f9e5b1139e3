import { useState } from 'react';
import type { DecisionCallIn, PartnershipTimeline } from '../api/types';
import { useApp, useResource } from '../app-context';
import { href } from '../router';
import { humanise, londonDate, toLocalInput } from '../ui/format';
import { Instant } from '../ui/instant';
import type { CouncilOffices } from './call-in-steps';
import { ReasonForm } from './call-in-steps.view';
import {
  checkForwardPlan,
  checkGeneralException,
  councilActs,
  DOCUMENT_LENGTH_MAX,
  DOCUMENTS_MAX,
  isKey,
  noticeHint,
  successorsOf,
} from './council-acts';
import { ConfirmedAct, DecisionForm, Field } from './decision-form';

interface Props {
  decision: DecisionCallIn;
  title: string;
  offices: CouncilOffices | undefined;
  onChanged: (position: number) => void;
  /** Shown as it stood at another time: no control, since an act would apply to the decision as it is now. */
  past: boolean;
}

/**
 * A decision under council procedure (DESIGN §1), on its page: whether it is key, its forward-plan
 * entry and any exception to it, the notice it was opened on and its decision notice; with the acts
 * on them for whoever the ledger lets take each (council-acts.ts): the forward-plan entry and a
 * general exception for the drafter or a board member, special urgency for the scrutiny chair, the
 * notice for any party member. Shown when the terms bring council procedure or one of those acts is
 * recorded or offered.
 */
export function CouncilProcedureSection({ decision: d, title, offices, onChanged, past }: Props) {
  const { session } = useApp();
  const acts = offices && !past ? councilActs(session, offices, d) : undefined;
  const recorded = [
    d.forwardPlanPublishedAt,
    d.generalExceptionPublishedAt,
    d.specialUrgencyAgreedAt,
    d.keyDecision,
    d.noticePublishedAt,
  ];
  const facts = offices?.keyDecisions !== undefined || recorded.some((fact) => fact !== undefined);
  const offered = acts && (acts.forwardPlan || acts.generalException || acts.specialUrgency || acts.notice);
  if (!facts && !offered) return null;
  const council = href({ name: 'partnership', id: d.partnershipId, tab: 'council' });
  return (
    <section aria-labelledby="procedure-heading">
      <h2 id="procedure-heading">Council procedure</h2>
      {facts && (
        <ul className="acts" aria-label={`Council procedure: ${title}`}>
          {offices?.keyDecisions && (
            <li>{isKey(d, offices) ? 'A key decision under the terms of reference.' : 'Not a key decision.'}</li>
          )}
          {d.forwardPlanPublishedAt && (
            <li>
              On the <a href={council}>forward plan</a> since <Instant iso={d.forwardPlanPublishedAt} />.
            </li>
          )}
          {d.generalExceptionPublishedAt && (
            <li>
              General exception published <Instant iso={d.generalExceptionPublishedAt} />.
            </li>
          )}
          {d.specialUrgencyAgreedAt && (
            <li>
              Special urgency agreed <Instant iso={d.specialUrgencyAgreedAt} />: {d.specialUrgencyReason}
            </li>
          )}
          {d.keyDecision && <li>Opened on {humanise(d.keyDecision)}.</li>}
          {d.noticePublishedAt && (
            <li>
              <a href={council}>Decision notice</a> published <Instant iso={d.noticePublishedAt} />.
            </li>
          )}
        </ul>
      )}
      {acts?.forwardPlan && <ForwardPlanForm decisionId={d.decisionId} title={title} onChanged={onChanged} />}
      {acts?.generalException && <GeneralExceptionForm decisionId={d.decisionId} title={title} onChanged={onChanged} />}
      {acts?.specialUrgency && (
        <ReasonForm
          decisionId={d.decisionId}
          act="special-urgency"
          label="Why can it not wait for notice?"
          wording={{
            name: `Special urgency: ${title}`,
            note: 'As the scrutiny chair the terms of reference name, you agree that this key decision is too urgent for notice (reg 11); it may then be opened at once, and is exempt from call-in. Your agreement and its reason are recorded permanently in your name.',
            submit: 'Agree special urgency',
            sending: 'Agreeing…',
            refused: 'Not agreed',
          }}
          onChanged={onChanged}
        />
      )}
      {acts?.notice && (
        <ConfirmedAct
          decisionId={d.decisionId}
          act="notice"
          wording={{
            name: `Decision notice: ${title}`,
            submit: 'Confirm: publish the notice',
            sending: 'Publishing…',
            refused: 'Not published',
          }}
          hint={noticeHint(d)}
          ask="Publish the decision notice"
          question={`Publish the decision notice now, in your name? It is public${d.resolution === 'approved' && offices?.keyDecisions ? ', and the call-in period runs from today' : ''}.`}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}

/** The drafter or a board member puts a draft on the forward plan: decision maker, expected date, documents. */
function ForwardPlanForm({
  decisionId,
  title,
  onChanged,
}: {
  decisionId: string;
  title: string;
  onChanged: Props['onChanged'];
}) {
  const [fields, setFields] = useState({ decisionMaker: '', expectedDate: '', documents: '' });
  const today = londonDate(new Date());
  const checked = checkForwardPlan(fields, today);
  const id = (field: string) => `forward-plan-${field}-${decisionId}`;
  const set = (field: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [field]: e.target.value });
  return (
    <DecisionForm
      decisionId={decisionId}
      act="forward-plan"
      wording={{
        name: `Forward plan: ${title}`,
        note: 'The entry is published on the public register in your name. A key decision may be opened 28 clear days after it.',
        submit: 'Put on the forward plan',
        sending: 'Publishing…',
        refused: 'Not published',
      }}
      body={checked.body}
      onChanged={onChanged}
    >
      <Field
        id={id('maker')}
        label="Decision maker"
        control={(field) => (
          <input {...field} value={fields.decisionMaker} required maxLength={300} onChange={set('decisionMaker')} />
        )}
      />
      <Field
        id={id('date')}
        label="Date the decision is expected"
        problem={checked.problems.expectedDate}
        control={(field) => (
          <input
            {...field}
            type="date"
            value={fields.expectedDate}
            required
            min={today}
            onChange={set('expectedDate')}
          />
        )}
      />
      <Field
        id={id('documents')}
        label="Documents (optional)"
        hint={`The reports to be considered, one a line (at most ${DOCUMENTS_MAX}, each up to ${DOCUMENT_LENGTH_MAX} characters).`}
        problem={checked.problems.documents}
        control={(field) => <textarea {...field} value={fields.documents} rows={3} onChange={set('documents')} />}
      />
    </DecisionForm>
  );
}

/** The drafter or a board member records a general exception, after notice to the scrutiny chair. */
function GeneralExceptionForm({
  decisionId,
  title,
  onChanged,
}: {
  decisionId: string;
  title: string;
  onChanged: Props['onChanged'];
}) {
  const [fields, setFields] = useState({ reason: '', notifiedAt: '' });
  const checked = checkGeneralException(fields, new Date());
  const id = (field: string) => `general-exception-${field}-${decisionId}`;
  return (
    <DecisionForm
      decisionId={decisionId}
      act="general-exception"
      wording={{
        name: `General exception: ${title}`,
        note: 'For a key decision that cannot wait 28 clear days on the forward plan (reg 10): published in your name, it may be opened 5 clear days after.',
        submit: 'Record the general exception',
        sending: 'Recording…',
        refused: 'Not recorded',
      }}
      body={checked.body}
      onChanged={onChanged}
    >
      <Field
        id={id('reason')}
        label="Why can it not wait for the forward plan?"
        control={(field) => (
          <textarea
            {...field}
            value={fields.reason}
            required
            rows={3}
            onChange={(e) => setFields({ ...fields, reason: e.target.value })}
          />
        )}
      />
      <Field
        id={id('notified')}
        label="When the scrutiny chair was given notice"
        hint="Your local time."
        problem={checked.problems.notifiedAt}
        control={(field) => (
          <input
            {...field}
            type="datetime-local"
            value={fields.notifiedAt}
            max={toLocalInput(new Date())}
            required
            onChange={(e) => setFields({ ...fields, notifiedAt: e.target.value })}
          />
        )}
      />
    </DecisionForm>
  );
}

/**
 * The drafter or a board member records that another decision of the partnership supersedes this
 * open or approved one, choosing among those the ledger accepts (successorsOf), with a reason.
 */
export function SupersedeForm({
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
  const offered = offices !== undefined && councilActs(session, offices, d).supersede;
  const path = `/v1/partnerships/${encodeURIComponent(d.partnershipId)}/timeline`;
  const timeline = useResource(`${path}:successors:${offered}:${d.status}`, (api, signal) =>
    offered ? api.get<PartnershipTimeline>(path, signal) : Promise.resolve(undefined),
  );
  const [by, setBy] = useState('');
  const [reason, setReason] = useState('');
  if (!offered) return null;
  const successors = successorsOf(d, timeline.data?.decisions ?? []);
  return (
    <DecisionForm
      decisionId={d.decisionId}
      act="supersede"
      wording={{
        name: `Supersede ${title}`,
        note:
          d.status === 'approved'
            ? 'An approved decision is superseded by another approved one, which takes its place; recorded permanently in your name.'
            : 'An open decision, whose text is frozen, is superseded by a new decision that re-drafts it; it closes here. Recorded permanently in your name.',
        submit: 'Supersede it',
        sending: 'Recording…',
        refused: 'Not superseded',
      }}
      body={by !== '' && reason.trim() !== '' ? { by, reason: reason.trim() } : undefined}
      onChanged={onChanged}
    >
      <Field
        id={`supersede-by-${d.decisionId}`}
        label="Superseded by"
        hint={
          successors.length === 0 && timeline.data
            ? `No decision of this partnership may supersede it yet (${d.status === 'approved' ? 'an approved one' : 'a draft, open or approved one'}).`
            : undefined
        }
        control={(field) => (
          <select {...field} value={by} required onChange={(e) => setBy(e.target.value)}>
            <option value="">Choose…</option>
            {successors.map((s) => (
              <option key={s.decisionId} value={s.decisionId}>
                {s.title} ({s.status})
              </option>
            ))}
          </select>
        )}
      />
      <Field
        id={`supersede-reason-${d.decisionId}`}
        label="Why?"
        control={(field) => (
          <textarea {...field} value={reason} required rows={3} onChange={(e) => setReason(e.target.value)} />
        )}
      />
    </DecisionForm>
  );
}
