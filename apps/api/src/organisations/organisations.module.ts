import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandSender } from '../http/command-sender';
import { GetOrganisationHandler } from './application/get-organisation.handler';
import { OrganisationsController } from './http/organisations.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrganisationsController],
  providers: [CommandSender, GetOrganisationHandler],
})
export class OrganisationsModule {}
