/**
 * The ledger as the domain sees it, read back over HTTP (the API answers a decision or partnership
 * with its folded domain state), and the domain's answers about it: who may sign off for a party,
 * who may vote. The demo keeps no rules of its own.
 */
import {
  type AuthorityRecord,
  type DecisionState,
  eligibleVoters,
  type MemberRecord,
  type OrganisationKind,
  type OrganisationState,
  type PartnershipState,
  signOffAuthority,
} from '@accord/domain';
import type { MeetingView } from '@accord/contracts';
import type { AccordClient } from '../client/accord-client';
import type { Callers } from './callers';
import { UnexpectedOutcome } from './errors';

/** GET /v1/decisions/:id: the decision's domain state, less its event bookkeeping. */
export type DecisionView = Omit<DecisionState, 'recorded'> & { revision: number };
export type PartnershipView = PartnershipState & { revision: number };
export type MeetingSummary = Pick<MeetingView, 'meetingId' | 'startsAt' | 'status' | 'minutes'>;

/** GET /v1/organisations/:id; members and authorities only for its own people. */
interface OrganisationView {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  revision: number;
  members?: MemberRecord[];
  authorities?: AuthorityRecord[];
}

export class Ledger {
  constructor(
    private readonly client: AccordClient,
    private readonly callers: Callers,
  ) {}

  decision(reader: string, decisionId: string): Promise<DecisionView> {
    return this.client.get<DecisionView>(this.callers.of(reader), `/v1/decisions/${encodeURIComponent(decisionId)}`);
  }

  partnership(reader: string, partnershipId: string): Promise<PartnershipView> {
    return this.client.get<PartnershipView>(
      this.callers.of(reader),
      `/v1/partnerships/${encodeURIComponent(partnershipId)}`,
    );
  }

  /** GET /v1/partnerships/:id/meetings: each meeting's status and whether its minutes are approved. */
  meetings(reader: string, partnershipId: string): Promise<MeetingSummary[]> {
    return this.client
      .get<{ meetings: MeetingSummary[] }>(
        this.callers.of(reader),
        `/v1/partnerships/${encodeURIComponent(partnershipId)}/meetings`,
      )
      .then((body) => body.meetings);
  }

  organisationRevision(reader: string, organisationId: string): Promise<number> {
    return this.client
      .get<OrganisationView>(this.callers.of(reader), `/v1/organisations/${encodeURIComponent(organisationId)}`)
      .then((view) => view.revision);
  }

  /** The organisation's domain state, read by one of its own people. */
  async organisation(organisationId: string): Promise<OrganisationState> {
    const view = await this.client.get<OrganisationView>(
      this.callers.of(this.callers.memberOf(organisationId)),
      `/v1/organisations/${encodeURIComponent(organisationId)}`,
    );
    if (!view.members || !view.authorities)
      throw new Error(`the API did not show ${organisationId}'s members and authorities to its own member`);
    return {
      registered: true,
      organisationId: view.organisationId,
      name: view.name,
      kind: view.kind,
      members: Object.fromEntries(view.members.map((m) => [m.personId, m])),
      authorities: Object.fromEntries(view.authorities.map((a) => [a.authorityId, a])),
      roles: {},
      // Current members stand for everyone ever added: the demo's clients never ask about former ones.
      everMembers: Object.fromEntries(view.members.map((m) => [m.personId, true as const])),
      webhookEndpoints: {},
    };
  }

  /**
   * Who signs off (or refuses) the decision for `party`: of its members, those the domain says may
   * (signOffAuthority, now), the one relying on the narrowest authority.
   */
  async signatory(party: string, decisionId: string): Promise<string> {
    const [decision, organisation] = await Promise.all([
      this.decision(this.callers.memberOf(party), decisionId),
      this.organisation(party),
    ]);
    const now = new Date().toISOString();
    const able = Object.keys(organisation.members).flatMap((personId) => {
      const found = signOffAuthority(decision, organisation, personId, now);
      return found.ok ? [{ personId, limit: found.authority.valueLimitPence }] : [];
    });
    if (able.length === 0)
      throw new UnexpectedOutcome(
        `nobody at ${party} may sign off ${decisionId} (${decision.category ?? 'other'}, ${decision.valuePence ?? 0}p): the story needs someone who may`,
      );
    return able.reduce((narrowest, p) => (p.limit < narrowest.limit ? p : narrowest)).personId;
  }

  /** The board members the domain says the decision waits for votes from, in board order. */
  async eligibleVoters(reader: string, decisionId: string): Promise<string[]> {
    const decision = await this.decision(reader, decisionId);
    const partnership = await this.partnership(reader, decision.partnershipId);
    return eligibleVoters(decision, partnership).map((seat) => seat.personId);
  }
}
