import { SCHEDULER_ACTOR } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { ERASURE_REASON_TEXT } from '../erasures/erasures';

/** Names the renderer looks up; whatever is missing is shown by its id. */
export interface TrailDirectory {
  organisationName(orgId: string): string | undefined;
  jobTitle(orgId: string, personId: string): string | undefined;
  /** The member's name as recorded when they were added, if it was. */
  displayName(orgId: string, personId: string): string | undefined;
  /** Titles of partnerships and decisions, to name what an act was about. */
  partnershipTitle(partnershipId: string): string | undefined;
  decisionTitle(decisionId: string): string | undefined;
}

// UK partnerships read UK wall-clock time (GMT/BST), as minutes of a meeting would show it.
const WHEN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatWhen(iso: string): string {
  // A trail line must render whatever the event holds: an unreadable instant is shown as given.
  if (Number.isNaN(Date.parse(iso))) return iso || 'an unknown time';
  const parts = Object.fromEntries(WHEN.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const pounds = (pence: unknown): string =>
  typeof pence === 'number'
    ? `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`
    : '';

/**
 * One readable line per event: "14 Mar 2026 10:02 — j.patel (Camden Council, Director of
 * Housing, under Scheme of delegation §4.2) signed off “Station Road disposal”". Who acted, for
 * which organisation, in which capacity, under which instrument, and what they did.
 */
export function renderTrailLine(event: StoredEvent, names: TrailDirectory): string {
  const data = (event.data ?? {}) as Data;
  const recorded = formatWhen(event.recordedAt);
  if (!isLate(event)) return `${recorded} — ${who(event, data, names)} ${what(event.type, data, names)}`;
  // A record made after the fact (a meeting's minutes, a decision or its council procedure entered
  // later) reads on both clocks (DESIGN §5): when it happened first, then who recorded it when. A
  // vote at a meeting is the member's, recorded by the clerk.
  const happened = formatWhen(event.metadata.occurredAt);
  const recorder = `${who(event, data, names)} on ${recorded}`;
  if (event.type === 'VoteRecorded')
    return `${happened} — ${str(data.personId)} ${votedAtMeeting(data, names, event.metadata.occurredAt)} (recorded by ${recorder})`;
  return `${happened} — ${who(event, data, names)} ${what(event.type, data, names)} (recorded on ${recorded})`;
}

/** Recorded more than a minute after it happened: the two clocks tell different stories. */
function isLate(event: StoredEvent): boolean {
  const happened = Date.parse(event.metadata.occurredAt);
  return !Number.isNaN(happened) && Date.parse(event.recordedAt) - happened > 60_000;
}

function votedAtMeeting(d: Data, names: TrailDirectory, occurredAt: string): string {
  const on = d.decisionId
    ? `on “${names.decisionTitle(str(d.decisionId)) ?? str(d.decisionId)}”`
    : `on item ${str(d.itemId)}`;
  const day = formatWhen(occurredAt).split(' ').slice(0, 3).join(' ');
  return `${d.casting === true ? 'gave the casting vote' : 'voted'} ${str(d.stance)} ${on} at the board meeting of ${day}`;
}

function who(event: StoredEvent, data: Data, names: TrailDirectory): string {
  const actor = event.metadata.actor;
  if (actor.personId === SCHEDULER_ACTOR.personId)
    return `Accord (at ${event.type === 'CallInPeriodEnded' ? 'the end of the call-in period' : 'the closing time'})`;
  const name = names.displayName(actor.orgId, actor.personId);
  const capacity = [
    name ? actor.personId : '',
    names.organisationName(actor.orgId) ?? actor.orgId,
    names.jobTitle(actor.orgId, actor.personId),
  ];
  const instrument = (data.authority as { instrument?: unknown } | undefined)?.instrument;
  if (typeof instrument === 'string') capacity.push(`under ${instrument}`);
  return `${name ?? actor.personId} (${capacity.filter(Boolean).join(', ')})`;
}

function what(type: string, d: Data, names: TrailDirectory): string {
  const org = (id: unknown) => names.organisationName(str(id)) ?? str(id);
  const partnership = `“${names.partnershipTitle(str(d.partnershipId)) ?? str(d.partnershipId)}”`;
  const decision = `“${names.decisionTitle(str(d.decisionId)) ?? str(d.decisionId)}”`;
  const because = (reason: unknown) => (typeof reason === 'string' && reason ? `: ${reason}` : '');
  switch (type) {
    case 'OrganisationRegistered':
      return `registered ${str(d.name)} (${str(d.kind)})`;
    case 'MemberAdded':
      return `added ${d.displayName ? `${str(d.displayName)} (${str(d.personId)})` : str(d.personId)} to ${org(d.organisationId)}${d.jobTitle ? ` as ${str(d.jobTitle)}` : ''}`;
    case 'MemberRemoved':
      return `removed ${str(d.personId)} from ${org(d.organisationId)}${because(d.reason)}`;
    case 'AuthorityDelegated':
      return `delegated authority to ${str(d.personId)} for ${(d.categories as string[] | undefined)?.join(', ') ?? ''} up to ${pounds(d.valueLimitPence)} under ${str(d.instrument)}`;
    case 'AuthorityRevoked':
      return `revoked authority ${str(d.authorityId)} of ${str(d.personId)}${because(d.reason)}`;
    case 'RoleGranted':
      return `granted ${str(d.personId)} the role ${str(d.role)} in ${org(d.organisationId)}`;
    case 'RoleRevoked':
      return `revoked the role ${str(d.role)} of ${str(d.personId)} in ${org(d.organisationId)}${because(d.reason)}`;
    case 'PersonalDataErased':
      return `erased the personal data of ${str(d.personId)} held for ${org(d.organisationId)} (${ERASURE_REASON_TEXT[str(d.reason)] ?? str(d.reason)}; UK GDPR Art. 17(1): ${str(d.lawfulBasis)})`;
    case 'WebhookEndpointRegistered':
      return `registered the webhook endpoint ${str(d.endpointId)} (${str(d.scheme)}) for ${org(d.organisationId)}`;
    case 'WebhookKeyRotated':
      return `rotated the signing key of the webhook endpoint ${str(d.endpointId)} of ${org(d.organisationId)}`;
    case 'WebhookEndpointPaused':
      return `paused the webhook endpoint ${str(d.endpointId)} of ${org(d.organisationId)}`;
    case 'WebhookEndpointResumed':
      return `resumed the webhook endpoint ${str(d.endpointId)} of ${org(d.organisationId)}`;
    case 'WebhookEndpointDisabled':
      return `stopped delivering to the webhook endpoint ${str(d.endpointId)} of ${org(d.organisationId)}: ${str(d.detail)}`;
    case 'WebhookEndpointDeleted':
      return `deleted the webhook endpoint ${str(d.endpointId)} of ${org(d.organisationId)}`;
    case 'WitnessRegistered':
      return `registered ${str(d.name)} at ${str(d.url)} as the witness of the log for ${org(d.organisationId)}`;
    case 'WitnessRetired':
      return `retired ${str(d.name)}, the witness of the log for ${org(d.organisationId)}${because(d.reason)}`;
    case 'PartnershipProposed':
      return `proposed the partnership ${partnership} between ${((d.parties as string[] | undefined) ?? []).map(org).join(' and ')}`;
    case 'PartyJoined':
      return `joined ${partnership} for ${org(d.party)}`;
    case 'PartnershipActivated':
      return `made ${partnership} active: every party has joined`;
    case 'TermsOfReferenceAgreed':
      return `agreed terms of reference v${String(d.version)} of ${partnership} (${str(d.approvalRule)}, quorum ${String(d.quorum)})`;
    case 'BoardMemberAppointed':
      return `appointed ${str(d.personId)} of ${org(d.party)} to the board of ${partnership}${d.boardRole ? ` as ${str(d.boardRole)}` : ''}`;
    case 'BoardMemberStoodDown':
      return `stood ${str(d.personId)} down from the board of ${partnership}${because(d.reason)}`;
    case 'ObjectiveSet':
      return `set the objective “${str(d.title)}” for ${partnership}`;
    case 'ObjectiveRevised':
      return `revised objective ${str(d.objectiveId)} of ${partnership}${because(d.reason)}`;
    case 'ProgressReported':
      return `reported ${String(d.percentComplete)}% (${str(d.rag)}) on objective ${str(d.objectiveId)} of ${partnership}: ${str(d.summary)}`;
    case 'RiskRaised':
      return `raised the risk “${str(d.title)}” in ${partnership}, owned by ${org(d.ownerParty)} (likelihood ${String(d.likelihood)}, impact ${String(d.impact)})`;
    case 'MitigationAssigned':
      return `assigned to ${org(d.party)} the mitigation “${str(d.action)}” of risk ${str(d.riskId)}`;
    case 'RiskClosed':
      return `closed risk ${str(d.riskId)} of ${partnership}${because(d.reason)}`;
    case 'PartnershipSuspended':
      return `suspended ${partnership}${because(d.reason)}`;
    case 'PartnershipResumed':
      return `resumed ${partnership}${because(d.reason)}`;
    case 'PartnershipDissolved':
      return `dissolved ${partnership}${because(d.reason)}`;
    case 'DecisionDrafted':
      return `drafted the decision ${`“${str(d.title)}”`} (${str(d.category)}${d.valuePence === undefined ? '' : `, ${pounds(d.valuePence)}`}) in ${partnership}`;
    case 'DecisionAmended':
      return `amended the draft ${decision}`;
    case 'DecisionOpened':
      return `opened ${decision} for approval until ${formatWhen(str(d.closesAt))} (${str(d.approvalRule)})`;
    case 'InterestDeclared':
      return `declared an interest in ${decision}: ${str(d.nature)}`;
    case 'DispensationGranted':
      return `granted ${str(d.personId)} (${org(d.orgId)}) a dispensation on ${decision} as ${str(d.grantedAs)}${because(d.reason)}`;
    case 'VoteCast':
      return `voted ${str(d.stance)} on ${decision}${because(d.reason)}`;
    case 'VoteChanged':
      return `changed their vote on ${decision} from ${str(d.previousStance)} to ${str(d.stance)}${because(d.reason)}`;
    case 'MeetingVotesCounted': {
      const votes = Array.isArray(d.votes) ? (d.votes as Data[]) : [];
      const casting = d.castingVote as Data | undefined;
      const each = [
        ...votes.map((v) => `${str(v.personId)} ${str(v.stance)}`),
        ...(casting ? [`casting vote of the chair ${str(casting.personId)} ${str(casting.stance)}`] : []),
      ].join(', ');
      return `counted in ${decision} the votes recorded at meeting ${str(d.meetingId)}${each ? ` (${each})` : ''}`;
    }
    case 'SignOffRecorded':
      return `signed off ${decision} for ${org(d.party)}`;
    case 'SignOffWithdrawn':
      return `withdrew the sign-off of ${org(d.party)} (given by ${str(d.personId)}) on ${decision}${because(d.reason)}`;
    case 'DecisionApproved':
      return `completed the approval of ${decision} (${str(d.rule)})`;
    case 'DecisionRejected': {
      const refusal = d.refusal as { party?: string; reason?: string; instrument?: string } | undefined;
      return refusal
        ? `refused sign-off of ${decision} for ${org(refusal.party)} under ${str(refusal.instrument)}${because(refusal.reason)}; it is rejected`
        : `completed the rejection of ${decision} (${str(d.rule)})`;
    }
    case 'DecisionLapsed':
      return `recorded that ${decision} lapsed at its closing time (${str(d.reason)})`;
    case 'DecisionWithdrawn':
      return `withdrew ${decision}${because(d.reason)}`;
    case 'OutcomeRecorded':
      return `recorded the outcome of ${decision}: ${str(d.statement)}`;
    case 'DecisionRescinded':
      return `rescinded ${decision} under decision ${str(d.authorisedByDecisionId)}${because(d.reason)}`;
    case 'DecisionSuperseded':
      return `recorded that ${decision} is superseded by ${str(d.by)}${because(d.reason)}`;
    case 'ForwardPlanEntryPublished':
      return `put ${decision} on the forward plan${d.key === true ? ' as a key decision' : ''}, expected ${str(d.expectedDate)} (${str(d.decisionMaker)})`;
    case 'GeneralExceptionRecorded':
      return `published a general exception for ${decision}, the scrutiny chair told${because(d.reason)}`;
    case 'SpecialUrgencyAgreed':
      return `agreed as scrutiny chair that ${decision} is too urgent for notice${because(d.reason)}`;
    case 'DecisionNoticePublished':
      return `published the decision notice of ${decision} (${str(d.decision)})${d.callInUntil ? `, open to call-in until ${str(d.callInUntil)}` : ''}`;
    case 'CallInRequested':
      return `asked as a scrutiny member that ${decision} be called in${because(d.reason)}`;
    case 'DecisionCalledIn':
      return `called in ${decision} for scrutiny (${String((d.by as unknown[] | undefined)?.length ?? 0)} members)`;
    case 'CallInPeriodEnded':
      return `ended the call-in period of ${decision} (it ran to ${str(d.callInUntil)}) with no call-in`;
    case 'ScrutinyOutcomeRecorded':
      return `recorded the scrutiny outcome on ${decision}: ${str(d.outcome)}${d.recommendations ? `, recommending: ${str(d.recommendations)}` : ''}`;
    case 'DecisionImplemented':
      return `recorded that ${decision} is implemented`;
    case 'DecisionReconsidered':
      return `recorded that the board, reconsidering, confirmed ${decision}${because(d.reason)}`;
    // The exempt value itself is never quoted here: the line is read by everyone who sees the trail.
    case 'ExemptItemRecorded':
      return `withheld the ${str(d.part)} of ${decision} (item ${str(d.itemId)}) under Schedule 12A para ${String(d.paragraph)}${because(d.publicInterestReason)}`;
    case 'ExemptItemDeclassified':
      return `declassified item ${str(d.itemId)} of ${decision}, the value committed to${because(d.reason)}`;
    case 'MeetingScheduled':
      return `called a board meeting of ${partnership} for ${formatWhen(str(d.startsAt))} at ${str(d.place) || str(d.link)}`;
    case 'MeetingNoticePublished':
      return `published the notice and agenda of meeting ${str(d.meetingId)} (${String(d.clearWorkingDays)} clear working days, ${String(d.requiredClearWorkingDays)} required)`;
    case 'AttendanceRecorded':
      return `recorded ${str(d.personId)} as ${str(d.presence)}${d.substituteFor ? ` (substitute for ${str(d.substituteFor)})` : ''} at meeting ${str(d.meetingId)}`;
    case 'MeetingQuorumDetermined':
      return `found meeting ${str(d.meetingId)} ${d.quorate === true ? 'quorate' : 'inquorate'} (${String((d.present as unknown[] | undefined)?.length ?? 0)} present, ${String(d.required)} needed)`;
    case 'InterestRecorded':
      return `recorded that ${str(d.personId)} declared an interest in item ${str(d.itemId)} at meeting ${str(d.meetingId)}: ${str(d.nature)}`;
    case 'VoteRecorded':
      return `recorded that ${str(d.personId)} ${votedAtMeeting(d, names, str(d.occurredAt))}`;
    case 'MeetingClosed':
      return `closed the record of meeting ${str(d.meetingId)}, which ended at ${formatWhen(str(d.endedAt))}`;
    case 'MeetingAdjourned':
      return `adjourned meeting ${str(d.meetingId)}${because(d.reason)}`;
    case 'MeetingCancelled':
      return `cancelled meeting ${str(d.meetingId)}${because(d.reason)}`;
    case 'MinutesDrafted':
      return `drafted the minutes (v${String(d.version)}) of meeting ${str(d.meetingId)}`;
    case 'MinutesApproved':
      return `recorded that meeting ${str(d.atMeetingId)} approved the minutes (v${String(d.version)}) of meeting ${str(d.meetingId)} as a true record`;
    case 'RecordDisputed':
      return `disputed the record (${str(d.disputedEventType)} ${str(d.disputedEventId)}) of meeting ${str(d.meetingId)}${because(d.reason)}`;
    case 'RecordCorrected':
      if (d.meetingId)
        return `corrected the ${str(d.field)} of ${str(d.personId)} recorded at meeting ${str(d.meetingId)} from ${str(d.from)} to ${str(d.to)}${because(d.reason)}`;
      return `corrected the wording of an earlier ${str(d.correctedEventType)} on ${decision}${because(d.reason)}`;
    default:
      return `recorded ${type}`;
  }
}
