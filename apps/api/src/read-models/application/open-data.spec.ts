import type { PublicDecision } from '@accord/contracts';
import { parse } from 'csv-parse/sync';
import { DECISION_FIELDS, decisionsCsv, decisionsJson } from './open-data';

const decision = (decisionId: string, title: string, reasons: string[] = ['Best value']): PublicDecision => ({
  decisionId,
  title,
  status: 'approved',
  category: 'governance',
  valuePence: 120_000_000,
  openedAt: '2026-05-01T09:00:00.000Z',
  closesAt: '2026-05-08T09:00:00.000Z',
  resolvedAt: '2026-05-02T09:00:00.000Z',
  keyDecision: 'forward-plan',
  outcome: { statement: 'Adopted', reasons, alternativesRejected: [] },
  noticePublishedAt: null,
  callIn: { until: '2026-05-09', calledInAt: null, endedAt: null, scrutinyOutcome: null, reconsideredAt: null },
  implementedAt: null,
  supersededBy: null,
});
const partnership = { partnershipId: 'p', title: 'P', status: 'active', parties: [{ name: 'Camden Council' }] };

async function* batches(...lists: PublicDecision[][]): AsyncGenerator<PublicDecision[]> {
  yield* lists;
}
async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}
const strict = (csv: string) =>
  parse(csv, { columns: true, record_delimiter: '\r\n', strict: true } as never) as Record<string, string>[];

describe('open data', () => {
  it('writes a header row alone when nothing is published', async () => {
    expect(await text(decisionsCsv(batches()))).toBe(`${DECISION_FIELDS.map((f) => f.name).join(',')}\r\n`);
  });

  it('quotes a field with a comma, a quote, a CR or an LF alone, so strict RFC 4180 readers get the text back', async () => {
    const titles = ['a, b', 'say "no"', 'line\nbreak', 'carriage\rreturn', 'plain £ ’ é'];
    const csv = await text(
      decisionsCsv(
        batches(
          titles.slice(0, 2).map((t, i) => decision(`d${i}`, t)),
          titles.slice(2).map((t, i) => decision(`e${i}`, t)),
        ),
      ),
    );
    expect(strict(csv).map((r) => r.title)).toEqual(titles);
    expect(csv).toContain('\r\ne0,"line\nbreak",');
    expect(csv).toContain('\r\ne1,"carriage\rreturn",');
  });

  it('puts a list one item a line in its cell, and numbers and empty values as they are', async () => {
    const [row] = strict(await text(decisionsCsv(batches([decision('d', 'T', ['One, first', 'Two'])]))));
    expect(row).toMatchObject({
      outcome_reasons: 'One, first\nTwo',
      alternatives_rejected: '',
      value_pence: '120000000',
      implemented_at: '',
    });
  });

  it('keeps a spreadsheet from running a cell as a formula', async () => {
    const titles = ['=1+2', '+1', '-1', '@SUM(A1)'];
    const rows = strict(await text(decisionsCsv(batches(titles.map((t, i) => decision(`d${i}`, t))))));
    expect(rows.map((r) => r.title)).toEqual(titles.map((t) => `'${t}`));
  });

  it('writes one JSON document of every batch, the items as given', async () => {
    const items = [decision('a', 'A'), decision('b', 'B "quoted"'), decision('c', '=C')];
    const json = JSON.parse(await text(decisionsJson(partnership, batches([items[0]], [], items.slice(1)))));
    expect(json).toEqual({
      licence: expect.objectContaining({ name: 'Open Government Licence v3.0' }),
      partnership,
      items,
    });
    expect(JSON.parse(await text(decisionsJson(partnership, batches()))).items).toEqual([]);
  });
});
