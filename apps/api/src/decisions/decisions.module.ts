import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandSender } from '../http/command-sender';
import { GetDecisionHandler } from './application/get-decision.handler';
import { DecisionsController } from './http/decisions.controller';

@Module({
  imports: [CqrsModule],
  controllers: [DecisionsController],
  providers: [CommandSender, GetDecisionHandler],
})
export class DecisionsModule {}
