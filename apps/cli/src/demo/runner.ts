/**
 * Plays a scenario (./scenario/format.ts) against a running API, scene by scene, printing a line
 * per scene. Each step is sent as its actor with an Idempotency-Key derived from the step, so a
 * second run writes nothing and reports the steps "already done". Who signs off for a party and
 * who may vote are asked of the domain (./ledger.ts).
 */
import { type AccordClient, type CommandResult, isProblem, sleep } from '../client/accord-client';
import { type ApiCommand, commandRequest } from '../client/command-routes';
import { Callers } from './callers';
import { Ledger } from './ledger';
import type {
  AwaitClosingTime,
  Check,
  CheckStep,
  EveryVoterStep,
  Scenario,
  Scene,
  Step,
  StoryCommand,
} from './scenario/format';
import { scenarioProblems } from './scenario/scenario-problems';
import { SceneTally } from './scene-tally';
import { STEP_KINDS } from './step-kinds';
import { ScenarioError, UnexpectedOutcome } from './errors';

export interface PlayOptions {
  /** How long after a decision's closing time to wait for the server's scheduler to resolve it. */
  closingTimeoutSeconds: number;
  out: (line: string) => void;
}

export interface PlayCounts {
  commands: number;
  /** Answered from an earlier run's Idempotency-Key: nothing written. */
  replayed: number;
  eventsWritten: number;
  refusalsChecked: number;
}

/** Statuses a decision leaves open for the story's later steps to settle, when a later run finds it moved on. */
const RESOLVED = ['approved', 'rejected', 'lapsed'];

export async function playScenario(
  client: AccordClient,
  scenario: Scenario,
  options: PlayOptions,
): Promise<PlayCounts> {
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) throw new ScenarioError(`the scenario cannot be played:\n  ${problems.join('\n  ')}`);
  const run = new ScenarioRun(client, scenario, options);
  for (const scene of scenario.scenes) await run.playScene(scene);
  return run.counts;
}

class ScenarioRun {
  readonly counts: PlayCounts = { commands: 0, replayed: 0, eventsWritten: 0, refusalsChecked: 0 };
  private readonly callers: Callers;
  private readonly ledger: Ledger;
  /** For each check, the statuses the story expects of its decision from there on. */
  private readonly expected: Map<Step, Set<string>>;
  /** Decisions this run opened: refusal checks are played on these only (a later run finds them moved on). */
  private readonly opened = new Set<string>();
  /** Meetings this run scheduled: refusal checks on a meeting are played on these only, as on decisions. */
  private readonly scheduled = new Set<string>();
  /** The event id of each vote, by decision and voter, for corrections. */
  private readonly votes = new Map<string, string>();
  private readonly keyUses = new Map<string, number>();

  constructor(
    private readonly client: AccordClient,
    private readonly scenario: Scenario,
    private readonly options: PlayOptions,
  ) {
    this.callers = new Callers(scenario.people);
    this.ledger = new Ledger(client, this.callers);
    this.expected = expectedStatuses(scenario);
  }

  async playScene(scene: Scene): Promise<void> {
    const before = { ...this.counts };
    const tally = new SceneTally();
    for (const step of scene.steps) await this.playStep(step, tally);
    const n = this.counts.commands - before.commands;
    const replayed = this.counts.replayed - before.replayed;
    const commands = `${n} command${n === 1 ? '' : 's'}${replayed > 0 ? `, ${replayed} already done` : ''}`;
    this.options.out(`${scene.title.padEnd(46)} ${tally.describe()}  [${commands}]`);
  }

  private async playStep(step: Step, tally: SceneTally): Promise<void> {
    if (isCheck(step)) return this.check(step.do, this.expected.get(step) ?? new Set(), tally);
    if (isEveryVoter(step)) {
      const voters = await this.ledger.eligibleVoters(this.scenario.reader, step.do.decisionId);
      for (const voter of voters) await this.act(voter, step.do, tally);
      return;
    }
    const actor =
      typeof step.by === 'string' ? step.by : await this.ledger.signatory(step.by.signatoryFor, decisionOf(step.do));
    if (step.refusedWith !== undefined) return this.expectRefusal(actor, step.do, step.refusedWith);
    await this.act(actor, step.do, tally);
  }

  private async act(actor: string, action: StoryCommand, tally: SceneTally): Promise<void> {
    tally.add(action.type);
    const command = await this.commandFor(actor, action);
    if (!command) return;
    const { path, body } = commandRequest(command);
    const result = await this.client.command(this.callers.of(actor), path, body, {
      idempotencyKey: `demo:${this.key(actor, action)}`,
    });
    this.counts.commands++;
    if (result.replayed) this.counts.replayed++;
    else this.counts.eventsWritten += result.events.length;
    this.remember(actor, action, result, tally);
  }

  /** The command a story step sends, or nothing when a run before this one already did it. */
  private async commandFor(actor: string, action: StoryCommand): Promise<ApiCommand | undefined> {
    switch (action.type) {
      case 'OpenDecision': {
        // The closing time depends on when the demo runs, so an Idempotency-Key replay cannot
        // cover the opening: open only what is still a draft.
        const { status } = await this.ledger.decision(this.scenario.reader, action.decisionId);
        if (status !== 'draft') return undefined;
        this.opened.add(action.decisionId);
        const closesAt = new Date(Date.now() + action.openForMs).toISOString();
        const { decisionId, occurredAt } = action;
        return { type: 'OpenDecision', decisionId, closesAt, ...(occurredAt === undefined ? {} : { occurredAt }) };
      }
      case 'CorrectVote': {
        const correctsEventId = this.votes.get(`${action.decisionId}\n${actor}`);
        if (!correctsEventId) throw new ScenarioError(`${actor} cast no vote on ${action.decisionId} to correct`);
        const { decisionId, corrections, reason } = action;
        return { type: 'CorrectRecord', decisionId, correctsEventId, corrections, reason };
      }
      default:
        return action;
    }
  }

