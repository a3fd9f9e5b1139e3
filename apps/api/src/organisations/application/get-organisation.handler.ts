import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { maySee } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import { NotFoundError } from '@accord/platform';
import { AggregateStates } from '@accord/server';
import { GetOrganisationQuery } from './get-organisation.query';
import { OrganisationView } from './organisation.view';

/**
 * Folds the organisation's stream (cached, then caught up): always current. An
 * organisation's name and kind are visible to every signed-in caller (parties need them to form
 * partnerships); who its members are and what authority they hold only to itself, platform
 * admins and auditors.
 */
@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery, OrganisationView> {
  constructor(private readonly states: AggregateStates) {}

  async execute({ organisationId, reader }: GetOrganisationQuery): Promise<OrganisationView> {
    const { state, revision } = await this.states.load('organisation', organisationId);
    if (!state.registered)
      throw new NotFoundError(ErrorCode.OrganisationNotFound, `Organisation ${organisationId} is not registered`);
    const view: OrganisationView = { organisationId, name: state.name, kind: state.kind as string, revision };
    if (maySee(reader, [organisationId])) {
      view.members = Object.values(state.members).map((m) => {
        const roles = state.roles[m.personId];
        return roles ? { ...m, roles: [...roles] } : { ...m };
      });
      view.authorities = Object.values(state.authorities).map((a) => ({ ...a, categories: [...a.categories] }));
    }
    return view;
  }
}
