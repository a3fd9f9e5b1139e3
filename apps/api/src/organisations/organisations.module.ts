import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetOrganisationHandler } from './application/get-organisation.handler';
import { OrganisationsController } from './http/organisations.controller';

@Module({
  imports: [CqrsModule],
  controllers: [OrganisationsController],
  providers: [GetOrganisationHandler],
})
export class OrganisationsModule {}
