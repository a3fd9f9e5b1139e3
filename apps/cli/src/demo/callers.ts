/** The token claims the demo acts with, for each person of the scenario's cast. */
import type { Caller } from '../client/accord-client';
import { ScenarioError } from './errors';
import type { Person } from './scenario/format';

export class Callers {
  private readonly byId: Map<string, Caller>;

  constructor(private readonly people: readonly Person[]) {
    this.byId = new Map(people.map((p) => [p.personId, { personId: p.personId, orgId: p.orgId, roles: p.roles }]));
  }

  of(personId: string): Caller {
    const caller = this.byId.get(personId);
    if (!caller) throw new ScenarioError(`${personId} is not in the cast`);
    return caller;
  }

  /** Someone of `orgId`, who may read its members and authorities. */
  memberOf(orgId: string): string {
    const member = this.people.find((p) => p.orgId === orgId);
    if (!member) throw new ScenarioError(`nobody of ${orgId} in the cast`);
    return member.personId;
  }
}
