import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organisationAggregate } from '@accord/domain';
import { AggregateCommandExecutor, CommandResponse } from '../../ledger/aggregate-command-executor';
import { RegisterOrganisationCommand } from './register-organisation.command';

@CommandHandler(RegisterOrganisationCommand)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisationCommand, CommandResponse<{ organisationId: string }>> {
  constructor(private readonly executor: AggregateCommandExecutor) {}

  execute({ organisationId, name, kind, ctx }: RegisterOrganisationCommand): Promise<CommandResponse<{ organisationId: string }>> {
    return this.executor.execute(
      organisationAggregate,
      organisationId,
      { type: 'RegisterOrganisation', actor: ctx.actor, now: ctx.now, organisationId, name, kind },
      ctx,
      { organisationId },
    );
  }
}
