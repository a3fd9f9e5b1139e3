import { Inject, Injectable } from '@nestjs/common';
import {
  DecisionCommand,
  decisionAggregate,
  DecisionContext,
  DecisionState,
  OrganisationCommand,
  organisationAggregate,
  OrganisationState,
  PartnershipCommand,
  partnershipAggregate,
  PartnershipContext,
  PartnershipState,
} from '@accord/domain';
import { AppendResult, CommandIdReusedError, EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@accord/event-store';
import { delay } from '@accord/platform';
import { AggregateKind, AggregateRef, AggregateStates, Loaded } from './aggregate-states';
import { CommandContext } from './command-context';

/** The answer every command gives: ids, the stream's new revision and the log position. */
export interface CommandResponse {
  ids: Record<string, string>;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string; position: number; revision: number }[];
  replayed: boolean;
}

export type LedgerCommand =
  | { kind: 'organisation'; id: string; command: OrganisationCommand }
  | { kind: 'partnership'; id: string; command: PartnershipCommand }
  | { kind: 'decision'; id: string; command: DecisionCommand };

const CONFLICT_RETRIES = 8;

/** The actor recorded on what Accord does by itself (resolutions at closing time). */
export const SCHEDULER = { personId: 'accord:scheduler', orgId: 'accord', roles: [] as string[] };

/**
 * Load → decide → append: the one write path (DESIGN §2).
 *
 * - A retried Idempotency-Key is answered from the store's command record before deciding,
 *   because the state has moved on since the first attempt; a concurrent retry that slips past
 *   this check is still caught by the store, inside the append's transaction.
 * - With If-Match the caller's revision must be current (409 otherwise). Without it, losing a
 *   race to another writer of the same stream is not the caller's problem: decide again on the
 *   new state, which re-checks every rule.
 */
