import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerCommandMessage } from './ledger-command';
import { CommandResponse, LedgerService } from './ledger.service';

@CommandHandler(LedgerCommandMessage)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommandMessage, CommandResponse> {
  constructor(private readonly ledger: LedgerService) {}

  execute({ target, ctx, ids }: LedgerCommandMessage): Promise<CommandResponse> {
    return this.ledger.execute(target, ctx, ids);
  }
}
