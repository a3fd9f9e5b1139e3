import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateStates } from './aggregate-states';
import { LedgerCommandHandler } from './ledger-command.handler';
import { LedgerService } from './ledger.service';
import { PersonalDataEraser } from './personal-data-eraser';

@Global()
@Module({
  imports: [CqrsModule],
  providers: [AggregateStates, LedgerService, LedgerCommandHandler, PersonalDataEraser],
  exports: [AggregateStates, LedgerService, PersonalDataEraser],
})
export class LedgerModule {}
