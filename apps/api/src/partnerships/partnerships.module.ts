import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandSender } from '../http/command-sender';
import { GetPartnershipHandler } from './application/get-partnership.handler';
import { PartnershipsController } from './http/partnerships.controller';

@Module({
  imports: [CqrsModule],
  controllers: [PartnershipsController],
  providers: [CommandSender, GetPartnershipHandler],
})
export class PartnershipsModule {}
