import { PoolClient } from 'pg';
import { type DecisionEventType, PERSONAL_DATA, streamIdPrefix } from '@accord/domain';
import { logSelect } from '@accord/event-store';
import { Projection } from '../../projection';

/** The decision events that are acts, each parsed once. */
const ACT_EVENTS = logSelect(['position', 'type', 'envelope'], {
  positions: ['$1', '$2'],
  streamIdPrefix: streamIdPrefix('decision'),
  types: [
    'InterestDeclared',
    'DispensationGranted',
    'VoteCast',
    'VoteChanged',
    'SignOffRecorded',
    'SignOffWithdrawn',
    'DecisionRejected',
  ] satisfies DecisionEventType[],
  evaluateOnce: true,
});

/** The domain's PERSONAL_DATA rule as the SQL reads it: the data field naming each event type's subject. */
const SUBJECT_FIELDS = JSON.stringify(
  Object.fromEntries(Object.entries(PERSONAL_DATA).map(([t, r]) => [t, r.subject])),
);

/**
 * Every act on a decision (rm_decision_acts): one row per interest, dispensation, vote, changed
 * vote, sign-off, withdrawn sign-off and refusal, in the shape of `decisionActOf` (decision-acts.ts,
 * the reference; an integration test holds the two equal). Each act is a plain function of one
 * event, so it is built inside the database from the stored bytes, without the events crossing
 * the wire: this is most of a busy log, and it keeps catch-up fast.
 */
export const decisionActsProjection: Projection = {
  name: 'decision-acts',
  tables: ['rm_decision_acts'],
  async applyRange(client: PoolClient, from: number, to: number): Promise<void> {
    await client.query(
      `INSERT INTO rm_decision_acts (position, decision_id, partnership_id, kind, person_id, org_id, at, detail)
       SELECT position, detail->>'decisionId', detail->>'partnershipId', detail->>'kind', detail->>'personId', detail->>'orgId', (detail->>'at')::timestamptz, detail
       FROM (
         SELECT position, jsonb_strip_nulls(jsonb_build_object(
             'kind', kind, 'type', type, 'decisionId', d->>'decisionId', 'partnershipId', d->>'partnershipId',
             'position', position, 'eventId', doc->>'eventId', 'at', at,
             'occurredAt', coalesce(doc->'metadata'->>'occurredAt', doc->>'recordedAt'), 'recordedAt', doc->>'recordedAt',
             'personId', CASE kind WHEN 'dispensation' THEN d->'grantedBy'->>'personId' WHEN 'sign-off-refused' THEN d->'refusal'->>'personId' ELSE d->>'personId' END,
             'orgId', CASE kind WHEN 'sign-off' THEN d->>'party' WHEN 'sign-off-withdrawn' THEN d->>'party' WHEN 'sign-off-refused' THEN d->'refusal'->>'party' ELSE d->>'orgId' END,
             'authority', CASE kind WHEN 'sign-off' THEN d->'authority'
               WHEN 'sign-off-refused' THEN jsonb_build_object('authorityId', d->'refusal'->'authorityId', 'instrument', d->'refusal'->'instrument') END,
             'reason', CASE kind WHEN 'sign-off-refused' THEN d->'refusal'->'reason' WHEN 'interest' THEN NULL WHEN 'sign-off' THEN NULL ELSE d->'reason' END,
             'stance', CASE WHEN kind IN ('vote', 'vote-changed') THEN d->'stance' END,
             'previousStance', CASE kind WHEN 'vote-changed' THEN d->'previousStance' END,
             'nature', CASE kind WHEN 'interest' THEN d->'nature' END,
             'subject', CASE kind WHEN 'dispensation' THEN jsonb_build_object('personId', d->'personId', 'orgId', d->'orgId') END,
             'grantedAs', CASE kind WHEN 'dispensation' THEN d->'grantedAs' END,
             'grantedBy', CASE kind WHEN 'dispensation' THEN jsonb_build_object('personId', d->'grantedBy'->'personId', 'orgId', d->'grantedBy'->'orgId') END,
             'withdrawnBy', CASE kind WHEN 'sign-off-withdrawn' THEN d->'withdrawnBy' END,
             'dataSubject', CASE jsonb_typeof(d->($3::jsonb->>type)) WHEN 'string' THEN d->($3::jsonb->>type) END
           )) AS detail
         FROM (
           SELECT position, type, kind, doc, doc->'data' AS d,
             CASE kind WHEN 'sign-off' THEN coalesce(doc->'data'->>'signedAt', doc->>'recordedAt')
               WHEN 'sign-off-refused' THEN coalesce(doc->'data'->>'rejectedAt', doc->>'recordedAt') ELSE doc->>'recordedAt' END AS at
           FROM (
             SELECT position, type, envelope AS doc,
               CASE type WHEN 'InterestDeclared' THEN 'interest' WHEN 'DispensationGranted' THEN 'dispensation' WHEN 'VoteCast' THEN 'vote'
                 WHEN 'VoteChanged' THEN 'vote-changed' WHEN 'SignOffRecorded' THEN 'sign-off' WHEN 'SignOffWithdrawn' THEN 'sign-off-withdrawn'
                 WHEN 'DecisionRejected' THEN 'sign-off-refused' END AS kind
             FROM ${ACT_EVENTS} AS log
             OFFSET 0
           ) AS parsed
           WHERE kind <> 'sign-off-refused' OR doc->'data' ? 'refusal'
           OFFSET 0
         ) AS typed
         OFFSET 0 -- built once per act, not once for each column read from it below
       ) AS acts`,
      [from, to, SUBJECT_FIELDS],
    );
  },
};
