import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateStates } from './aggregate-states';
import { CommandSender } from './command-sender';
import { LedgerCommandHandler } from './ledger-command.handler';
import { LedgerService } from './ledger.service';

@Global()
@Module({
  imports: [CqrsModule],
  providers: [AggregateStates, LedgerService, LedgerCommandHandler, CommandSender],
  exports: [AggregateStates, LedgerService, CommandSender],
})
export class LedgerModule {}
