import { Inject, Injectable } from '@nestjs/common';
import {
  decisionAggregate,
  DecisionContext,
  DecisionState,
  meetingAggregate,
  MeetingContext,
  MeetingState,
  organisationAggregate,
  OrganisationState,
  partnershipAggregate,
  PartnershipContext,
  PartnershipState,
  isSchedulerActor,
  SCHEDULER_ACTOR,
  WebhookDisabledReason,
} from '@accord/domain';
import {
  AppendResult,
  CommandIdReusedError,
  EVENT_STORE,
  EventStore,
  PersonalDataCipher,
  WrongExpectedRevisionError,
} from '@accord/event-store';
import { randomUUID } from 'node:crypto';
import { callerAsLedgerSays, maySee } from '@accord/access';
import {
  contextOf,
  delay,
  ForbiddenError,
  inSpan,
  inSyncSpan,
  instruments,
  NotFoundError,
  TraceContext,
} from '@accord/platform';
import { AggregateKind, AggregateRef, AggregateStates, Loaded } from './aggregate-states';
import { CommandContext } from './command-context';
import { LedgerCommand } from './ledger-command';
import { standingIn } from './standing';

/** The answer every command gives: ids, the stream's new revision and the log position. */
export interface CommandResponse {
  ids: Record<string, string>;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string; position: number; revision: number }[];
  replayed: boolean;
}

const CONFLICT_RETRIES = 8;

/** The actor recorded when Accord stops delivering to a webhook endpoint by itself. */
const DELIVERER = { personId: 'accord:webhooks', orgId: 'accord', roles: [] as string[] };

/** How one command is run besides what it is. */
interface Execution {
  /** Called once, when the command's append is handed to the store (before it commits). */
  onSubmitted?: () => void;
  /** The caller knows the command id was not used before: no look-up (the store still checks it as it writes). */
  commandIdUnused?: boolean;
}

/** An append handed to the store and not yet answered. */
interface InFlight {
  /** The target as it will be once the append is written. */
  after: Loaded<unknown>;
  lastEventId: string;
  /** Resolves once the store has answered and the cache holds what was written. */
  settled: Promise<void>;
}

/**
 * Load → decide → append: the one write path (DESIGN §2).
 *
 * - A retried Idempotency-Key is answered from the store's command record before deciding,
 *   because the state has moved on since the first attempt; a concurrent retry that slips past
 *   this check is still caught by the store, inside the append's transaction.
 * - With If-Match the caller's revision must be current (409 otherwise). Without it, losing a
 *   race to another writer of the same stream is not the caller's problem: decide again on the
 *   new state, which re-checks every rule.
 * - Commands on one stream from this process are decided one after another, each on the state
 *   the previous one leaves, without waiting for the previous one's commit: its append names the
 *   previous append's last event (expectedLastEventId), so it is written only if that one was,
 *   and both usually share one group commit.
 */
