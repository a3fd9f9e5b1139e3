import { Principal } from '@accord/access';

export class GetOrganisationQuery {
  constructor(
    readonly organisationId: string,
    readonly reader: Principal,
  ) {}
}
