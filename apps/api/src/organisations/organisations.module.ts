import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateCommandExecutor } from '../ledger/aggregate-command-executor';
import { GetOrganisationHandler } from './application/get-organisation.handler';
import { RegisterOrganisationHandler } from './application/register-organisation.handler';
import { OrganisationsController } from './http/organisations.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrganisationsController],
  providers: [AggregateCommandExecutor, RegisterOrganisationHandler, GetOrganisationHandler],
})
export class OrganisationsModule {}