@Injectable()
export class LedgerService {
  private readonly deciding = new Map<string, Promise<void>>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: AggregateStates,
    private readonly personalData: PersonalDataCipher,
  ) {}

  async execute(target: LedgerCommand, ctx: CommandContext, ids: Record<string, string>): Promise<CommandResponse> {
    const recordsVotes =
      target.kind === 'meeting' &&
      (target.command.type === 'RecordVotes' || target.command.type === 'RecordCastingVote');
    if (!recordsVotes) return this.executeTraced(target, ctx, ids);
    let early: Promise<CommandResponse | null | undefined> = Promise.resolve(undefined);
    const answer = await this.executeTraced(target, ctx, ids, {
      // Decided on the votes' append still in flight and handed to the store in the same turn, the
      // count usually shares its transaction (GroupCommitWriter): one commit, and no crash between.
      onSubmitted: () => (early = this.countMeetingVotes(target, ctx, true).catch(() => undefined)),
    });
    // Counted early, or else (a retried request, the early count refused with the votes' append)
    // now that the votes are written.
    const counted = (await early) ?? (await this.countMeetingVotes(target, ctx, false));
    // A read that waits for the answer's position sees the decision's tally too.
    return counted ? { ...answer, position: Math.max(answer.position, counted.position) } : answer;
  }

  /**
   * Votes the clerk recorded on a decision's agenda item (the chair's casting vote among them)
   * count in the decision (DESIGN §1 "Meetings"): the decision's stream gets MeetingVotesCounted,
   * and any resolution, by a second command. Each append is to one stream; the two usually share a
   * transaction (see execute), but not always (a group commit cut between them, a count decided
   * after the votes were written), so a crash between them can leave votes uncounted until
   * MeetingVoteCounter (which follows the log) or a retried request sends the count. The count
   * restates the item's votes from the meeting's stream and is nothing to do once the decision holds them, so however
   * many of these run, the votes are counted once. `onVotesInFlight`: decided while the votes'
   * append is in flight, for a request that was not a retry (its count's command id is unused).
   */
  private async countMeetingVotes(
    target: LedgerCommand,
    ctx: CommandContext,
    onVotesInFlight: boolean,
  ): Promise<CommandResponse | null | undefined> {
    if (target.kind !== 'meeting') return undefined;
    if (target.command.type !== 'RecordVotes' && target.command.type !== 'RecordCastingVote') return undefined;
    const { itemId, occurredAt } = target.command;
    const meeting = (this.states.peek('meeting', target.id) ?? (await this.states.load('meeting', target.id)))
      .state as MeetingState;
    const decisionId = meeting.agenda.find((item) => item.itemId === itemId)?.decisionId;
    if (decisionId === undefined) return undefined;
    return this.countVotesOf(
      target.id,
      itemId,
      decisionId,
      occurredAt ?? ctx.now,
      {
        ...ctx,
        expectedRevision: undefined,
        ...(ctx.commandId === undefined
          ? {}
          : { commandId: `${ctx.commandId}:count`, commandHash: `${ctx.commandHash}:count` }),
      },
      onVotesInFlight,
    );
  }

  /** CountMeetingVotes for one item of a meeting; `null` when the decision already holds those votes. */
  async countVotesOf(
    meetingId: string,
    itemId: string,
    decisionId: string,
    occurredAt: string,
    ctx: CommandContext,
    commandIdUnused = false,
  ): Promise<CommandResponse | null> {
    const count: LedgerCommand = {
      kind: 'decision',
      id: decisionId,
      command: { type: 'CountMeetingVotes', decisionId, meetingId, itemId, occurredAt },
    };
    const answer = await this.executeTraced(count, ctx, { decisionId }, { commandIdUnused });
    return answer.events.length === 0 ? null : answer;
  }

  /** One command, traced and counted by type and outcome. */
  private async executeTraced(
    target: LedgerCommand,
    ctx: CommandContext,
    ids: Record<string, string>,
    execution: Execution = {},
  ): Promise<CommandResponse> {
    const type = `${target.kind}.${target.command.type}`;
    let outcome = 'error';
    try {
      const result = await inSpan(
        `accord.command ${type}`,
        { attributes: { 'accord.command.type': type, 'accord.aggregate.id': target.id }, parent: ctx.trace },
        (span) => this.executeOnce(target, ctx, ids, execution, contextOf(span)),
      );
      outcome = result.replayed ? 'replayed' : 'ok';
      return result;
    } catch (err) {
      const code = (err as { code?: unknown })?.code;
      outcome = typeof code === 'string' ? code : 'error';
      throw err;
    } finally {
      instruments().commands.add(1, { type, outcome });
    }
  }

  private async executeOnce(
    target: LedgerCommand,
    ctx: CommandContext,
    ids: Record<string, string>,
    execution: Execution,
    traced: TraceContext,
  ): Promise<CommandResponse> {
    let { onSubmitted } = execution;
    if (ctx.commandId && !execution.commandIdUnused) {
      const earlier = await this.store.findCommand(ctx.commandId);
      if (earlier) {
        if (earlier.commandHash !== (ctx.commandHash ?? null)) throw new CommandIdReusedError(ctx.commandId);
        return response(ids, earlier.result);
      }
    }
    const ref = { kind: target.kind, id: target.id };
    const streamId = this.states.streamId(ref);
    // An If-Match must be compared with the stream's current revision, never a cached one; a
    // correction is decided on the decision's event index, which no held state keeps.
    let fresh = ctx.expectedRevision !== undefined || correctsRecord(target);
    for (let attempt = 1; ; attempt++) {
      let decided: { appended: Promise<AppendResult> };
      try {
        decided = await this.oneAtATime(streamId, () =>
          this.decideAndSubmit(target, ref, streamId, ctx, fresh, traced),
        );
      } catch (err) {
        // A refusal decided on states held in memory may be one of the past: another process
        // (an API beside this one) may have written what makes the command right, e.g. the member
        // an authority is granted to. Only a refusal on the log's current states is the answer.
        if (fresh) throw err;
        fresh = true;
        continue;
      }
      const { appended } = decided;
      onSubmitted?.();
      onSubmitted = undefined;
      try {
        return response(ids, await appended);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= CONFLICT_RETRIES) throw err;
        // The caller's If-Match is about the target stream; a context stream that moved is ours to re-read.
        if (ctx.expectedRevision !== undefined && err.details.streamId === streamId) throw err;
        // Deciding on states held in memory was a bet that nobody else wrote; lost, read what they
        // wrote. A race between fresh reads is another process writing too: back off a little.
        if (fresh) await delay(Math.random() * 5 * attempt);
        fresh = true;
      }
    }
  }

  /** Runs `decide` for one stream after the previous one for that stream has finished. */
  private oneAtATime<T>(streamId: string, decide: () => Promise<T>): Promise<T> {
    const result = (this.deciding.get(streamId) ?? Promise.resolve()).then(decide);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.deciding.set(streamId, settled);
    void settled.then(() => {
      if (this.deciding.get(streamId) === settled) this.deciding.delete(streamId);
    });
    return result;
  }

  /**
   * Decides and hands the append to the store; the answer is wrapped so that the next command on
   * the stream can go ahead while this one commits. Not `fresh`, the command builds on an append
   * of this stream still in flight, if any, or on the states held in memory (see loadWithContext).
   */
  private async decideAndSubmit(
    target: LedgerCommand,
    ref: AggregateRef,
    streamId: string,
    ctx: CommandContext,
    fresh: boolean,
    traced: TraceContext,
  ): Promise<{ appended: Promise<AppendResult> }> {
    // Read what the store has once this process's own appends of the stream are answered.
    if (fresh) await this.inFlight.get(streamId)?.settled;
    const previous = fresh ? undefined : this.inFlight.get(streamId);
    const { loaded, held, context, contextRevisions, contextLastEventIds } = await this.loadWithContext(
      target,
      ctx,
      fresh,
      previous?.after,
    );
    if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision)
      throw new WrongExpectedRevisionError(streamId, ctx.expectedRevision, loaded.revision);
    if (target.kind !== 'organisation') refuseRemovedMembers(ctx, context);
    hideFromOutsiders(target, ctx, loaded, context);
    // Sealed before anything holds them, the cached state included: it must equal the log's.
    const events = await this.personalData.seal(
      inSyncSpan('accord.decide', traced, () => this.decide(target, ctx, loaded.state, context)).map((e) => ({
        ...e,
        eventId: randomUUID(),
      })),
    );
    // A command with nothing left to do (a count already made) appends nothing.
    if (events.length === 0) return { appended: Promise.resolve(nothingAppended(streamId, loaded.revision)) };
    const occurredAt = occurredAtOf(target, ctx);
    const appended = this.store.append(streamId, events, {
      expectedRevision: loaded.revision === 0 ? 'no-stream' : loaded.revision,
      expectedLastEventId: previous?.lastEventId,
      contextRevisions,
      contextLastEventIds,
      metadata: {
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: null,
        occurredAt,
      },
      commandId: ctx.commandId,
      commandHash: ctx.commandHash,
      trace: traced,
    });
    const after = this.states.evolve(
      ref.kind,
      held,
      events.map((e) => ({ ...e, occurredAt })),
    );
    const mine: InFlight = {
      after,
      lastEventId: events[events.length - 1].eventId,
      settled: appended
        .then(
          (result) => {
            // Written at the revision decided on: the state is exactly `after`.
            if (!result.replayed && result.nextRevision === after.revision) this.states.appended(ref, after);
          },
          () => undefined,
        )
        .then(() => {
          // After the cache has the events, so that the next command sees one or the other.
          if (this.inFlight.get(streamId) === mine) this.inFlight.delete(streamId);
        }),
    };
    this.inFlight.set(streamId, mine);
    return { appended };
  }

  /**
   * What the closing-time scheduler does: append the resolution due for a decision whose
   * closing time has passed. The command id makes it idempotent across processes and restarts:
   * whoever comes second gets the first answer. Returns null when nothing is due (any more).
   */
  async resolveAtClosingTime(decisionId: string, causationId: string): Promise<CommandResponse | null> {
    const { state, revision } = await this.states.load('decision', decisionId);
    const now = new Date().toISOString();
    const events = decisionAggregate.resolveAtClosingTime(state, now);
    if (events.length === 0) return null;
    const result = await this.store.append(decisionAggregate.streamId(decisionId), events, {
      expectedRevision: revision,
      metadata: {
        actor: { ...SCHEDULER_ACTOR, roles: [] },
        correlationId: `closing-time:${decisionId}`,
        causationId,
        occurredAt: state.closesAt ?? now,
      },
      commandId: `closing-time:${decisionId}:${state.closesAt}`,
      commandHash: 'closing-time',
    });
    return response({ decisionId }, result);
  }

  /**
   * What the webhook deliverer records when it gives up on an endpoint (410, retries exhausted).
   * Idempotent: nothing is appended once the endpoint is no longer active.
   */
  async disableWebhookEndpoint(
    organisationId: string,
    endpointId: string,
    reason: WebhookDisabledReason,
    detail: string,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { state, revision } = await this.states.load('organisation', organisationId);
      const events = organisationAggregate.disableWebhookEndpoint(state, endpointId, reason, detail);
      if (events.length === 0) return;
      try {
        await this.store.append(organisationAggregate.streamId(organisationId), events, {
          expectedRevision: revision,
          metadata: { actor: DELIVERER, correlationId: `webhook:${organisationId}:${endpointId}`, causationId: null },
        });
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= CONFLICT_RETRIES) throw err;
      }
    }
  }

  /**
   * The target and every aggregate its rules consult, with the revisions the append must find
   * unchanged. Which context a command needs depends on the target's state (a decision's
   * partnership), so a target this process has not seen yet is loaded first. Not `fresh`, states
   * this process already holds are used as they are, a context stream's append still in flight
   * included (the append then names its last event, so it is written only if that one was): the
   * append's revision checks, made in its transaction, catch any that another process moved, and
   * the command is then decided again on fresh ones. `fresh` checks every revision with the
   * database first (one query shared with concurrent commands).
   */
  private async loadWithContext(
    target: LedgerCommand,
    ctx: CommandContext,
    fresh: boolean,
    inFlight?: Loaded<unknown>,
  ): Promise<{
    /** What the command is decided on. */
    loaded: Loaded<unknown>;
    /** The same state as held in memory (without a decision's event index), to build on. */
    held: Loaded<unknown>;
    context: Context;
    contextRevisions: Record<string, number>;
    contextLastEventIds: Record<string, string>;
  }> {
    // Fresh, the target too: a state held from before it existed (revision 0) would name no context.
    const known =
      inFlight ??
      (fresh ? undefined : this.states.peek(target.kind, target.id)) ??
      (await this.states.load(target.kind, target.id));
    const needs = contextNeeds(target, ctx, known.state);
    const refs: AggregateRef[] = [
      ...(needs.partnershipId === undefined ? [] : [{ kind: 'partnership' as const, id: needs.partnershipId }]),
      ...needs.organisationIds.map((id) => ({ kind: 'organisation' as const, id })),
      ...needs.decisionIds.map((id) => ({ kind: 'decision' as const, id })),
      ...needs.meetingIds.map((id) => ({ kind: 'meeting' as const, id })),
    ];
    const inFlightContext = refs.map((r) => (fresh ? undefined : this.inFlight.get(this.states.streamId(r))));
    const [current, ...others] = fresh
      ? await this.states.loadMany([target, ...refs])
      : [known, ...(await this.states.cachedOrLoaded(refs)).map((held, i) => inFlightContext[i]?.after ?? held)];
    const { indexed, held } = correctsRecord(target)
      ? await this.states.loadIndexed(target.id)
      : { indexed: current, held: current };
    const byRef = new Map(refs.map((r, i) => [`${r.kind}:${r.id}`, others[i]]));
    const existing = <S>(kind: AggregateKind, ids: string[]): Record<string, S> =>
      Object.fromEntries(
        ids.flatMap((id) => {
          const l = byRef.get(`${kind}:${id}`);
          return l && l.revision > 0 ? [[id, l.state as S]] : [];
        }),
      );
    const partnership = needs.partnershipId === undefined ? undefined : byRef.get(`partnership:${needs.partnershipId}`);
    return {
      loaded: indexed,
      held,
      context: {
        partnership: partnership && partnership.revision > 0 ? (partnership.state as PartnershipState) : undefined,
        organisations: existing<OrganisationState>('organisation', needs.organisationIds),
        decisions: existing<DecisionState>('decision', needs.decisionIds),
        meetings: existing<MeetingState>('meeting', needs.meetingIds),
      },
      contextRevisions: Object.fromEntries(refs.map((r, i) => [this.states.streamId(r), others[i].revision])),
      contextLastEventIds: Object.fromEntries(
        refs.flatMap((r, i) => {
          const pending = inFlightContext[i];
          return pending ? [[this.states.streamId(r), pending.lastEventId]] : [];
        }),
      ),
    };
  }

  private decide(target: LedgerCommand, ctx: CommandContext, state: unknown, context: Context) {
    switch (target.kind) {
      case 'organisation':
        return organisationAggregate.decide(signed(target.command, ctx), state as OrganisationState);
      case 'partnership':
        return partnershipAggregate.decide(signed(target.command, ctx), state as PartnershipState, {
          organisations: context.organisations,
          decisions: context.decisions,
        } satisfies PartnershipContext);
      case 'decision':
        return decisionAggregate.decide(
          signed(target.command, ctx),
          state as DecisionState,
          context satisfies DecisionContext,
        );
      case 'meeting':
        return meetingAggregate.decide(
          signed(target.command, ctx),
          state as MeetingState,
          context satisfies MeetingContext,
        );
    }
  }
}

