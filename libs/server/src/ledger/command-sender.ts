import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '@accord/access';
import { DecisionCommand, OrganisationCommand, PartnershipCommand } from '@accord/domain';
import { commandContext } from './command-context';
import { LedgerCommandMessage } from './ledger-command';
import { CommandResponse } from './ledger.service';

type WithoutCaller<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;

export type CommandTarget =
  | { kind: 'organisation'; id: string; command: WithoutCaller<OrganisationCommand> }
  | { kind: 'partnership'; id: string; command: WithoutCaller<PartnershipCommand> }
  | { kind: 'decision'; id: string; command: WithoutCaller<DecisionCommand> };

/**
 * What every command endpoint does after validating its body: add the verified caller and the
 * instant, send it on the CommandBus, and answer with the revision as ETag.
 */
@Injectable()
export class CommandSender {
  constructor(private readonly bus: CommandBus) {}

  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: Principal,
    target: CommandTarget,
    ids: Record<string, string>,
  ): Promise<CommandResponse> {
    const ctx = commandContext(request, caller);
    const command = { ...target.command, actor: ctx.actor, now: ctx.now };
    const result = await this.bus.execute<LedgerCommandMessage, CommandResponse>(
      new LedgerCommandMessage(
        { kind: target.kind, id: target.id, command } as LedgerCommandMessage['target'],
        ctx,
        ids,
      ),
    );
    void reply.header('etag', `"${result.revision}"`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result;
  }
}
