import { Pool } from 'pg';
import { PersonView } from '@accord/contracts';
import { readDecisionTitles } from './decisions/decisions.reader';
import { readMemberships, readOrganisationNames } from './directory/directory.reader';
import { readPartnershipTitles } from './partnerships/partnerships.reader';
import { TrailDirectory } from './trail/trail-line';

/**
 * Organisation names, members' job titles and partnership / decision titles for a set of ids,
 * loaded in one round trip per kind through the directory's, partnerships' and decisions' readers,
 * to name people and parties in answers.
 */
export class Names implements TrailDirectory {
  private constructor(
    private readonly orgs: Map<string, { name: string; kind: string | null }>,
    private readonly titles: Map<string, { jobTitle: string | null; displayName: string | null }>,
    private readonly partnerships: Map<string, string>,
    private readonly decisions: Map<string, string>,
  ) {}

  /**
   * What was loaded, as one string: two Names with the same name every id alike. A directory's
   * checkpoint moves with every event of the log, so an answer kept while the names it shows are
   * unchanged is kept by this, not by the checkpoint.
   */
  get fingerprint(): string {
    this.loaded ??= JSON.stringify([...this.orgs, ...this.titles, ...this.partnerships, ...this.decisions]);
    return this.loaded;
  }

  private loaded: string | undefined;

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
      readOrganisationNames(pool, list(ids.orgIds)),
      readMemberships(pool, list(ids.personIds)),
      readPartnershipTitles(pool, list(ids.partnershipIds)),
      readDecisionTitles(pool, list(ids.decisionIds)),
    ]);
    return new Names(
      orgs,
      new Map(
        members.map((r) => [
          `${r.organisation_id}\u0000${r.person_id}`,
          { jobTitle: r.job_title, displayName: r.display_name },
        ]),
      ),
      partnerships,
      decisions,
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
