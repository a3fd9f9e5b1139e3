import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateStates } from './aggregate-states';
import { LedgerCommandHandler } from './ledger-command.handler';
import { LedgerService } from './ledger.service';

@Global()
@Module({
  imports: [CqrsModule],
  providers: [AggregateStates, LedgerService, LedgerCommandHandler],
  exports: [AggregateStates, LedgerService],
})
export class LedgerModule {}
