import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '@accord/access';
import { commandContext } from './command-context';
import { LedgerCommand } from './ledger-command';
import { LedgerCommandMessage } from './ledger-command.handler';
import { CommandResponse } from './ledger.service';

/**
 * What every command endpoint does after validating its body: send it on the CommandBus with the
 * verified caller and the instant, and answer with the revision as ETag.
 */
@Injectable()
export class CommandSender {
  constructor(private readonly bus: CommandBus) {}

  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: Principal,
    target: LedgerCommand,
    ids: Record<string, string>,
  ): Promise<CommandResponse> {
    const result = await this.bus.execute<LedgerCommandMessage, CommandResponse>(
      new LedgerCommandMessage(target, commandContext(request, caller), ids),
    );
    void reply.header('etag', `"${result.revision}"`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result;
  }
}