@Injectable()
export class LedgerService {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: AggregateStates,
  ) {}

  async execute(target: LedgerCommand, ctx: CommandContext, ids: Record<string, string>): Promise<CommandResponse> {
    if (ctx.commandId) {
      const earlier = await this.store.findCommand(ctx.commandId);
      if (earlier) {
        if (earlier.commandHash !== (ctx.commandHash ?? null)) throw new CommandIdReusedError(ctx.commandId);
        return response(ids, earlier.result);
      }
    }
    const ref = { kind: target.kind, id: target.id };
    return this.oneAtATime(this.states.streamId(ref), () => this.decideAndAppend(target, ref, ctx, ids));
  }

  /**
   * Commands on one stream from this process run one after another: racing each other would only
   * make all but one fail their revision check and decide again. Other processes' races remain,
   * and are retried below after a short random pause.
   */
  private oneAtATime<T>(streamId: string, run: () => Promise<T>): Promise<T> {
    const result = (this.running.get(streamId) ?? Promise.resolve()).then(run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(streamId, settled);
    void settled.then(() => {
      if (this.running.get(streamId) === settled) this.running.delete(streamId);
    });
    return result;
  }

  private async decideAndAppend(target: LedgerCommand, ref: AggregateRef, ctx: CommandContext, ids: Record<string, string>): Promise<CommandResponse> {
    // An If-Match must be compared with the stream's current revision, never a cached one.
    let fresh = ctx.expectedRevision !== undefined;
    for (let attempt = 1; ; attempt++) {
      const { loaded, context, contextRevisions } = await this.loadWithContext(target, fresh);
      const streamId = this.states.streamId(ref);
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision) throw new WrongExpectedRevisionError(streamId, ctx.expectedRevision, loaded.revision);
      const events = this.decide(target, loaded.state, context);
      try {
        const result = await this.store.append(streamId, events, {
          expectedRevision: loaded.revision === 0 ? 'no-stream' : loaded.revision,
          contextRevisions,
          metadata: { actor: ctx.actor, correlationId: ctx.correlationId, causationId: ctx.causationId ?? null, occurredAt: ctx.now },
          commandId: ctx.commandId,
          commandHash: ctx.commandHash,
        });
        if (!result.replayed) this.states.appended(ref, loaded, events.map((e, i) => ({ ...e, eventId: result.events[i].eventId })), result.nextRevision);
        return response(ids, result);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= CONFLICT_RETRIES) throw err;
        // The caller's If-Match is about the target stream; a context stream that moved is ours to re-read.
        if (ctx.expectedRevision !== undefined && err.details.streamId === streamId) throw err;
        // Deciding on cached states was a bet that nobody else wrote; lost, read what they wrote.
        // A race between fresh reads is another process writing too: back off a little.
        if (fresh) await delay(Math.random() * 5 * attempt);
        fresh = true;
      }
    }
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
      metadata: { actor: SCHEDULER, correlationId: `closing-time:${decisionId}`, causationId, occurredAt: state.closesAt ?? now },
      commandId: `closing-time:${decisionId}:${state.closesAt}`,
      commandHash: 'closing-time',
    });
    return response({ decisionId }, result);
  }

  /**
   * The target and every aggregate its rules consult, with the revisions the append must find
   * unchanged. Which context a command needs depends on the target's state (a decision's
   * partnership), so a target this process has not seen yet is loaded first. Not `fresh`, states
   * this process already holds are used as they are: the append's revision checks, made in its
   * transaction, catch any that another process moved, and the command is then decided again on
   * fresh ones. `fresh` checks every revision with the database first (one query shared with
   * concurrent commands).
   */
  private async loadWithContext(target: LedgerCommand, fresh: boolean): Promise<{ loaded: Loaded<unknown>; context: Context; contextRevisions: Record<string, number> }> {
    const known = this.states.peek(target.kind, target.id) ?? (await this.states.load(target.kind, target.id));
    const needs = contextNeeds(target, known.state);
    const refs: AggregateRef[] = [
      ...(needs.partnershipId === undefined ? [] : [{ kind: 'partnership' as const, id: needs.partnershipId }]),
      ...needs.organisationIds.map((id) => ({ kind: 'organisation' as const, id })),
      ...needs.decisionIds.map((id) => ({ kind: 'decision' as const, id })),
    ];
    const [loaded, ...others] = fresh ? await this.states.loadMany([target, ...refs]) : [known, ...(await this.states.cachedOrLoaded(refs))];
    const byRef = new Map(refs.map((r, i) => [`${r.kind}:${r.id}`, others[i]]));
    const existing = <S>(kind: AggregateKind, ids: string[]): Record<string, S> =>
      Object.fromEntries(ids.flatMap((id) => {
        const l = byRef.get(`${kind}:${id}`);
        return l && l.revision > 0 ? [[id, l.state as S]] : [];
      }));
    const partnership = needs.partnershipId === undefined ? undefined : byRef.get(`partnership:${needs.partnershipId}`);
    return {
      loaded,
      context: {
        partnership: partnership && partnership.revision > 0 ? (partnership.state as PartnershipState) : undefined,
        organisations: existing<OrganisationState>('organisation', needs.organisationIds),
        decisions: existing<DecisionState>('decision', needs.decisionIds),
      },
      contextRevisions: Object.fromEntries(refs.map((r, i) => [this.states.streamId(r), others[i].revision])),
    };
  }

  private decide(target: LedgerCommand, state: unknown, context: Context) {
    switch (target.kind) {
      case 'organisation':
        return organisationAggregate.decide(target.command, state as OrganisationState);
      case 'partnership':
        return partnershipAggregate.decide(target.command, state as PartnershipState, { organisations: context.organisations, decisions: context.decisions } satisfies PartnershipContext);
      case 'decision':
        return decisionAggregate.decide(target.command, state as DecisionState, context satisfies DecisionContext);
    }
  }
}

type Context = { partnership?: PartnershipState; organisations: Record<string, OrganisationState>; decisions: Record<string, DecisionState> };

function contextNeeds(target: LedgerCommand, state: unknown): { partnershipId?: string; organisationIds: string[]; decisionIds: string[] } {
  switch (target.kind) {
    case 'organisation':
      return { organisationIds: [], decisionIds: [] };
    case 'partnership':
      return partnershipAggregate.contextNeeds(target.command);
    case 'decision':
      return decisionAggregate.contextNeeds(target.command, state as DecisionState);
  }
}

function response(ids: Record<string, string>, result: AppendResult): CommandResponse {
  return {
    ids,
    streamId: result.streamId,
    revision: result.nextRevision,
    position: result.lastPosition,
    events: result.events.map((e) => ({ eventId: e.eventId, type: e.type, position: e.position, revision: e.revision })),
    replayed: result.replayed,
  };
}
