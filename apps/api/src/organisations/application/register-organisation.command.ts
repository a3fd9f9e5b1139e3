import { OrganisationKind } from '@accord/domain';
import { CommandContext } from '../../ledger/command-context';

export class RegisterOrganisationCommand {
  constructor(
    readonly organisationId: string,
    readonly name: string,
    readonly kind: OrganisationKind,
    readonly ctx: CommandContext,
  ) {}
}
