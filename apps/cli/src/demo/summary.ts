/** The lines `accord demo` ends with: what the ledger now holds of the story, and how to look at it. */
import { DECISION_CATEGORIES } from '@accord/domain';
import type { Ledger } from './ledger';
import type { PlayCounts } from './runner';
import type { Scenario } from './scenario/format';

export interface SummaryContext {
  baseUrl: string;
  dataDir: string;
  /** ACCORD_DATA_DIR was not set: the token command needs no prefix. */
  defaultDataDir: boolean;
  seconds: number;
}

export async function summarise(
  ledger: Ledger,
  scenario: Scenario,
  counts: PlayCounts,
  context: SummaryContext,
): Promise<string[]> {
  const { reader, partnershipId } = scenario;
  const commands = scenario.scenes.flatMap((scene) => scene.steps).flatMap((step) => ('by' in step ? [step.do] : []));
  const drafts = commands.flatMap((c) => (c.type === 'DraftDecision' ? [c] : []));
  const organisationIds = commands.flatMap((c) => (c.type === 'RegisterOrganisation' ? [c.organisationId] : []));

  const byStatus = new Counter();
  const byCategory = new Counter();
  let decisionEvents = 0;
  for (const draft of drafts) {
    const view = await ledger.decision(reader, draft.decisionId);
    byStatus.add(view.status);
    byCategory.add(draft.category);
    decisionEvents += view.revision;
  }
  const partnership = await ledger.partnership(reader, partnershipId);
  const meetings = await ledger.meetings(reader, partnershipId);
  const byMeetingStatus = new Counter();
  for (const m of meetings) byMeetingStatus.add(m.status);
  const approved = meetings.filter((m) => m.minutes?.approvedAtMeetingId).length;
  const held =
    meetings.length > 0
      ? `${meetings[0].startsAt.slice(0, 10)} to ${meetings[meetings.length - 1].startsAt.slice(0, 10)}`
      : '';
  let organisationEvents = 0;
  for (const id of organisationIds) organisationEvents += await ledger.organisationRevision(reader, id);
  const total = organisationEvents + partnership.revision + decisionEvents;
  const statuses = ['approved', 'rejected', 'withdrawn', 'lapsed', 'rescinded', 'superseded', 'open', 'draft']
    .filter((s) => byStatus.get(s) > 0)
    .map((s) => `${s} ${byStatus.get(s)}`)
    .join(', ');
  const categories = DECISION_CATEGORIES.filter((c) => byCategory.get(c) > 0)
    .map((c) => `${c} ${byCategory.get(c)}`)
    .join(', ');
  const readerOrg = scenario.people.find((p) => p.personId === reader)?.orgId;
  const { baseUrl } = context;
  const tokenEnv = context.defaultDataDir ? '' : `ACCORD_DATA_DIR=${context.dataDir} `;
  return [
    '',
    `Summary (${baseUrl}, ${context.seconds.toFixed(1)} s)`,
    `  events:    ${total} in the demo's streams — organisations ${organisationEvents}, partnership ${partnership.revision}, decisions ${decisionEvents}`,
    `  this run:  ${counts.commands} commands, ${counts.commands - counts.replayed} new (${counts.eventsWritten} events written), ${counts.replayed} already done (Idempotency-Key replays); ${counts.refusalsChecked} refusals checked`,
    `  decisions: ${drafts.length} — ${statuses}`,
    `  by category: ${categories}`,
    `  meetings:  ${meetings.length} (${held}) — closed ${byMeetingStatus.get('closed')}, adjourned ${byMeetingStatus.get('adjourned')}; minutes approved ${approved}`,
    `  partnership ${partnershipId}: ${partnership.status}, board of ${Object.keys(partnership.board).length}, ${Object.keys(partnership.objectives).length} objectives, ${Object.keys(partnership.risks).length} risks`,
    '',
    `Look at the data (as ${reader}):`,
    `  TOKEN=$(${tokenEnv}npm run -s accord -- token --person ${reader} --org ${readerOrg} --roles member)`,
    `  curl -s ${baseUrl}/v1/partnerships/${partnershipId} -H "authorization: Bearer $TOKEN"`,
    `  curl -s ${baseUrl}/v1/decisions/${scenario.showcaseDecisionId} -H "authorization: Bearer $TOKEN"`,
    `  curl -s ${baseUrl}/v1/organisations/${readerOrg} -H "authorization: Bearer $TOKEN"`,
    `  curl -s '${baseUrl}/v1/partnerships/${partnershipId}/meetings?at=${meetings[Math.floor(meetings.length / 2)]?.startsAt ?? ''}' -H "authorization: Bearer $TOKEN"`,
    `  curl -s -OJ ${baseUrl}/v1/partnerships/${partnershipId}/votes.csv -H "authorization: Bearer $TOKEN"   # also decisions.csv, sign-offs.csv`,
    '',
    'Its public register, for anyone (no token):',
    `  curl -s ${baseUrl}/v1/public/partnerships/${partnershipId}/forward-plan`,
    `  curl -s ${baseUrl}/v1/public/partnerships/${partnershipId}/register.atom`,
    `  curl -s -OJ ${baseUrl}/v1/public/partnerships/${partnershipId}/decisions.csv   # open data, for a spreadsheet`,
  ];
}

class Counter {
  private readonly counts = new Map<string, number>();
  add(name: string) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  get(name: string) {
    return this.counts.get(name) ?? 0;
  }
}