/**
 * A removed member's token is refused as the API's edge refuses it on every read (403
 * `not-a-member`), before the target is looked up: a plain member's write reaches the ledger
 * unchecked by the edge, and the domain would otherwise say 404 for a missing id and 403 for an
 * existing one, which lets that token probe ids. The caller's organisation is in every
 * partnership, decision and meeting command's context.
 */
function refuseRemovedMembers(ctx: CommandContext, context: Context): void {
  const organisation = context.organisations[ctx.actor.orgId];
  if (organisation !== undefined && callerAsLedgerSays(ctx.actor, standingIn(organisation, ctx.actor)) === null)
    throw new ForbiddenError('not-a-member', `${ctx.actor.personId} is no longer a member of ${ctx.actor.orgId}`);
}

/**
 * One answer for what a caller may not see (DESIGN §7): a command on a partnership, or on a decision
 * of one, whose parties the caller's organisation is not among is refused as the domain refuses a
 * missing one, so a write cannot probe which ids exist any more than a read can. Accord's
 * scheduler (no token carries it) acts on every partnership's decisions.
 */
function hideFromOutsiders(
  target: LedgerCommand,
  ctx: CommandContext,
  loaded: Loaded<unknown>,
  context: Context,
): void {
  if (isSchedulerActor(ctx.actor)) return;
  if (
    target.kind === 'partnership' &&
    loaded.revision > 0 &&
    !maySee(ctx.actor, (loaded.state as PartnershipState).parties)
  )
    throw new NotFoundError('partnership-not-found', `partnership ${target.id} not found`, {
      partnershipId: target.id,
    });
  if (target.kind === 'organisation' || !context.partnership || maySee(ctx.actor, context.partnership.parties)) return;
  // A decision or meeting in a partnership the caller cannot see: it is the partnership that is missing.
  if (loaded.revision === 0) {
    const partnershipId = context.partnership.partnershipId;
    throw new NotFoundError('partnership-not-found', `partnership ${partnershipId} not found`, { partnershipId });
  }
  if (target.kind === 'meeting')
    throw new NotFoundError('meeting-not-found', `meeting ${target.id} not found`, { meetingId: target.id });
  throw new NotFoundError('decision-not-found', `decision ${target.id} not found`, { decisionId: target.id });
}

