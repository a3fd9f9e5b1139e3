import fc from 'fast-check';
import { decisionAggregate, DecisionState, fold, VOTE_STANCES } from '@accord/domain';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { rawRequest } from '../support/raw-http';
import { seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * Hunts for requests that break, poison or mislead the API (issue 14), against the real API on
 * real PostgreSQL: requests generated from its OpenAPI document (every operation, its path and
 * query parameters and body schema, then mangled: unknown and prototype-named keys, wrong types,
 * NULs and lone surrogates, duplicate keys, deep nesting, other media types, forged callers) mixed
 * with valid commands of the domain (drafts, votes, interests, risks with arbitrary Unicode text).
 * After every request: never a 5xx, a stable problem `code` on every 4xx, and nothing written on a
 * refusal. After the run: every follower still advances, and the decision register equals the
 * domain's fold of each decision's events.
 *
 * Runs for PROPERTY_BUDGET_SECONDS (default 120) with a new seed each run, printed; set
 * PROPERTY_SEED to replay one. A failure is shrunk to a minimal sequence and printed with its seed.
 */
const engine = testEngines()[0];
const BUDGET_MS = Number(process.env.PROPERTY_BUDGET_SECONDS ?? 120) * 1000;
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Date.now() % 2 ** 31;
const { admin, patel, reid, partnershipId, decisionId } = SMALL_LEDGER;
const outsider: Caller = { personId: 'o.side', orgId: 'clarion', roles: ['member'] };

interface Schema {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  nullable?: boolean;
}

interface Operation {
  method: 'GET' | 'POST';
  path: string;
  params: string[];
  query: { name: string; schema: Schema }[];
  body?: Schema;
}

/** One generated request: what is sent, exactly. */
interface Sent {
  caller: Caller | 'none' | 'forged';
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
const NASTY_TEXT = ['a\\u0000b', '\\ud800', 'x\\udfff', '\\u0000'];

describe('requests generated from the OpenAPI document and the domain', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let operations: Operation[];
  const tokens = new Map<string, string>();

  const head = async () => Number((await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({
      DATABASE_URL: db.url,
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
      RATE_LIMIT_SIGN_INS_PER_MINUTE: '0',
    });
    await seedSmallLedger(api);
    const doc = (await api.request('GET', '/docs/openapi.json')).body;
    operations = toOperations(doc);
    for (const caller of [admin, patel, reid, outsider]) tokens.set(caller.personId, await api.token(caller));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const send = (r: Sent) => {
    const headers: Record<string, string> = {};
    if (r.caller === 'forged') headers.authorization = 'Bearer eyJhbGciOiJFZERTQSJ9.e30.AAAA';
    else if (r.caller !== 'none') headers.authorization = `Bearer ${tokens.get(r.caller.personId)}`;
    if (r.contentType !== undefined) headers['content-type'] = r.contentType;
    return rawRequest(api.baseUrl, r.method, r.path, { headers, body: r.body });
  };

  it(
    `never answers 5xx, always a problem code on 4xx, and writes nothing on a refusal (seed ${SEED})`,
    async () => {
      process.stdout.write(`hostile-properties: seed ${SEED}, budget ${BUDGET_MS / 1000} s\n`);
      const request = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...operations).chain((op) => generatedRequest(op)) },
        { weight: 2, arbitrary: domainCommand() },
      );
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 6 }), async (requests) => {
          runs++;
          for (const r of requests) {
            const before = await head();
            const answer = await send(r);
            const where = `${r.method} ${r.path} → ${answer.status} ${answer.text.slice(0, 300)}`;
            if (answer.status >= 500) throw new Error(`5xx: ${where}`);
            if (answer.status >= 400) {
              if (typeof answer.json?.code !== 'string' || !/^[a-z0-9-]+$/.test(answer.json.code))
                throw new Error(`4xx without a stable code: ${where}`);
              if (!String(answer.headers['content-type']).startsWith('application/problem+json'))
                throw new Error(`4xx not a problem: ${where}`);
              if ((await head()) !== before) throw new Error(`a refusal wrote to the log: ${where}`);
            }
          }
        }),
        { seed: SEED, interruptAfterTimeLimit: BUDGET_MS, numRuns: 1_000_000, markInterruptAsFailure: false },
      );
      process.stdout.write(`hostile-properties: ${runs} sequences in the budget\n`);
      expect(runs).toBeGreaterThan(0);

      // Every follower still advances: a new write is in every read model within the wait. The hunt
      // may legitimately have dissolved the partnership or removed its members, so the write is one
      // no generated request can have made impossible: the platform admin registers an organisation.
      const written = await api.request('POST', '/v1/organisations', {
        token: tokens.get(admin.personId),
        body: { organisationId: `after-${SEED}`, name: 'After the hunt', kind: 'local-authority' },
      });
      expect({ status: written.status, body: written.body }).toEqual(expect.objectContaining({ status: 201 }));
      const registered = await api.request(
        'GET',
        `/v1/organisations/after-${SEED}?minPosition=${written.body.position}`,
        { token: tokens.get(admin.personId) },
      );
      expect(registered.status).toBe(200);
      const register = await api.request(
        'GET',
        `/v1/decisions?partnershipId=${partnershipId}&limit=200&minPosition=${written.body.position}`,
        { token: tokens.get(admin.personId) },
      );
      expect(register.status).toBe(200);
      expect((await api.request('GET', '/health/ready')).status).toBe(200);

      // The register equals the domain's fold of each decision's events.
      for (const entry of register.body.items as { decisionId: string; title: string; status: string }[]) {
        const { rows } = await db.pool.query<{ e: { type: string; data: unknown; eventId: string } }>(
          `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = $1 ORDER BY revision`,
          [`decision-${entry.decisionId}`],
        );
        const state = fold(
          decisionAggregate.evolve,
          decisionAggregate.initialState,
          rows.map((r) => r.e) as never[],
        ) as DecisionState;
        expect({ decisionId: entry.decisionId, title: entry.title, status: entry.status }).toEqual({
          decisionId: entry.decisionId,
          title: state.title,
          status: state.status,
        });
      }
    },
    BUDGET_MS + 60_000,
  );

  /** A request for `op`: its parameters and body generated from the schema, then perhaps mangled. */
  function generatedRequest(op: Operation): fc.Arbitrary<Sent> {
    const paramValue = fc.oneof(
      fc.constantFrom(partnershipId, decisionId, 'camden-council', 'j.patel', '1', 'no-such-thing'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.constantFrom('a%00b', '%ED%A0%80', '..', '%2e%2e', 'x'.repeat(150), '1e20', '-1', '%E0%A4%A'),
    );
    const queryValue = (schema: Schema) =>
      fc.oneof(
        valueFor('q', schema).map((v) => encodeURIComponent(String(v))),
        paramValue,
      );
    const query = fc
      .subarray(op.query)
      .chain((chosen) => fc.tuple(...chosen.map((q) => queryValue(q.schema).map((v) => `${q.name}=${v}`))));
    return fc
      .record({
        caller: fc.constantFrom<Sent['caller']>(patel, reid, outsider, admin, 'none', 'forged'),
        params: fc.tuple(...op.params.map(() => paramValue)),
        query,
        body: op.body ? mangledBody(op.body) : fc.constant(undefined),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          fc.constantFrom('application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', ''),
        ),
      })
      .map(({ caller, params, query, body, contentType }) => {
        let i = 0;
        const path = op.path.replace(/\{\w+\}/g, () => params[i++] as string);
        return {
          caller,
          method: op.method,
          path: query.length > 0 ? `${path}?${query.join('&')}` : path,
          ...(op.method === 'POST' ? { contentType, body: body ?? '{}' } : {}),
        };
      });
  }

  /** A body from the schema as JSON text, or that text mangled one of the ways a hostile client would. */
  function mangledBody(schema: Schema): fc.Arbitrary<string> {
    const valid = objectFor(schema);
    return fc.oneof(
      { weight: 3, arbitrary: valid.map((v) => JSON.stringify(v)) },
      fc
        .tuple(valid, fc.constantFrom(...PROTOTYPE_KEYS, 'party', 'personId', 'x'))
        .map(([v, key]) => JSON.stringify(v).replace(/^\{/, `{"${key}":"x"${Object.keys(v).length ? ',' : ''}`)),
      fc
        .tuple(valid, fc.constantFrom(...NASTY_TEXT))
        .map(([v, bad]) => JSON.stringify(v).replace(/:"([^"]*)"/, `:"$1${bad}"`)),
      valid.map((v) => {
        const [key] = Object.keys(v);
        return key === undefined
          ? '{"a":1,"a":2}'
          : JSON.stringify(v).replace(/\}$/, `,"${key}":${JSON.stringify(v[key])}}`);
      }),
      fc.integer({ min: 60, max: 3000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`),
      fc.constantFrom('', '[]', 'null', '"x"', '{', '{"a":}', '\ufeff{}'),
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, fc.anything({ maxDepth: 2 })])),
          {
            requiredKeys: [],
          },
        )
        .map((v) => {
          try {
            return JSON.stringify(v) ?? '{}';
          } catch {
            return '{}';
          }
        }),
    );
  }

  function objectFor(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    return fc.record(Object.fromEntries(Object.entries(props).map(([name, s]) => [name, valueFor(name, s)])), {
      requiredKeys: Object.keys(props).filter((k) => required.has(k)),
    }) as fc.Arbitrary<Record<string, unknown>>;
  }

  function valueFor(name: string, schema: Schema): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (/At$|^valid|^asOf$|^from$|^to$/.test(name) && schema.type === 'string')
      return fc.integer({ min: -30, max: 400 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString());
    if (/Date$/.test(name)) return fc.constantFrom('2027-03-31', '2030-12-01');
    if (/Id$/.test(name) && schema.type === 'string')
      return fc.constantFrom(partnershipId, decisionId, 'camden-council', 'peabody', 'j.patel', 's.reid', 'new-id');
    if (/^(personId|ownerParty|party|by)$/.test(name))
      return fc.constantFrom('j.patel', 's.reid', 'camden-council', 'peabody');
    switch (schema.type) {
      case 'integer':
      case 'number':
        return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1_000_000, 2 ** 53 - 1) });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueFor(name, schema.items ?? { type: 'string' }), { minLength: 1, maxLength: 3 });
      case 'object':
        return fc.constant({});
      default:
        return fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    }
  }

  /** A valid command of the domain on the seeded ledger, with arbitrary Unicode text. */
  function domainCommand(): fc.Arbitrary<Sent> {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0);
    const member = fc.constantFrom(patel, reid);
    const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/);
    const post = (caller: Caller, path: string, body: unknown): Sent => ({
      caller,
      method: 'POST',
      path,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    return fc.oneof(
      fc
        .tuple(member, id, text, text, fc.constantFrom('governance', 'funding', 'other'))
        .map(([by, decision, title, motion, category]) =>
          post(by, `/v1/partnerships/${partnershipId}/decisions`, { decisionId: decision, title, motion, category }),
        ),
      fc
        .tuple(member, fc.constantFrom(...VOTE_STANCES), text, fc.boolean())
        .map(([by, stance, reason, change]) =>
          post(by, `/v1/decisions/${decisionId}/votes${change ? '/change' : ''}`, { stance, reason }),
        ),
      fc.tuple(member, text).map(([by, nature]) => post(by, `/v1/decisions/${decisionId}/interests`, { nature })),
      fc
        .tuple(member, text, text, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
        .map(([by, title, description, likelihood, impact]) =>
          post(by, `/v1/partnerships/${partnershipId}/risks`, {
            title,
            description,
            ownerParty: by.orgId,
            likelihood,
            impact,
          }),
        ),
      member.map((by) => ({ caller: by, method: 'GET', path: `/v1/decisions/${decisionId}/record` }) as Sent),
    );
  }
});

/** Every operation of the document under /v1, with its parameters and its body's schema resolved. */
function toOperations(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema: Schema }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}): Operation[] {
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop() as string]) : s;
  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/') || path === '/v1/feed') continue; // the feed streams for ever
    for (const [method, op] of Object.entries(ops)) {
      if (method !== 'get' && method !== 'post') continue;
      operations.push({
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: resolve(op.requestBody?.content['application/json']?.schema),
      });
    }
  }
  return operations;
}
