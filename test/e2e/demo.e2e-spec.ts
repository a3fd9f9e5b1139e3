import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { MeetingView, PartnershipTimeline, TimelineDecision } from '@accord/contracts';
import { isWorkingDay, londonDate } from '@accord/domain';
import { boardYear } from '../../apps/cli/src/demo/scenario/board-year';
import { forwardPlanDate, MOORLANDS_MARKET_VALUE } from '../../apps/cli/src/demo/scenario/council-procedure';
import { LAMBETH_HOMES } from '../../apps/cli/src/demo/scenario/lambeth-homes';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { DEMO_RUN_LIMIT_MS } from '../support/processes';

/**
 * `accord demo` against the real API on real PostgreSQL, run twice: the story ends as it says
 * (39 decisions and how each ended), sign-offs come from the member the domain says may sign with
 * the narrowest authority, the rules it shows refuse what they should, and the second run replays
 * every command without writing. A former board member's interests are erased at the end, and the
 * log still verifies. Under the council procedure of its terms v2, anyone reads the partnership's
 * forward plan, notices and call-in without signing in, and never the land value held exempt.
 * The clerk minutes the board's year on its real dates, the twelve months before the run.
 */
const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const reader: Caller = { personId: 'd.hargreaves', orgId: 'lambeth-council', roles: ['member'] };
const LEASE = '2026-06-temporary-accommodation-lease';

