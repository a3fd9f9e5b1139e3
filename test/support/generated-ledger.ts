import { decisionStreamId, organisationStreamId, partnershipStreamId } from '@accord/domain';
import { EventStore, NewEvent } from '@accord/event-store';

/**
 * A realistic log written straight to the store (no command handling), fast enough to make
 * hundreds of thousands of events for the projection benchmark and the crash test: organisations
 * with members and authorities, partnerships with board, objectives and risks, and decisions that
 * go through interests, dispensations, votes and sign-offs to approval and outcome.
 */
export interface LedgerShape {
  partnerships: number;
  decisionsPerPartnership: number;
  /** Decisions of partnership p-0 (default decisionsPerPartnership): the big one for as-of replay. */
  firstPartnershipDecisions?: number;
  /** Append concurrency (the store batches concurrent appends into group commits). */
  concurrency?: number;
  onProgress?: (events: number) => void;
  /** Applied to each stream's events before its append, as commands do (PersonalDataCipher.seal). */
  seal?: (events: NewEvent[]) => Promise<NewEvent[]>;
}

const ORGS = ['camden-council', 'peabody', 'clarion', 'islington-council', 'l-and-q', 'hackney-council'];
const instrument = (org: string) => `Scheme of delegation 2026 §${ORGS.indexOf(org) + 1}.2`;
const authority = (org: string) => ({
  authorityId: `${org}-a1`,
  instrument: instrument(org),
  categories: ['land-disposal', 'governance'],
  valueLimitPence: 1_000_000_000,
  validFrom: '2026-01-01T00:00:00.000Z',
});
const signer = (org: string) => `${org}.signatory`;
const chair = (org: string) => `${org}.chair`;
const ref = (personId: string, orgId: string) => ({ personId, orgId });

