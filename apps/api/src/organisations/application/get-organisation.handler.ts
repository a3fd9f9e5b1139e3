import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { belongsToOrg, hasRole, isPlatformAdmin, Principal } from '@accord/access';
import { ErrorCode, organisationAggregate, OrganisationState } from '@accord/domain';
import { EVENT_STORE, EventStore } from '@accord/event-store';
import { NotFoundError } from '@accord/platform';
import { GetOrganisationQuery } from './get-organisation.query';
import { OrganisationView } from './organisation.view';

/**
 * Replays the organisation's stream: always current, and cheap for a stream this small. An
 * organisation's name and kind are visible to every signed-in caller (parties need them to form
 * partnerships); who its members are and what authority they hold only to itself, platform
 * admins and auditors.
 */
@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery, OrganisationView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ organisationId, reader }: GetOrganisationQuery): Promise<OrganisationView> {
    const events = await this.store.readStream(organisationAggregate.streamId(organisationId));
    const state = events.reduce<OrganisationState>(
      (s, e) => organisationAggregate.evolve(s, { type: e.type, data: e.data, eventId: e.eventId } as Parameters<typeof organisationAggregate.evolve>[1]),
      organisationAggregate.initialState,
    );
    if (!state.registered) throw new NotFoundError(ErrorCode.OrganisationNotFound, `Organisation ${organisationId} is not registered`);
    const view: OrganisationView = { organisationId, name: state.name, kind: state.kind as string, revision: events.length };
    if (mayReadInternals(reader, organisationId)) {
      view.members = Object.values(state.members).map((m) => ({ ...m }));
      view.authorities = Object.values(state.authorities).map((a) => ({ ...a, categories: [...a.categories] }));
    }
    return view;
  }
}

function mayReadInternals(reader: Principal, organisationId: string): boolean {
  return belongsToOrg(reader, organisationId) || isPlatformAdmin(reader) || hasRole(reader, 'auditor');
}
