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
} from '@accord/domain';
import { AppendResult, CommandIdReusedError, EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@accord/event-store';
import { AggregateKind, AggregateStates } from './aggregate-states';
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
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.states.load(target.kind, target.id);
      const streamId = streamIdOf(target.kind, target.id);
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== revision) throw new WrongExpectedRevisionError(streamId, ctx.expectedRevision, revision);
      const events = await this.decide(target, state);
      try {
        const result = await this.store.append(streamId, events, {
          expectedRevision: revision === 0 ? 'no-stream' : revision,
          metadata: { actor: ctx.actor, correlationId: ctx.correlationId, causationId: ctx.causationId ?? null, occurredAt: ctx.now },
          commandId: ctx.commandId,
          commandHash: ctx.commandHash,
        });
        return response(ids, result);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || ctx.expectedRevision !== undefined || attempt >= CONFLICT_RETRIES) throw err;
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

  private async decide(target: LedgerCommand, state: unknown) {
    switch (target.kind) {
      case 'organisation':
        return organisationAggregate.decide(target.command, state as OrganisationState);
      case 'partnership': {
        const needs = partnershipAggregate.contextNeeds(target.command);
        const context: PartnershipContext = { organisations: await this.organisations(needs.organisationIds), decisions: await this.decisions(needs.decisionIds) };
        return partnershipAggregate.decide(target.command, state as never, context);
      }
      case 'decision': {
        const needs = decisionAggregate.contextNeeds(target.command, state as DecisionState);
        const partnership = needs.partnershipId === undefined ? undefined : await this.states.load('partnership', needs.partnershipId);
        const context: DecisionContext = {
          partnership: partnership && partnership.revision > 0 ? partnership.state : undefined,
          organisations: await this.organisations(needs.organisationIds),
          decisions: await this.decisions(needs.decisionIds),
        };
        return decisionAggregate.decide(target.command, state as DecisionState, context);
      }
    }
  }

  private async organisations(ids: string[]): Promise<Record<string, OrganisationState>> {
    const loaded = await Promise.all(ids.map(async (id) => [id, await this.states.load('organisation', id)] as const));
    return Object.fromEntries(loaded.filter(([, l]) => l.revision > 0).map(([id, l]) => [id, l.state]));
  }

  private async decisions(ids: string[]): Promise<Record<string, DecisionState>> {
    const loaded = await Promise.all(ids.map(async (id) => [id, await this.states.load('decision', id)] as const));
    return Object.fromEntries(loaded.filter(([, l]) => l.revision > 0).map(([id, l]) => [id, l.state]));
  }
}

function streamIdOf(kind: AggregateKind, id: string): string {
  return { organisation: organisationAggregate, partnership: partnershipAggregate, decision: decisionAggregate }[kind].streamId(id);
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