export async function generateLedger(
  store: EventStore,
  shape: LedgerShape,
): Promise<{ events: number; biggestPartnershipId: string }> {
  const streams: { streamId: string; actor: { personId: string; orgId: string }; events: NewEvent[] }[] = [];
  for (const org of ORGS) {
    const events: NewEvent[] = [
      {
        type: 'OrganisationRegistered',
        data: {
          organisationId: org,
          name: org.replace(/-/g, ' '),
          kind: org.includes('council') ? 'local-authority' : 'housing-association',
          registeredBy: ref('admin', 'platform'),
        },
      },
    ];
    for (const person of [signer(org), chair(org)])
      events.push({
        type: 'MemberAdded',
        data: {
          organisationId: org,
          personId: person,
          jobTitle: person.endsWith('chair') ? 'Chair' : 'Director of Housing',
          addedBy: ref('admin', 'platform'),
        },
      });
    events.push({
      type: 'AuthorityDelegated',
      data: { organisationId: org, ...authority(org), personId: signer(org), delegatedBy: ref('admin', 'platform') },
    });
    streams.push({ streamId: organisationStreamId(org), actor: ref('admin', 'platform'), events });
  }
  await appendAll(store, streams.splice(0), 1, shape.seal);

  let total = 0;
  for (let p = 0; p < shape.partnerships; p++) {
    const partnershipId = `p-${p}`;
    const [a, b] = [ORGS[p % ORGS.length], ORGS[(p + 1) % ORGS.length]];
    const pe: NewEvent[] = [
      {
        type: 'PartnershipProposed',
        data: {
          partnershipId,
          title: `Partnership ${p}`,
          purpose: 'Affordable homes',
          parties: [a, b],
          proposedBy: ref(signer(a), a),
        },
      },
      {
        type: 'PartyJoined',
        data: {
          partnershipId,
          party: a,
          joinedBy: ref(signer(a), a),
          authority: authority(a),
          joinedAt: '2026-02-01T10:00:00.000Z',
        },
      },
      {
        type: 'PartyJoined',
        data: {
          partnershipId,
          party: b,
          joinedBy: ref(signer(b), b),
          authority: authority(b),
          joinedAt: '2026-02-01T10:05:00.000Z',
        },
      },
      {
        type: 'PartnershipActivated',
        data: { partnershipId, parties: [a, b], activatedAt: '2026-02-01T10:05:00.000Z' },
      },
      {
        type: 'BoardMemberAppointed',
        data: { partnershipId, personId: chair(a), party: a, boardRole: 'Chair', appointedBy: ref(signer(a), a) },
      },
      {
        type: 'BoardMemberAppointed',
        data: { partnershipId, personId: chair(b), party: b, appointedBy: ref(signer(b), b) },
      },
      {
        type: 'ObjectiveSet',
        data: {
          partnershipId,
          objectiveId: 'homes',
          title: '600 affordable homes',
          description: 'By 2030',
          targetDate: '2030-03-31',
          setBy: ref(chair(a), a),
        },
      },
      {
        type: 'ProgressReported',
        data: {
          partnershipId,
          objectiveId: 'homes',
          percentComplete: 35,
          rag: 'amber',
          summary: '210 homes started',
          reportedBy: ref(signer(b), b),
        },
      },
      {
        type: 'RiskRaised',
        data: {
          partnershipId,
          riskId: 'planning',
          title: 'Planning delay',
          description: 'Committee backlog',
          ownerParty: a,
          likelihood: 3,
          impact: 4,
          raisedBy: ref(signer(a), a),
        },
      },
      {
        type: 'MitigationAssigned',
        data: {
          partnershipId,
          riskId: 'planning',
          party: b,
          action: 'Fortnightly pre-application meetings',
          dueDate: '2026-06-30',
          assignedBy: ref(signer(a), a),
        },
      },
    ];
    streams.push({ streamId: partnershipStreamId(partnershipId), actor: ref(signer(a), a), events: pe });
    total += pe.length;
    const decisions =
      p === 0 ? (shape.firstPartnershipDecisions ?? shape.decisionsPerPartnership) : shape.decisionsPerPartnership;
    for (let d = 0; d < decisions; d++) {
      const decisionId = `${partnershipId}-d${d}`;
      const base = { decisionId, partnershipId };
      const closesAt = '2026-12-31T17:00:00.000Z';
      const de: NewEvent[] = [
        {
          type: 'DecisionDrafted',
          data: {
            ...base,
            title: `Disposal of site ${d}`,
            motion: 'That the council disposes of the site to the association for affordable homes.',
            category: 'land-disposal',
            valuePence: 120_000_000,
            approvalRule: 'all-parties-sign-off',
            draftedBy: ref(signer(a), a),
          },
        },
        {
          type: 'DecisionOpened',
          data: {
            ...base,
            openedAt: '2026-03-01T09:00:00.000Z',
            closesAt,
            approvalRule: 'all-parties-sign-off',
            parties: [a, b],
            openedBy: ref(signer(a), a),
          },
        },
        {
          type: 'InterestDeclared',
          data: { ...base, personId: chair(a), orgId: a, nature: 'Family member on the association board' },
        },
        {
          type: 'DispensationGranted',
          data: {
            ...base,
            personId: chair(a),
            orgId: a,
            reason: 'Interest is remote',
            grantedBy: ref(chair(b), b),
            grantedAs: 'board-member-of-another-party',
          },
        },
        {
          type: 'VoteCast',
          data: { ...base, personId: chair(a), orgId: a, stance: 'disagree', reason: 'Price too low' },
        },
        {
          type: 'VoteChanged',
          data: {
            ...base,
            personId: chair(a),
            orgId: a,
            previousStance: 'disagree',
            stance: 'agree',
            reason: 'Social value explained',
          },
        },
        {
          type: 'VoteCast',
          data: { ...base, personId: chair(b), orgId: b, stance: 'agree', reason: 'Delivers the homes objective' },
        },
        {
          type: 'SignOffRecorded',
          data: {
            ...base,
            party: a,
            personId: signer(a),
            authority: authority(a),
            signedAt: '2026-03-02T10:00:00.000Z',
          },
        },
        // One decision in ten: a sign-off withdrawn, then the other party refuses → rejected.
        ...(d % 10 === 9
          ? [
              {
                type: 'SignOffWithdrawn',
                data: {
                  ...base,
                  party: a,
                  personId: signer(a),
                  reason: 'New valuation received',
                  withdrawnBy: ref(signer(a), a),
                },
              },
              {
                type: 'DecisionRejected',
                data: {
                  ...base,
                  rule: 'all-parties-sign-off',
                  rejectedAt: '2026-03-03T09:00:00.000Z',
                  refusal: {
                    party: b,
                    personId: signer(b),
                    authorityId: `${b}-a1`,
                    instrument: instrument(b),
                    reason: 'Value too low',
                  },
                },
              },
            ]
          : [
              {
                type: 'SignOffRecorded',
                data: {
                  ...base,
                  party: b,
                  personId: signer(b),
                  authority: authority(b),
                  signedAt: '2026-03-02T11:00:00.000Z',
                },
              },
              {
                type: 'DecisionApproved',
                data: {
                  ...base,
                  rule: 'all-parties-sign-off',
                  approvedAt: '2026-03-02T11:00:00.000Z',
                  signOffs: [a, b].map((o) => ({
                    party: o,
                    personId: signer(o),
                    authorityId: `${o}-a1`,
                    instrument: instrument(o),
                  })),
                },
              },
            ]),
        {
          type: 'OutcomeRecorded',
          data: {
            ...base,
            statement: 'The site transfers by 30 June.',
            reasons: ['Delivers 60 affordable homes'],
            alternativesRejected: ['Open-market sale'],
            recordedBy: ref(signer(b), b),
          },
        },
      ];
      streams.push({ streamId: decisionStreamId(decisionId), actor: ref(signer(a), a), events: de });
      total += de.length;
      if (streams.length >= 2000) {
        await appendAll(store, streams.splice(0), shape.concurrency ?? 32, shape.seal);
        shape.onProgress?.(total);
      }
    }
  }
  await appendAll(store, streams.splice(0), shape.concurrency ?? 32, shape.seal);
  shape.onProgress?.(total);
  return { events: total + ORGS.length * 4, biggestPartnershipId: 'p-0' };
}

async function appendAll(
  store: EventStore,
  streams: { streamId: string; actor: { personId: string; orgId: string }; events: NewEvent[] }[],
  concurrency: number,
  seal: (events: NewEvent[]) => Promise<NewEvent[]> = async (events) => events,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < streams.length; i = next++) {
        const s = streams[i];
        await store.append(s.streamId, await seal(s.events), {
          expectedRevision: 'any',
          metadata: { actor: { ...s.actor, roles: ['member'] }, correlationId: null, causationId: null },
        });
      }
    }),
  );
}
