import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { RawAnswer, rawRequest } from '../support/raw-http';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * What a hostile or careless client sends (issue 14): every refusal is a 4xx problem with a stable
 * code, never a 500, and nothing is written.
 */
const { patel, reid, admin, camdenAdmin, decisionId, partnershipId } = SMALL_LEDGER;
const DECISION = `/v1/decisions/${decisionId}`;
const DRAFT = `/v1/partnerships/${partnershipId}/decisions`;

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

for (const engine of testEngines()) {
  describe(`hostile input on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;

    const head = async () => Number((await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position);

    /** A request with the body bytes as given; JSON content type and the caller's token unless told otherwise. */
    const send = async (
      caller: Caller | undefined,
      method: string,
      path: string,
      body?: string | Buffer,
      headers: Record<string, string> = {},
    ): Promise<RawAnswer> => {
      const all: Record<string, string> = { ...headers };
      if (caller) all.authorization = `Bearer ${await api.token(caller)}`;
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        all['content-type'] = 'application/json';
      return rawRequest(api.baseUrl, method, path, { headers: all, body });
    };

    /** Sends, then checks the answer is the refusal named, as a problem, and that the log did not move. */
    const refuses = async (status: number, code: string, ...request: Parameters<typeof send>): Promise<RawAnswer> => {
      const before = await head();
      const answer = await send(...request);
      expect({ status: answer.status, code: answer.json?.code }).toEqual({ status, code });
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await head()).toBe(before);
      return answer;
    };

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, BODY_LIMIT_BYTES: '65536' });
      await seedSmallLedger(api);
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    describe('text the log cannot hold', () => {
      const draft = (title: string) =>
        `{"title":"${title}","motion":"That it be done.","category":"governance","decisionId":"text-check"}`;
      for (const key of [undefined, 'text-key-1'])
        describe(key ? 'with an Idempotency-Key' : 'without an Idempotency-Key', () => {
          const headers: Record<string, string> = key ? { 'idempotency-key': `${key}-${Math.random()}` } : {};
          it.each([
            ['an escaped NUL in a value', draft('a\\u0000b'), 'nul-character'],
            ['an escaped NUL in a key', '{"ti\\u0000tle":"x"}', 'nul-character'],
            ['a lone high surrogate', draft('a\\ud800b'), 'lone-surrogate'],
            ['a lone low surrogate', draft('a\\udc00'), 'lone-surrogate'],
            ['a high surrogate before a non-surrogate escape', draft('\\ud800\\u0041'), 'lone-surrogate'],
            ['a lone surrogate in a key', '{"\\udfff":"x"}', 'lone-surrogate'],
            ['a raw control character in a string', draft('a\u0001b'), 'malformed-json'],
          ])('refuses %s', async (_label, body, code) => {
            await refuses(400, code, patel, 'POST', DRAFT, body, headers);
          });
        });

      it.each([
        ["a board member's vote reason", patel, `${DECISION}/votes`, { stance: 'agree', reason: 'a\u0000b' }],
        [
          'a risk',
          patel,
          `/v1/partnerships/${partnershipId}/risks`,
          { title: 'a\u0000b', description: 'd', ownerParty: 'camden-council', likelihood: 1, impact: 1 },
        ],
        ['a motion', patel, DRAFT, { decisionId: 'nul-motion', title: 't', motion: 'a\u0000b', category: 'other' }],
        [
          'a display name',
          camdenAdmin,
          '/v1/organisations/camden-council/members',
          { personId: 'nul.name', displayName: 'a\u0000b' },
        ],
        [
          'an organisation name',
          admin,
          '/v1/organisations',
          { organisationId: 'nul-org', name: 'a\u0000b', kind: 'other' },
        ],
      ] as const)(
        'refuses a NUL in %s, where one was seen to wedge the followers',
        async (_label, caller, path, body) => {
          await refuses(400, 'nul-character', caller, 'POST', path, JSON.stringify(body));
        },
      );

      it('takes a well-formed surrogate pair (an emoji)', async () => {
        const answer = await send(patel, 'POST', DRAFT, draft('Homes \\ud83c\\udfe0 for all'));
        expect(answer.status).toBe(201);
      });

      it.each([
        ['a path segment', `/v1/partnerships/a%00b/overview`],
        ['a query value', `/v1/decisions?party=a%00b`],
        ['a query name', `/v1/decisions?a%00b=1`],
      ])('refuses a NUL in %s before it reaches SQL', async (_label, path) => {
        await refuses(400, 'nul-character', patel, 'GET', path);
      });

      it('refuses a NUL in the path of a command', async () => {
        await refuses(
          400,
          'nul-character',
          patel,
          'POST',
          '/v1/decisions/a%00b/votes',
          '{"stance":"agree","reason":"r"}',
        );
      });

      it('refuses percent-encoded bytes that are not UTF-8 in a query value', async () => {
        await refuses(400, 'bad-url', patel, 'GET', '/v1/decisions?party=%ED%A0%80');
      });
    });

    describe('depth and size', () => {
      for (const levels of [65, 1_500, 5_000, 30_000])
        it(`refuses a body nested ${levels} levels deep, with or without an Idempotency-Key`, async () => {
          const body = `{"statement":"s","reasons":${nested(levels - 1)},"alternativesRejected":["a"]}`;
          await refuses(400, 'json-too-deep', patel, 'POST', `${DECISION}/outcome`, body);
          await refuses(400, 'json-too-deep', patel, 'POST', `${DECISION}/outcome`, body, {
            'idempotency-key': `deep-${levels}`,
          });
        });

      it('lets 64 levels through to validation', async () => {
        const body = `{"statement":"s","reasons":${nested(63)},"alternativesRejected":["a"]}`;
        await refuses(400, 'validation-failed', patel, 'POST', `${DECISION}/outcome`, body, {
          'idempotency-key': 'deep-64',
        });
      });

      it('refuses a body over the limit with 413', async () => {
        await refuses(413, 'body-too-large', patel, 'POST', DRAFT, draft70k());
      });
    });

    describe('integers are bounded', () => {
      it.each([
        `/v1/partnerships/${partnershipId}/trail?after=1e20`,
        `/v1/partnerships/${partnershipId}/trail?after=100000000000000000000`,
        `/v1/partnerships/${partnershipId}/trail?after=0x10`,
        `/v1/partnerships/${partnershipId}/trail?after=`,
        `/v1/partnerships/${partnershipId}/trail?after=-1`,
        `/v1/partnerships/${partnershipId}/trail?limit=1.5`,
        `/v1/partnerships/${partnershipId}/trail?limit=%201`,
        `${DECISION}/trail?after=9007199254740992`,
        `/v1/people/j.patel/trail?after=1e20`,
        `/v1/decisions?minPosition=1e20`,
        `/v1/decisions?limit=1e2`,
        `/v1/decisions?limit=201`,
        '/v1/audit/proofs/consistency?from=1e20',
        '/v1/audit/proofs/inclusion?position=1e20',
      ])('refuses %s', async (path) => {
        await refuses(400, 'validation-failed', patel, 'GET', path);
      });

      it.each(['1e20', '100000000000000000000', '-1', '0x10', '1.0'])(
        'refuses the checkpoint at tree size %s',
        async (size) => {
          await refuses(400, 'validation-failed', undefined, 'GET', `/v1/audit/checkpoints/${size}`);
        },
      );

      it('still takes a plain position', async () => {
        const answer = await send(patel, 'GET', `/v1/partnerships/${partnershipId}/trail?after=0&limit=5`);
        expect(answer.status).toBe(200);
      });
    });

    describe('only JSON in UTF-8', () => {
      const vote = '{"stance":"agree","reason":"Good value"}';
      it.each([
        ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'stance=agree&reason=x'],
        ['text', { 'content-type': 'text/plain' }, vote],
        ['JSON labelled UTF-16', { 'content-type': 'application/json; charset=utf-16' }, vote],
        ['JSON labelled Latin-1', { 'content-type': 'application/json; charset=iso-8859-1' }, vote],
        ['another JSON media type', { 'content-type': 'application/merge-patch+json' }, vote],
        ['no content type', { 'content-type': '' }, vote],
      ])('answers 415 to %s', async (_label, headers, body) => {
        await refuses(415, 'unsupported-media-type', patel, 'POST', `${DECISION}/votes`, body, headers);
      });

      it.each([
        ['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(vote)])],
        ['bytes that are not UTF-8', Buffer.from('{"stance":"agree","reason":"caf\xe9"}', 'latin1')],
        ['UTF-16', Buffer.from(vote, 'utf16le')],
      ])('answers 415 to %s', async (_label, body) => {
        await refuses(415, 'invalid-utf-8', patel, 'POST', `${DECISION}/votes`, body);
      });

      it('takes application/json with charset=UTF-8', async () => {
        const answer = await send(patel, 'POST', DRAFT, draft('Charset check', 'charset-check'), {
          'content-type': 'application/json; charset=UTF-8',
        });
        expect(answer.status).toBe(201);
      });
    });

    describe('one value per key', () => {
      it.each([
        ['twice', '{"stance":"agree","reason":"r","stance":"disagree"}'],
        ['once escaped', '{"stance":"agree","reason":"r","st\\u0061nce":"disagree"}'],
      ])('refuses a key given %s', async (_label, body) => {
        await refuses(400, 'duplicate-key', reid, 'POST', `${DECISION}/votes`, body);
      });

      it('refuses a duplicate key nested inside a value', async () => {
        const body =
          '{"correctsEventId":"00000000-0000-4000-8000-000000000000","corrections":{"reason":"a","reason":"b"},"reason":"r"}';
        await refuses(400, 'duplicate-key', reid, 'POST', `${DECISION}/corrections`, body);
      });

      it('takes the same key in sibling objects', async () => {
        const body = '{"stance":"agree","reason":"r","a":{"k":1},"b":{"k":2}}';
        await refuses(400, 'unknown-field', reid, 'POST', `${DECISION}/votes`, body);
      });
    });

    describe('every command has a body schema', () => {
      it.each([
        ['a party', '{"party":"southbank-homes"}', ['party']],
        ['an actor', '{"personId":"s.reid","orgId":"peabody"}', ['personId', 'orgId']],
      ])('refuses a sign-off naming %s', async (_label, body, fields) => {
        const answer = await refuses(400, 'unknown-field', patel, 'POST', `${DECISION}/sign-offs`, body);
        expect(answer.json.fields).toEqual(fields);
      });

      it.each(['[]', '"sign"', '42', 'null'])('refuses a sign-off whose body is %s', async (body) => {
        await refuses(400, 'validation-failed', patel, 'POST', `${DECISION}/sign-offs`, body);
      });

      it('refuses unknown fields when joining', async () => {
        await refuses(400, 'unknown-field', patel, 'POST', `/v1/partnerships/${partnershipId}/join`, '{"as":"x"}');
      });

      it('takes a sign-off with an empty object or no body at all', async () => {
        const signed = await send(patel, 'POST', `${DECISION}/sign-offs`, '{}');
        expect(signed.status).toBe(201);
        const bare = await rawRequest(api.baseUrl, 'POST', `${DECISION}/sign-offs`, {
          headers: { authorization: `Bearer ${await api.token(reid)}` },
        });
        expect(bare.status).toBe(201);
      });

      it('documents a request body for every command in OpenAPI', async () => {
        const doc = (await send(undefined, 'GET', '/docs/openapi.json')).json;
        const missing = Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown }>>)
          .filter(([path, ops]) => path.startsWith('/v1/') && ops.post && !ops.post.requestBody)
          .map(([path]) => path);
        expect(missing).toEqual([]);
      });
    });

    describe('keys named like object members are unknown keys', () => {
      it.each(['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf'])(
        'refuses %s',
        async (key) => {
          const body = `{"stance":"agree","reason":"r","${key}":"x"}`;
          const answer = await refuses(400, 'unknown-field', reid, 'POST', `${DECISION}/votes`, body);
          expect(answer.json.fields).toEqual([key]);
          const signOff = await refuses(400, 'unknown-field', reid, 'POST', `${DECISION}/sign-offs`, `{"${key}":{}}`);
          expect(signOff.json.fields).toEqual([key]);
        },
      );
    });

    describe('instants carry an offset', () => {
      it.each(['2027-01-15T10:00:00', '2027-01-15', '2027-01-15T10:00', '2027-01-15 10:00:00Z', '2027-W03-5'])(
        'refuses closesAt %s',
        async (closesAt) => {
          await send(patel, 'POST', DRAFT, draft('Offsets', 'offsets'));
          await refuses(
            400,
            'validation-failed',
            patel,
            'POST',
            '/v1/decisions/offsets/open',
            JSON.stringify({ closesAt }),
          );
        },
      );

      it('takes closesAt with a numeric offset', async () => {
        await send(patel, 'POST', DRAFT, draft('Offsets', 'offsets'));
        const closesAt = new Date(Date.now() + 48 * 3600_000).toISOString().replace('Z', '+00:00');
        const answer = await send(patel, 'POST', '/v1/decisions/offsets/open', JSON.stringify({ closesAt }));
        expect(answer.status).toBe(200);
      });

      it.each(['validFrom', 'validTo'])('refuses an authority whose %s has no offset', async (field) => {
        const body = {
          personId: 'j.patel',
          categories: ['funding'],
          valueLimitPence: 1,
          instrument: 'Scheme',
          validFrom: '2026-01-01T00:00:00Z',
          validTo: '2027-01-01T00:00:00Z',
          [field]: '2026-06-01',
        };
        await refuses(
          400,
          'validation-failed',
          camdenAdmin,
          'POST',
          '/v1/organisations/camden-council/authorities',
          JSON.stringify(body),
        );
      });

      it.each([
        `/v1/partnerships/${partnershipId}/overview?asOf=2026-03-01`,
        `/v1/partnerships/${partnershipId}/timeline?asOf=2026-03-01T10:00:00`,
        '/v1/decisions?from=2026-01-01',
        '/v1/decisions?to=2026-01-01T00:00:00',
      ])('refuses %s', async (path) => {
        await refuses(400, 'validation-failed', patel, 'GET', path);
      });

      it('takes asOf with an offset', async () => {
        const answer = await send(
          patel,
          'GET',
          `/v1/partnerships/${partnershipId}/overview?asOf=2030-01-01T00:00:00%2B01:00`,
        );
        expect(answer.status).toBe(200);
      });
    });

    describe("the web server's own refusals", () => {
      it('answers a malformed percent-encoding as a 400 problem', async () => {
        await refuses(400, 'bad-url', patel, 'GET', '/v1/partnerships/%E0%A4%A/overview');
      });

      it('answers an overlong path parameter as a problem', async () => {
        await refuses(400, 'path-parameter-too-long', patel, 'GET', `/v1/partnerships/${'a'.repeat(300)}/overview`);
      });

      it.each(['/console/../package.json', '/console/%2e%2e/package.json', '/console/..%2fpackage.json'])(
        'answers %s with a clean 404',
        async (path) => {
          const answer = await send(undefined, 'GET', path);
          expect(answer.status).toBe(404);
          expect(answer.text).not.toMatch(/"devDependencies"/);
          expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        },
      );

      it('answers an unknown route with a problem', async () => {
        await refuses(404, 'route-not-found', patel, 'GET', '/v1/nothing-here');
      });
    });

    describe('what an answer says back', () => {
      it('never echoes the query string in a problem', async () => {
        const answer = await send(
          undefined,
          'GET',
          `/v1/partnerships/${partnershipId}/overview?access_token=secret-in-query`,
        );
        expect(answer.status).toBe(401);
        expect(answer.json.instance).toBe(`/v1/partnerships/${partnershipId}/overview`);
        expect(answer.text).not.toMatch(/secret-in-query/);
      });

      it.each([
        ['a read', patel, 'GET', `/v1/partnerships/${partnershipId}/overview`],
        ['a refusal', undefined, 'GET', `/v1/partnerships/${partnershipId}/overview`],
        ['an unknown route', undefined, 'GET', '/v1/nope'],
        ['a health probe', undefined, 'GET', '/health/ready'],
        ['a 415', patel, 'POST', `${DECISION}/votes`],
      ] as const)('sends nosniff and no-store on %s', async (_label, caller, method, path) => {
        const answer = await send(
          caller,
          method,
          path,
          method === 'POST' ? 'x' : undefined,
          method === 'POST' ? { 'content-type': 'text/plain' } : {},
        );
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['cache-control']).toBe('no-store');
      });

      it("lets the console's hashed assets be cached, and never its page", async () => {
        const page = await send(undefined, 'GET', '/console/');
        if (page.status === 503) return; // console not built in this checkout: nothing to cache
        expect(page.headers['cache-control']).toBe('no-cache');
        expect(page.headers['x-content-type-options']).toBe('nosniff');
        const asset = /src="(\/console\/assets\/[^"]+)"/.exec(page.text)?.[1];
        expect(asset).toBeDefined();
        const script = await send(undefined, 'GET', asset!);
        expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(script.headers['x-content-type-options']).toBe('nosniff');
      });
    });

    it('leaves the followers advancing after all of it', async () => {
      const written = await asCaller(api, admin, 'POST', '/v1/organisations', {
        organisationId: 'after-all',
        name: 'After All',
        kind: 'other',
      });
      const read = await api.request('GET', `/v1/decisions?minPosition=${written.body.position}`, {
        token: await api.token(patel),
      });
      expect(read.status).toBe(200);
    });
  });
}

function draft(title: string, decisionId = 'text-check'): string {
  return JSON.stringify({ decisionId, title, motion: 'That it be done.', category: 'governance' });
}

function draft70k(): string {
  return JSON.stringify({ title: 'big', motion: 'x'.repeat(70_000), category: 'governance' });
}