type Context = {
  partnership?: PartnershipState;
  organisations: Record<string, OrganisationState>;
  decisions: Record<string, DecisionState>;
  meetings: Record<string, MeetingState>;
};

function contextNeeds(
  target: LedgerCommand,
  ctx: CommandContext,
  state: unknown,
): { partnershipId?: string; organisationIds: string[]; decisionIds: string[]; meetingIds: string[] } {
  switch (target.kind) {
    case 'organisation':
      return { organisationIds: [], decisionIds: [], meetingIds: [] };
    case 'partnership':
      return { ...partnershipAggregate.contextNeeds(signed(target.command, ctx)), meetingIds: [] };
    case 'decision':
      return decisionAggregate.contextNeeds(signed(target.command, ctx), state as DecisionState);
    case 'meeting':
      return meetingAggregate.contextNeeds(signed(target.command, ctx), state as MeetingState);
  }
}

/** Correcting a decision's record names one of its events: the decision's event index says which. */
function correctsRecord(target: LedgerCommand): boolean {
  return target.kind === 'decision' && target.command.type === 'CorrectRecord';
}

/**
 * When what the command records happened (DESIGN §5 "Two clocks"): a meeting's record (or the
 * count of its votes) says so, and the domain has checked it (never in the future, inside the
 * meeting); otherwise now.
 */
function occurredAtOf(target: LedgerCommand, ctx: CommandContext): string {
  if (!('occurredAt' in target.command)) return ctx.now;
  return target.command.occurredAt ?? ctx.now;
}

/** The domain's command: what the caller asked, by the verified caller, at the instant it is decided. */
function signed<C extends object>(command: C, ctx: CommandContext): C & Pick<CommandContext, 'actor' | 'now'> {
  return { ...command, actor: ctx.actor, now: ctx.now };
}

function nothingAppended(streamId: string, revision: number): AppendResult {
  return { streamId, nextRevision: revision, lastPosition: 0, events: [], replayed: false };
}

function response(ids: Record<string, string>, result: AppendResult): CommandResponse {
  return {
    ids,
    streamId: result.streamId,
    revision: result.nextRevision,
    position: result.lastPosition,
    events: result.events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      position: e.position,
      revision: e.revision,
    })),
    replayed: result.replayed,
  };
}
