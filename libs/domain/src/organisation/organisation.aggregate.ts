import { organisationStreamId } from '../shared/stream-ids';
import { decideOrganisation } from './decide-organisation';
import { disableWebhookEndpoint } from './decide-webhook-endpoint';
import type { OrganisationCommand } from './organisation.commands';
import type { OrganisationEvent } from './organisation.events';
import { evolveOrganisation, initialOrganisationState, type OrganisationState } from './organisation.state';

/** Everything a generic command handler needs for organisations. No context from other aggregates. */
export const organisationAggregate = {
  kind: 'organisation',
  streamId: organisationStreamId,
  initialState: initialOrganisationState,
  evolve: evolveOrganisation,
  decide: (command: OrganisationCommand, state: OrganisationState, _context?: unknown): OrganisationEvent[] =>
    decideOrganisation(command, state),
  /** What the webhook deliverer appends when it gives up on an endpoint (no actor check). */
  disableWebhookEndpoint,
} as const;
