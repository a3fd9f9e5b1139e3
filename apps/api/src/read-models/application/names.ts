import { Pool } from 'pg';
import { PersonView } from '@accord/contracts';
import { TrailDirectory } from '@accord/projections';

/**
 * Organisation names, members' job titles and partnership / decision titles for a set of ids,
 * loaded in one round trip per kind from the read models, to name people and parties in answers.
 */
export class Names implements TrailDirectory {
  private constructor(
    private readonly orgs: Map<string, { name: string; kind: string | null }>,
    private readonly titles: Map<string, { jobTitle: string | null; displayName: string | null }>,
    private readonly partnerships: Map<string, string>,
    private readonly decisions: Map<string, string>,
  ) {}

  static async load(
    pool: Pool,
    ids: {
      orgIds?: Iterable<string>;
      personIds?: Iterable<string>;
      partnershipIds?: Iterable<string>;
      decisionIds?: Iterable<string>;
    },
  ): Promise<Names> {
    const list = (it?: Iterable<string>) => [...new Set(it ?? [])];
    const [orgs, members, partnerships, decisions] = await Promise.all([
      pool.query<{ organisation_id: string; name: string; kind: string | null }>(
        'SELECT organisation_id, name, kind FROM rm_organisations WHERE organisation_id = ANY($1::text[])',
        [list(ids.orgIds)],
      ),
      pool.query<{ organisation_id: string; person_id: string; job_title: string | null; display_name: string | null }>(
        'SELECT organisation_id, person_id, job_title, display_name FROM rm_members WHERE person_id = ANY($1::text[])',
        [list(ids.personIds)],
      ),
      pool.query<{ partnership_id: string; title: string }>(
        'SELECT partnership_id, title FROM rm_partnerships WHERE partnership_id = ANY($1::text[])',
        [list(ids.partnershipIds)],
      ),
      pool.query<{ decision_id: string; title: string }>(
        'SELECT decision_id, title FROM rm_decisions WHERE decision_id = ANY($1::text[])',
        [list(ids.decisionIds)],
      ),
    ]);
    return new Names(
      new Map(orgs.rows.map((r) => [r.organisation_id, { name: r.name, kind: r.kind }])),
      new Map(
        members.rows.map((r) => [
          `${r.organisation_id}\u0000${r.person_id}`,
          { jobTitle: r.job_title, displayName: r.display_name },
        ]),
      ),
      new Map(partnerships.rows.map((r) => [r.partnership_id, r.title])),
      new Map(decisions.rows.map((r) => [r.decision_id, r.title])),
    );
  }

  organisationName(orgId: string): string | undefined {
    return this.orgs.get(orgId)?.name;
  }

  organisationKind(orgId: string): string | undefined {
    return this.orgs.get(orgId)?.kind ?? undefined;
  }

  jobTitle(orgId: string, personId: string): string | undefined {
    return this.titles.get(`${orgId}\u0000${personId}`)?.jobTitle ?? undefined;
  }

  displayName(orgId: string, personId: string): string | undefined {
    return this.titles.get(`${orgId}\u0000${personId}`)?.displayName ?? undefined;
  }

  partnershipTitle(partnershipId: string): string | undefined {
    return this.partnerships.get(partnershipId);
  }

  decisionTitle(decisionId: string): string | undefined {
    return this.decisions.get(decisionId);
  }

  /** A person as answers show them: id, organisation and job title. */
  person(personId: string, orgId: string): PersonView {
    return {
      personId,
      orgId,
      displayName: this.displayName(orgId, personId),
      organisationName: this.organisationName(orgId),
      jobTitle: this.jobTitle(orgId, personId),
    };
  }
}
