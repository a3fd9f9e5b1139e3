import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from './command-context';
import { LedgerCommand } from './ledger-command';
import { CommandResponse, LedgerService } from './ledger.service';

/** Every domain command travels the CommandBus as this message; one handler runs them all. */
export class LedgerCommandMessage {
  constructor(
    readonly target: LedgerCommand,
    readonly ctx: CommandContext,
    readonly ids: Record<string, string>,
  ) {}
}

@CommandHandler(LedgerCommandMessage)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommandMessage, CommandResponse> {
  constructor(private readonly ledger: LedgerService) {}

  execute({ target, ctx, ids }: LedgerCommandMessage): Promise<CommandResponse> {
    return this.ledger.execute(target, ctx, ids);
  }
}
