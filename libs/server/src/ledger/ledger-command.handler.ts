import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerCommandMessage } from './ledger-command';
import { CommandResponse, LedgerService } from './ledger.service';
import { isErasure, PersonalDataEraser } from './personal-data-eraser';

@CommandHandler(LedgerCommandMessage)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommandMessage, CommandResponse> {
  constructor(
    private readonly ledger: LedgerService,
    private readonly eraser: PersonalDataEraser,
  ) {}

  execute({ target, ctx, ids }: LedgerCommandMessage): Promise<CommandResponse> {
    return isErasure(target) ? this.eraser.erase(target, ctx, ids) : this.ledger.execute(target, ctx, ids);
  }
}