describe('accord demo', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  const runs: { stdout: string; stderr: string }[] = [];

  const decision = async (decisionId: string) =>
    (await api.request('GET', `/v1/decisions/${decisionId}`, { token: await api.token(reader) })).body;

  beforeAll(
    async () => {
      db = await createTestDatabase(testEngines()[0]);
      api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0' });
      for (let i = 0; i < 2; i++)
        runs.push(
          await promisify(execFile)(process.execPath, [cli, 'demo', '--url', api.baseUrl], {
            env: { ...process.env, ACCORD_DATA_DIR: api.dataDir },
            timeout: DEMO_RUN_LIMIT_MS,
          }),
        );
    },
    2 * DEMO_RUN_LIMIT_MS + 60_000,
  );

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('tells the whole story: 39 decisions, each ending as the story says', async () => {
    const ids = LAMBETH_HOMES.scenes
      .flatMap((scene) => scene.steps)
      .flatMap((step) => (step.do.type === 'DraftDecision' ? [step.do.decisionId] : []));
    const statuses: Record<string, number> = {};
    for (const id of ids) {
      const { status } = await decision(id);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    expect(statuses).toEqual({
      approved: 25,
      rejected: 3,
      open: 3,
      withdrawn: 2,
      lapsed: 1,
      rescinded: 1,
      superseded: 1,
      draft: 3,
    });
    expect(runs[0].stdout).toMatch(/decisions: 39 — approved 25, rejected 3, withdrawn 2, lapsed 1/);
  });

  it('has each party sign off through the member the domain allows with the narrowest authority', async () => {
    const signers = async (id: string) =>
      Object.fromEntries(
        Object.entries((await decision(id)).signOffs as Record<string, { personId: string }>).map(([p, s]) => [
          p,
          s.personId,
        ]),
      );
    // £480,000 of development: within the Corporate Director's £10m, the Director of Development's £5m, Assets' £3m.
    expect(await signers('2025-12-employers-agent')).toEqual({
      'lambeth-council': 'd.hargreaves',
      'southbank-homes': 'l.moreau',
      'oval-housing': 'a.novak',
    });
    // £12.4m is beyond each of them: the Cabinet Member and the two chief executives sign.
    expect(await signers('2026-05-stockwell-park-contract')).toEqual({
      'lambeth-council': 'a.mensah',
      'southbank-homes': 'p.adeyemi',
      'oval-housing': 'g.thompson',
    });
    // Nominations: at the association only the Chief Executive's authority covers them; the other parties have not signed yet.
    expect(await signers('2026-09-clapham-park-lettings')).toEqual({ 'southbank-homes': 'p.adeyemi' });
  });

  it('erases a former board member’s interests: they read "[erased]", others’ stay, and the log verifies', async () => {
    const interests = async (id: string) =>
      (
        (await api.request('GET', `/v1/decisions/${id}/record`, { token: await api.token(reader) })).body.acts as {
          kind: string;
          personId: string;
          nature?: string;
        }[]
      ).flatMap((a) => (a.kind === 'interest' ? [[a.personId, a.nature]] : []));
    expect(await interests('2026-03-modular-pilot')).toEqual([['l.moreau', '[erased]']]);
    expect(await interests('2026-10-lettable-standard')).toEqual([
      ['p.adeyemi', 'Her partner is a director of a decorating contractor on Southbank’s voids framework.'],
    ]);
    const auditor: Caller = { personId: 'demo-auditor', orgId: 'platform', roles: ['auditor'] };
    const verified = await api.request('GET', '/v1/audit/verify', { token: await api.token(auditor) });
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('publishes its forward plan, notice and call-in to anyone, and never the exempt land value', async () => {
    const anonymous = async (path: string) => {
      const res = await api.request('GET', `/v1/public/partnerships${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      return res.body as { items: Record<string, unknown>[] } & string;
    };
    expect((await anonymous('')).items.map((p) => p.partnershipId)).toEqual(['lambeth-homes']);
    const plan = await anonymous('/lambeth-homes/forward-plan');
    expect(plan.items.map((e) => [e.decisionId, e.expectedDate, e.key])).toEqual(
      expect.arrayContaining([
        ['2027-03-cotton-gardens-appropriation', forwardPlanDate(), true],
        ['2027-03-budget-monitoring', forwardPlanDate(), false],
      ]),
    );
    const notices = await anonymous('/lambeth-homes/decision-notices');
    expect(notices.items).toEqual([
      expect.objectContaining({ decisionId: '2026-10-vauxhall-planning', decision: 'approved' }),
    ]);
    const decisions = await anonymous('/lambeth-homes/decisions');
    expect(decisions.items.find((d) => d.decisionId === '2026-10-vauxhall-planning')).toMatchObject({
      callIn: { calledInAt: expect.any(String), scrutinyOutcome: 'referred-back', reconsideredAt: expect.any(String) },
    });
    expect(runs[0].stdout).toContain(`curl -s ${api.baseUrl}/v1/public/partnerships/lambeth-homes/register.atom`);
    const feed = await anonymous('/lambeth-homes/register.atom');
    expect(feed).toContain(
      'Forward plan: Board 11 Mar 2027: Appropriate the Cotton Gardens land for planning purposes',
    );
    expect(feed).toContain('Decision notice: Board 8 Oct 2026: Submit the Vauxhall Gardens planning application');
    // Open data: the same published decisions as a spreadsheet-ready CSV (RFC 4180, read strictly).
    const csv = await anonymous('/lambeth-homes/decisions.csv');
    expect(runs[0].stdout).toContain(`curl -s -OJ ${api.baseUrl}/v1/public/partnerships/lambeth-homes/decisions.csv`);
    const all = await anonymous('/lambeth-homes/decisions?limit=100');
    const rows = parse(csv, { columns: true, record_delimiter: '\r\n', strict: true } as never) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.decision_id)).toEqual(all.items.map((d) => d.decisionId));
    expect(rows.find((r) => r.decision_id === '2026-10-vauxhall-planning')).toMatchObject({
      status: 'approved',
      scrutiny_outcome: 'referred-back',
    });
    for (const body of [plan, notices, decisions, feed, csv]) expect(JSON.stringify(body)).not.toContain('£4,850,000');
    expect(csv).not.toContain('Luc Moreau');
    // The parties' downloads of the same story, spreadsheet-ready too: its register, votes and sign-offs.
    expect(runs[0].stdout).toContain(`curl -s -OJ ${api.baseUrl}/v1/partnerships/lambeth-homes/votes.csv`);
    const token = await api.token(reader);
    const download = async (file: string) => {
      const res = await api.request('GET', `/v1/partnerships/lambeth-homes/${file}`, { token });
      expect([file, res.status]).toEqual([file, 200]);
      return parse(res.body as string, { columns: true, record_delimiter: '\r\n', strict: true } as never) as Record<
        string,
        string
      >[];
    };
    const register = await download('decisions.csv');
    expect(register.map((r) => r.decision_id)).toEqual(expect.arrayContaining(all.items.map((d) => d.decisionId)));
    expect(register.length).toBeGreaterThan(all.items.length);
    const signOffs = await download('sign-offs.csv');
    expect(
      signOffs.filter((s) => s.kind === 'sign-off' && s.organisation_id === 'lambeth-council').length,
    ).toBeGreaterThan(0);
    expect(signOffs.every((s) => s.authority_instrument !== '' || s.kind === 'sign-off-withdrawn')).toBe(true);
    const votes = await download('votes.csv');
    expect(votes.length).toBeGreaterThan(0);
    expect(votes.every((v) => ['agree', 'disagree', 'abstain'].includes(v.stance))).toBe(true);

    // The parties read the general exception, and the value once declassified at the story's end.
    // The general exception is published on the day the demo runs: the disposal may open 5 clear days later.
    expect(await decision('2026-12-stockwell-garages-disposal')).toMatchObject({
      status: 'draft',
      generalExceptionPublishedAt: expect.any(String),
    });
    expect(JSON.stringify(await decision('2026-01-moorlands-disposal'))).toContain(MOORLANDS_MARKET_VALUE);
  });

  it('dates the partnership’s founding on its real days, a year and more before the run', async () => {
    const occurred = async (streamId: string) =>
      (
        await db.pool.query<{ type: string; at: string }>(
          `SELECT e->>'type' AS type, e#>>'{metadata,occurredAt}' AS at
             FROM (SELECT convert_from(canonical, 'UTF8')::jsonb AS e, revision FROM events WHERE stream_id = $1) s
            ORDER BY revision`,
          [streamId],
        )
      ).rows.map((r) => [r.type, r.at]);
    // 10:00 in London: BST on 1 October, GMT in November.
    expect((await occurred('organisation-lambeth-council'))[0]).toEqual([
      'OrganisationRegistered',
      '2025-10-01T09:00:00.000Z',
    ]);
    const partnership = await occurred('partnership-lambeth-homes');
    expect(partnership.filter(([type]) => type !== 'TermsOfReferenceAgreed').slice(0, 5)).toEqual([
      ['PartnershipProposed', '2025-11-13T10:00:00.000Z'],
      ['PartyJoined', '2025-11-13T10:00:00.000Z'],
      ['PartyJoined', '2025-11-13T10:00:00.000Z'],
      ['PartyJoined', '2025-11-13T10:00:00.000Z'],
      ['PartnershipActivated', '2025-11-13T10:00:00.000Z'],
    ]);
    expect(partnership.find(([type]) => type === 'BoardMemberAppointed')?.[1]).toBe('2025-11-20T10:00:00.000Z');
  });

  it('dates its decisions on their scenes’ days: the timeline spans the year, and mid-June answers as it then stood', async () => {
    const token = await api.token(reader);
    const timeline = async (query = '') => {
      const res = await api.request('GET', `/v1/partnerships/lambeth-homes/timeline${query}`, { token });
      expect(res.status).toBe(200);
      return res.body as PartnershipTimeline;
    };
    const lease = (t: PartnershipTimeline) => t.decisions.find((d) => d.decisionId === LEASE);
    const signedOff = (d: TimelineDecision | undefined) =>
      d?.parties.filter((p) => p.signOff !== null).map((p) => p.organisationId);
    const now = await timeline();
    const drafted = now.decisions.map((d) => d.draftedAt).sort();
    expect([drafted[0], drafted[drafted.length - 1]]).toEqual(['2025-12-11T10:00:00.000Z', '2026-12-03T10:00:00.000Z']);
    expect(lease(now)).toMatchObject({ status: 'rejected', resolvedAt: '2026-06-16T09:00:00.000Z' });

    // 14 June 2026: the board had voted and Lambeth signed off; Southbank's refusal came on the 16th.
    const midJune = await timeline('?at=2026-06-14T12:00:00Z');
    expect(lease(midJune)).toMatchObject({ status: 'open', draftedAt: '2026-06-11T09:00:00.000Z' });
    expect(signedOff(lease(midJune))).toEqual(['lambeth-council']);
    expect(midJune.decisions.every((d) => d.draftedAt <= '2026-06-14T12:00:00Z')).toBe(true);
    expect(midJune.decisions.map((d) => d.decisionId)).not.toContain('2026-09-terms-v2');
    expect(midJune.decisions.length).toBeLessThan(now.decisions.length - 10);
    // As the ledger said before the demo ran, nothing had been recorded at all.
    const beforeTheRun = await api.request('GET', `/v1/partnerships/lambeth-homes/timeline?asOf=2026-06-14T12:00:00Z`, {
      token,
    });
    expect(beforeTheRun.status).toBe(404);
  });

  it('minutes the board’s year on its real dates: twelve meetings, one inquorate and adjourned, votes recorded later', async () => {
    const year = boardYear();
    const token = await api.token(reader);
    const meetingsAt = async (query = '') =>
      (await api.request('GET', `/v1/partnerships/lambeth-homes/meetings${query}`, { token })).body
        .meetings as MeetingView[];
    const meetings = await meetingsAt();
    expect(meetings.map((m) => [m.meetingId, m.startsAt])).toEqual(year.map((m) => [m.meetingId, m.startsAt]));
    const month = (instant: string) => Number(instant.slice(0, 4)) * 12 + Number(instant.slice(5, 7));
    expect(month(meetings[11].startsAt) - month(meetings[0].startsAt)).toBeGreaterThanOrEqual(11);
    expect(
      meetings
        .filter((m) => m.status !== 'closed')
        .map((m) => [londonDate(m.startsAt).slice(5, 7), m.status, m.quorate]),
    ).toEqual([['08', 'adjourned', false]]);

    // Each vote names the member as voter and the clerk as recorder; it happened at the meeting
    // and was recorded when the demo ran, at least days later.
    const votes = meetings.flatMap((m) => m.votes.flatMap((item) => item.votes.map((v) => ({ ...v, m }))));
    expect(votes.length).toBeGreaterThanOrEqual(11 * 4);
    for (const v of votes) {
      expect(v).toMatchObject({
        recordedBy: 'j.okafor',
        occurredAt: new Date(Date.parse(v.m.startsAt) + 40 * 60_000).toISOString(),
      });
      expect(v.personId).not.toBe('j.okafor');
      expect(Date.parse(v.recordedAt) - Date.parse(v.occurredAt)).toBeGreaterThan(86_400_000);
    }
    // The minutes were written up the next working day, and approved at the next quorate meeting.
    for (const [i, m] of meetings.entries()) {
      const drafted = m.records.find((r) => r.type === 'MinutesDrafted');
      const day = londonDate(drafted!.occurredAt);
      expect(day > londonDate(m.startsAt) && isWorkingDay(day)).toBe(true);
      const next = meetings.slice(i + 1).find((later) => later.quorate);
      expect([m.meetingId, m.minutes?.approvedAtMeetingId ?? null]).toEqual([m.meetingId, next?.meetingId ?? null]);
    }

    // At 23:00 on the night of the seventh meeting: the meetings as they then stood, minutes
    // approved by then, its own not yet written up, the later meetings not yet scheduled.
    const seventh = year[6];
    const at = new Date(Date.parse(seventh.startsAt) + 5 * 3_600_000).toISOString();
    const then = await meetingsAt(`?at=${at}`);
    expect(then.map((m) => m.meetingId)).toEqual(expect.arrayContaining(year.slice(0, 7).map((m) => m.meetingId)));
    expect(then.map((m) => m.meetingId)).not.toEqual(expect.arrayContaining([year[8].meetingId]));
    const held = then.find((m) => m.meetingId === seventh.meetingId)!;
    expect([held.status, held.minutes]).toEqual([seventh.quorate ? 'closed' : 'adjourned', null]);
    const heldByThen = new Set(year.slice(0, 7).map((m) => m.meetingId));
    const approvedByThen = meetings.filter((m) => heldByThen.has(m.minutes?.approvedAtMeetingId ?? ''));
    expect(then.filter((m) => m.minutes?.approvedAtMeetingId).map((m) => m.meetingId)).toEqual(
      approvedByThen.map((m) => m.meetingId),
    );
    expect(approvedByThen.length).toBeGreaterThanOrEqual(5);
  });

  it('checks the refusals it shows on the first run, and writes nothing on the second', () => {
    expect(runs[0].stdout).toMatch(/, 0 already done \(Idempotency-Key replays\); 5 refusals checked/);
    const second = runs[1].stdout.match(
      /this run: +(\d+) commands, (\d+) new \((\d+) events written\), (\d+) already done/,
    );
    expect(second).not.toBeNull();
    const [, commands, fresh, events, replayed] = (second as RegExpMatchArray).map(Number);
    expect({ fresh, events, replayed }).toEqual({ fresh: 0, events: 0, replayed: commands });
    expect(runs[1].stdout).toMatch(/lapsed at its closing time on an earlier run/);
    expect(runs.map((r) => r.stderr)).toEqual(['', '']);
  });
});