  private remember(actor: string, action: StoryCommand, result: CommandResult, tally: SceneTally): void {
    const vote = result.events.find((e) => e.type === 'VoteCast' || e.type === 'VoteChanged');
    if (vote && 'decisionId' in action) this.votes.set(`${action.decisionId}\n${actor}`, vote.eventId);
    if (result.events.some((e) => e.type === 'PartnershipActivated')) tally.note('partnership active');
    if (action.type === 'ScheduleMeeting' && !result.replayed) this.scheduled.add(action.meetingId);
  }

  /** The step's Idempotency-Key: its kind's key, numbered where the kind repeats or the story repeats it. */
  private key(actor: string, action: StoryCommand): string {
    const kind = STEP_KINDS[action.type] as { key(c: StoryCommand, actor: string): string; numbered?: true };
    const base = kind.key(action, actor);
    if (kind.numbered) return `${base}:${this.use(base)}`;
    const n = this.use(`${actor}\n${base}`);
    return n === 0 ? base : `${base}:${n}`;
  }

  private use(key: string): number {
    const n = this.keyUses.get(key) ?? 0;
    this.keyUses.set(key, n + 1);
    return n;
  }

  /** A rule shown working: the API must refuse the step with `code`. Nothing is written. */
  private async expectRefusal(actor: string, action: StoryCommand, code: string): Promise<void> {
    const decisionId = 'decisionId' in action ? action.decisionId : undefined;
    if (decisionId !== undefined && !this.opened.has(decisionId)) return;
    if ('meetingId' in action && !this.scheduled.has(action.meetingId)) return;
    const command = await this.commandFor(actor, action);
    if (!command) return;
    const { path, body } = commandRequest(command);
    try {
      await this.client.command(this.callers.of(actor), path, body);
    } catch (err) {
      if (!isProblem(err, code)) throw err;
      this.counts.refusalsChecked++;
      return;
    }
    throw new UnexpectedOutcome(`POST ${path} as ${actor} was accepted; expected a refusal with code ${code}`);
  }

  private async check(check: Check, expected: Set<string>, tally: SceneTally): Promise<void> {
    if (check.type === 'AwaitClosingTime') return this.awaitClosingTime(check, tally);
    const { status } = await this.ledger.decision(this.scenario.reader, check.decisionId);
    const accepted = new Set(expected);
    if (check.status === 'open' && !this.opened.has(check.decisionId)) RESOLVED.forEach((s) => accepted.add(s));
    if (!accepted.has(status))
      throw new UnexpectedOutcome(
        `decision ${check.decisionId} is ${status}; the story expects it to be ${[...accepted].join(' or ')}`,
      );
    tally.status(check.status);
  }

  private async awaitClosingTime(check: AwaitClosingTime, tally: SceneTally): Promise<void> {
    const started = Date.now();
    let view = await this.ledger.decision(this.scenario.reader, check.decisionId);
    const earlier = view.status === check.status;
    const closesAt = view.closesAt ? Date.parse(view.closesAt) : started;
    const deadline = Math.max(closesAt, started) + this.options.closingTimeoutSeconds * 1000;
    while (view.status === 'open' && Date.now() < deadline) {
      await sleep(250);
      view = await this.ledger.decision(this.scenario.reader, check.decisionId);
    }
    if (view.status !== check.status) {
      throw new UnexpectedOutcome(
        `decision ${check.decisionId} is ${view.status} ${Math.round((Date.now() - closesAt) / 1000)} s after its closing time (${view.closesAt}); ` +
          `expected the server’s closing-time scheduler to make it ${check.status} within about a second. Is this server running the scheduler?`,
      );
    }
    const late = Math.max(0, Date.now() - closesAt);
    tally.note(
      earlier
        ? `${check.decisionId} ${check.status} at its closing time on an earlier run`
        : `${check.decisionId} ${check.status} by the scheduler (seen ${(late / 1000).toFixed(1)} s after closing)`,
    );
  }
}

const isCheck = (step: Step): step is CheckStep => !('by' in step);
const isEveryVoter = (step: Step): step is EveryVoterStep =>
  'by' in step && typeof step.by === 'object' && 'everyEligibleVoter' in step.by;

function decisionOf(action: StoryCommand): string {
  if (!('decisionId' in action)) throw new ScenarioError(`a signatory acts only on a decision, not in ${action.type}`);
  return action.decisionId;
}

/**
 * For each check, the status it expects and every status later checks of the same decision expect:
 * on a second run the decision already stands where the whole story left it.
 */
function expectedStatuses(scenario: Scenario): Map<Step, Set<string>> {
  const steps = scenario.scenes.flatMap((scene) => scene.steps);
  const later = new Map<string, Set<string>>();
  const expected = new Map<Step, Set<string>>();
  for (const step of [...steps].reverse()) {
    if (!isCheck(step)) continue;
    const check = step.do;
    const statuses = new Set([check.status, ...(later.get(check.decisionId) ?? [])]);
    later.set(check.decisionId, statuses);
    expected.set(step, statuses);
  }
  return expected;
}
