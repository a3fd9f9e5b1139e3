import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandSender } from '../http/command-sender';
import { GetOrganisationHandler } from './application/get-organisation.handler';
import { OrganisationsController } from './http/organisations.controller';
import { WebhooksController } from './http/webhooks.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrganisationsController, WebhooksController],
  providers: [CommandSender, GetOrganisationHandler],
})
export class OrganisationsModule {}
