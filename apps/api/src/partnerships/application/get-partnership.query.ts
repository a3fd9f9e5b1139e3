import { Principal } from '@accord/access';

export class GetPartnershipQuery {
  constructor(
    readonly partnershipId: string,
    readonly reader: Principal,
  ) {}
}
