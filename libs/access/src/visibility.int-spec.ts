import { Client } from 'pg';
import { testEngines } from '../../../test/support/engines';
import { publishedSql, viewerScope, visibleSql } from './visibility';
import { AUDIENCES, EXPECTED, PUBLICATIONS, VIEWERS } from './visibility.test-fixtures';

for (const engine of testEngines()) {
  describe(`the visibility policy in SQL on ${engine.name}`, () => {
    let client: Client;
    beforeAll(async () => {
      client = new Client({ connectionString: engine.url });
      await client.connect();
    });
    afterAll(() => client.end());

    it('agrees with the predicate for every viewer and audience', async () => {
      const condition = visibleSql('$1', (org) => `$2::text[] @> ARRAY[${org}]::text[]`);
      const seen: Record<string, Record<string, boolean>> = {};
      for (const [name, viewer] of Object.entries(VIEWERS)) {
        seen[name] = {};
        for (const [audience, parties] of Object.entries(AUDIENCES)) {
          const { rows } = await client.query<{ visible: boolean }>(`SELECT ${condition} AS visible`, [
            viewerScope(viewer),
            parties,
          ]);
          seen[name][audience] = rows[0].visible;
        }
      }
      expect(seen).toEqual(EXPECTED);
    });

    it('publishes exactly what the predicate publishes', async () => {
      const published: boolean[] = [];
      for (const [, terms, decision] of PUBLICATIONS) {
        const condition = publishedSql('$1::jsonb', decision === undefined ? undefined : '$2::jsonb');
        const { rows } = await client.query<{ published: boolean }>(
          `SELECT ${condition} AS published`,
          decision === undefined ? [JSON.stringify(terms)] : [JSON.stringify(terms), JSON.stringify(decision)],
        );
        published.push(rows[0].published);
      }
      expect(published).toEqual(PUBLICATIONS.map(([, , , p]) => p));
    });
  });
}
