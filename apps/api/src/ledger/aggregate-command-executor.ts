import { Inject, Injectable } from '@nestjs/common';
import { AppendResult, EVENT_STORE, EventStore, CommandIdReusedError, WrongExpectedRevisionError } from '@accord/event-store';
import { CommandContext } from './command-context';

/** What a generic handler needs from an aggregate (libs/domain exports one per aggregate). */
export interface Aggregate<S, C, E extends { type: string; data: object }> {
  streamId(id: string): string;
  initialState: S;
  evolve(state: S, event: E & { eventId?: string }): S;
  decide(command: C, state: S): E[];
}

/** The answer every command gives: ids, the stream's new revision and the log position. */
export interface CommandResponse<Ids extends Record<string, string> = Record<string, string>> {
  ids: Ids;
  streamId: string;
  revision: number;
  position: number;
  events: { eventId: string; type: string; position: number; revision: number }[];
  replayed: boolean;
}

/**
 * Load → decide → append, the one write path (DESIGN §2). Retries with the same Idempotency-Key
 * are answered from the store's command record before deciding, since the state has already
 * moved on; a concurrent retry that slips past that check is still caught by the store.
 */
@Injectable()
export class AggregateCommandExecutor {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute<S, C, E extends { type: string; data: object }, Ids extends Record<string, string>>(
    aggregate: Aggregate<S, C, E>,
    aggregateId: string,
    command: C,
    ctx: CommandContext,
    ids: Ids,
  ): Promise<CommandResponse<Ids>> {
    if (ctx.commandId) {
      const earlier = await this.store.findCommand(ctx.commandId);
      if (earlier) {
        if (earlier.commandHash !== (ctx.commandHash ?? null)) throw new CommandIdReusedError(ctx.commandId);
        return this.response(ids, earlier.result);
      }
    }
    const streamId = aggregate.streamId(aggregateId);
    const history = await this.store.readStream(streamId);
    const revision = history.length;
    if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== revision)
      throw new WrongExpectedRevisionError(streamId, ctx.expectedRevision, revision);
    const state = history.reduce((s, e) => aggregate.evolve(s, { type: e.type, data: e.data, eventId: e.eventId } as E & { eventId: string }), aggregate.initialState);
    const events = aggregate.decide(command, state);
    const result = await this.store.append(streamId, events, {
      expectedRevision: revision === 0 ? 'no-stream' : revision,
      metadata: { actor: ctx.actor, correlationId: ctx.correlationId, causationId: null, occurredAt: ctx.now },
      commandId: ctx.commandId,
      commandHash: ctx.commandHash,
    });
    return this.response(ids, result);
  }

  private response<Ids extends Record<string, string>>(ids: Ids, result: AppendResult): CommandResponse<Ids> {
    return {
      ids,
      streamId: result.streamId,
      revision: result.nextRevision,
      position: result.lastPosition,
      events: result.events.map((e) => ({ eventId: e.eventId, type: e.type, position: e.position, revision: e.revision })),
      replayed: result.replayed,
    };
  }
}
