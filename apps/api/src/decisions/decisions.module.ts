import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetDecisionHandler } from './application/get-decision.handler';
import { DecisionsController } from './http/decisions.controller';

@Module({
  imports: [CqrsModule],
  controllers: [DecisionsController],
  providers: [GetDecisionHandler],
})
export class DecisionsModule {}
