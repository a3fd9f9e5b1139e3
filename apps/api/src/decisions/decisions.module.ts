import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClosingTimeScheduler } from './application/closing-time-scheduler';
import { GetDecisionHandler } from './application/get-decision.handler';
import { DecisionsController } from './http/decisions.controller';

@Module({
  imports: [CqrsModule],
  controllers: [DecisionsController],
  providers: [GetDecisionHandler, ClosingTimeScheduler, { provide: 'CLOSING_TIME_TICK_MS', useValue: 250 }],
})
export class DecisionsModule {}
