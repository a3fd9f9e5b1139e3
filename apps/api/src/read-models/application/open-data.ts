import type { PublicDecision, PublicPartnership } from '@accord/contracts';
import { csvOf, Field, jsonOf, lines } from './tabular';

/**
 * Open data (issue 20): a partnership's public register of decisions as CSV and JSON, for anyone
 * to reuse. What is in it is decided where the register is read (libs/access `isPublished`); this
 * file only says how it is written out and under which licence.
 */

/** UK public bodies publish their data under the Open Government Licence unless they say otherwise. */
export const OPEN_DATA_LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;

/** The CSV's columns, in order: one row per decision, the JSON item's fields flattened. */
export const DECISION_FIELDS: readonly Field<PublicDecision>[] = [
  { name: 'decision_id', description: 'Identifier of the decision, stable for ever', value: (d) => d.decisionId },
  { name: 'title', description: 'Title of the decision', value: (d) => d.title },
  {
    name: 'status',
    description: 'open, approved, rejected, lapsed, withdrawn, rescinded or superseded',
    value: (d) => d.status,
  },
  { name: 'category', description: 'Category of the decision (e.g. land-disposal)', value: (d) => d.category },
  { name: 'value_pence', description: 'Value in pence, where one was given', value: (d) => d.valuePence },
  { name: 'opened_at', description: 'When it was opened for decision (ISO 8601, UTC)', value: (d) => d.openedAt },
  { name: 'closes_at', description: 'Closing time for sign-offs or votes', value: (d) => d.closesAt },
  { name: 'resolved_at', description: 'When it was decided, lapsed or withdrawn', value: (d) => d.resolvedAt },
  {
    name: 'key_decision',
    description: 'A key decision’s basis: forward-plan, general-exception or special-urgency',
    value: (d) => d.keyDecision,
  },
  { name: 'outcome_statement', description: 'The outcome recorded', value: (d) => d.outcome?.statement ?? null },
  {
    name: 'outcome_reasons',
    description: 'Reasons for the decision, one a line',
    value: (d) => lines(d.outcome?.reasons),
  },
  {
    name: 'alternatives_rejected',
    description: 'Alternatives considered and rejected, one a line',
    value: (d) => lines(d.outcome?.alternativesRejected),
  },
  {
    name: 'notice_published_at',
    description: 'When its decision notice was published',
    value: (d) => d.noticePublishedAt,
  },
  { name: 'call_in_until', description: 'Last date (London) it may be called in', value: (d) => d.callIn.until },
  {
    name: 'call_in_ended_at',
    description: 'When the ledger recorded the call-in period’s end without a call-in',
    value: (d) => d.callIn.endedAt,
  },
  { name: 'called_in_at', description: 'When scrutiny called it in', value: (d) => d.callIn.calledInAt },
  {
    name: 'scrutiny_outcome',
    description: 'What scrutiny decided on a call-in',
    value: (d) => d.callIn.scrutinyOutcome,
  },
  {
    name: 'reconsidered_at',
    description: 'When the decision maker reconsidered it after a call-in',
    value: (d) => d.callIn.reconsideredAt,
  },
  { name: 'implemented_at', description: 'When it was implemented', value: (d) => d.implementedAt },
  { name: 'superseded_by', description: 'The decision that superseded it', value: (d) => d.supersededBy },
];

export const decisionsCsv = (batches: AsyncIterable<PublicDecision[]>) => csvOf(DECISION_FIELDS, batches);

/** The JSON form: the licence, the partnership, and its decisions as the register pages list them. */
export const decisionsJson = (partnership: PublicPartnership, batches: AsyncIterable<PublicDecision[]>) =>
  jsonOf({ licence: OPEN_DATA_LICENCE, partnership }, batches);

/** The description of a partnership's open data: who publishes it, under which licence, where and with which fields. */
export function openDataDescription(partnership: PublicPartnership, base: string) {
  return {
    title: `${partnership.title}: decisions`,
    description:
      'Published decisions of the partnership under council procedure: every decision once opened, never a draft; exempt information (Schedule 12A) and personal data are not in it.',
    publisher: partnership.title,
    partnership,
    licence: OPEN_DATA_LICENCE,
    distributions: [
      { format: 'CSV', mediaType: 'text/csv; charset=utf-8; header=present', url: `${base}/decisions.csv` },
      { format: 'JSON', mediaType: 'application/json; charset=utf-8', url: `${base}/decisions.json` },
    ],
    filters: {
      status: 'only decisions in this status',
      category: 'only decisions of this category',
      from: 'ISO 8601 instant: decisions resolved (or, if unresolved, drafted) at or after it',
      to: 'ISO 8601 instant: … before it',
    },
    fields: DECISION_FIELDS.map(({ name, description }) => ({ name, description })),
  };
}
