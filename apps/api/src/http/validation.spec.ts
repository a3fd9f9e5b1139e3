import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import * as audit from '../audit/http/audit.dtos';
import * as decisions from '../decisions/http/decision.dtos';
import * as organisations from '../organisations/http/organisation.dtos';
import * as partnerships from '../partnerships/http/partnership.dtos';
import * as readModels from '../read-models/http/read-model.dtos';
import * as webhooks from '../organisations/http/webhook.dtos';
import { bodyCheckOf, compileFieldsCheck } from './fast-body-check';
import { validationPipe } from './validation';

/** The quick check the pipe runs on a DTO's request bodies. */
function compileBodyCheck(dto: new () => object) {
  const fields = compileFieldsCheck(dto);
  return fields && bodyCheckOf(fields);
}

type Dto = new () => object;

const dtosOf = (modules: object[], name: RegExp): [string, Dto][] =>
  modules.flatMap((m) =>
    Object.entries(m).filter((e): e is [string, Dto] => typeof e[1] === 'function' && name.test(e[0])),
  );
const DTOS = dtosOf([audit, decisions, organisations, partnerships], /Dto$/);
const QUERY_DTOS = dtosOf([audit, readModels, webhooks], /QueryDto$/);

/** Values that sit on and around the rules the DTOs use. */
const SAMPLES: unknown[] = [
  'agree',
  'disagree',
  'abstain',
  'Agree',
  '',
  ' ',
  'a',
  'ab',
  'x'.repeat(63),
  'x'.repeat(64),
  'station-road',
  'Station-Road',
  '-x',
  'a b',
  'x'.repeat(300),
  'x'.repeat(301),
  'x'.repeat(4000),
  'x'.repeat(4001),
  '😀'.repeat(300),
  '😀'.repeat(301),
  '\uFE0F',
  'a\uFE0F',
  '\uD800',
  'land-disposal',
  'governance',
  'local-authority',
  'housing-association',
  'member',
  'org-admin',
  'j.patel',
  '2026-03-28T17:00:00Z',
  '2026-02-30T17:00:00Z',
  'not a date',
  '0f8a4f0e-5f7c-4f0e-9c1e-2b8d3f1a6c55',
  0,
  1,
  -1,
  1.5,
  120_000_000,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Infinity,
  true,
  false,
  null,
  ['a'],
  { a: 'b' },
  [],
];

/** A seeded generator, so a failure names a body that can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function propertiesOf(dto: Dto): string[] {
  // The properties class-validator knows, plus one it does not.
  const { getMetadataStorage } = jest.requireActual<typeof import('class-validator')>('class-validator');
  const names = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false, undefined)
    .map((m) => m.propertyName);
  return [...new Set(names), 'unexpected'];
}

async function fullVerdict(
  pipe: ValidationPipe,
  body: unknown,
  metadata: ArgumentMetadata,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await pipe.transform(structuredClone(body), metadata) };
  } catch {
    return { ok: false };
  }
}

describe('the quick body check', () => {
  const reference = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
  });
  const pipe = validationPipe();

  it('covers the common command bodies', () => {
    expect(DTOS.length).toBeGreaterThan(20);
    expect(compileBodyCheck(decisions.VoteDto)).not.toBeNull();
    expect(compileBodyCheck(decisions.DraftDecisionDto)).not.toBeNull();
    expect(compileBodyCheck(decisions.RecordOutcomeDto)).toBeNull(); // `each` rules: always class-validator
    expect(compileBodyCheck(decisions.VoteDto)!({ stance: 'agree', reason: 'Best value' })).toBe(true);
    expect(
      compileBodyCheck(decisions.DraftDecisionDto)!({ title: 'T', motion: 'M', category: 'other', valuePence: 5 }),
    ).toBe(true);
    expect(
      compileBodyCheck(decisions.DraftDecisionDto)!({ decisionId: null, title: 'T', motion: 'M', category: 'other' }),
    ).toBe(true);
    expect(
      compileBodyCheck(organisations.RegisterOrganisationDto)!({
        organisationId: 'camden-council',
        name: 'Camden Council',
        kind: 'local-authority',
      }),
    ).toBe(true);
  });

  it.each(DTOS)(
    '%s: says yes only to bodies class-validator accepts, and gives the same instance',
    async (_name, dto) => {
      const check = compileBodyCheck(dto);
      const metadata: ArgumentMetadata = { type: 'body', metatype: dto, data: undefined };
      const names = propertiesOf(dto);
      const next = random(names.length * 7919);
      for (let i = 0; i < 400; i++) {
        const body: Record<string, unknown> = {};
        for (const name of names) {
          const r = next();
          if (name === 'unexpected' ? r < 0.9 : r < 0.15) continue;
          body[name] = SAMPLES[Math.floor(next() * SAMPLES.length)];
        }
        const expected = await fullVerdict(reference, body, metadata);
        const quick = check?.(body) ?? false;
        if (quick) {
          expect({ body, accepted: expected.ok }).toEqual({ body, accepted: true });
        }
        const actual = await fullVerdict(pipe, body, metadata);
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) {
          expect(actual.value).toBeInstanceOf(dto);
          expect(actual.value).toEqual(expected.value);
          expect(Object.keys(actual.value as object)).toEqual(Object.keys(expected.value as object));
        }
      }
    },
  );

  it('answers a refused body exactly as before', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: decisions.VoteDto, data: undefined };
    for (const body of [
      { stance: 'maybe', reason: 'r' },
      { stance: 'agree', reason: '' },
      { stance: 'agree', reason: 'r', extra: 1 },
      {},
      null,
    ]) {
      const error = await pipe.transform(body, metadata).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: expect.stringMatching(/^(validation-failed|unknown-field)$/) });
    }
    await expect(pipe.transform({ stance: 'agree', reason: 'r', extra: 1 }, metadata)).rejects.toMatchObject({
      code: 'unknown-field',
      message: 'Unknown field(s): extra',
    });
    await expect(pipe.transform({ stance: 'maybe', reason: 'r' }, metadata)).rejects.toMatchObject({
      code: 'validation-failed',
      message: 'stance: stance must be one of the following values: agree, disagree, abstain',
    });
  });
});

/** Query string values (Fastify gives a string, or an array for a repeated key) around the query DTOs' rules. */
const QUERY_SAMPLES: unknown[] = [
  '',
  '0',
  '1',
  '20',
  '100',
  '101',
  '200',
  '201',
  '1000',
  '1001',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  ' 1',
  '007',
  '9007199254740991',
  '9007199254740992',
  '12345678901234567',
  '1234.1230.9f86d081884c',
  '1234.1230.9F86D081884C',
  '1.2',
  '1234.1230.9f86d081884c0000a',
  '2026-03-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-03-01',
  'now',
  'open',
  'other',
  'station-road',
  'Station Road',
  'x'.repeat(200),
  'x'.repeat(201),
  'camden-council',
  ['1', '2'],
  ['open'],
];

/** Fastify's parsed query string has no prototype, so `__proto__` can be a field; each pipe gets its own copy. */
function parsedQuery(fields: Record<string, unknown>): object {
  const query = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(fields))
    Object.defineProperty(query, key, {
      value: structuredClone(fields[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return query;
}

async function queryVerdict(
  pipe: ValidationPipe,
  fields: Record<string, unknown>,
  metadata: ArgumentMetadata,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await pipe.transform(parsedQuery(fields), metadata) };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('a query string', () => {
  const reference = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
  });
  const pipe = validationPipe();

  it.each(QUERY_DTOS)('%s: gets the verdict and instance class-validator gives when empty', async (_name, dto) => {
    const metadata: ArgumentMetadata = { type: 'query', metatype: dto, data: undefined };
    for (const query of [Object.create(null) as object, {}]) {
      const expected = await fullVerdict(reference, query, metadata);
      const actual = await fullVerdict(pipe, query, metadata);
      expect(actual.ok).toBe(expected.ok);
      if (actual.ok && expected.ok) {
        expect(actual.value).toBeInstanceOf(dto);
        expect(actual.value).toEqual(expected.value);
      }
    }
  });

  it.each(QUERY_DTOS)('%s: gets the verdict and instance class-validator gives for any fields', async (_name, dto) => {
    const metadata: ArgumentMetadata = { type: 'query', metatype: dto, data: undefined };
    const declared = propertiesOf(dto).filter((name) => name !== 'unexpected');
    const names = [...declared, 'unexpected', '__proto__', 'constructor'];
    const next = random(names.length * 104729);
    let accepted = 0;
    for (let i = 0; i < 300; i++) {
      const fields = Object.create(null) as Record<string, unknown>;
      for (const name of names) {
        if (next() < (declared.includes(name) ? 0.5 : 0.95)) continue;
        fields[name] = QUERY_SAMPLES[Math.floor(next() * QUERY_SAMPLES.length)];
      }
      const expected = await queryVerdict(reference, fields, metadata);
      const actual = await queryVerdict(pipe, fields, metadata);
      expect({ fields, ok: actual.ok }).toEqual({ fields, ok: expected.ok });
      if (actual.ok && expected.ok) {
        accepted++;
        expect(actual.value).toBeInstanceOf(dto);
        expect(actual.value).toEqual(expected.value);
        expect(Object.keys(actual.value as object)).toEqual(Object.keys(expected.value as object));
      } else if (!actual.ok) {
        expect(actual.error).toMatchObject({ code: expect.stringMatching(/^(validation-failed|unknown-field)$/) });
      }
    }
    // Both ways were taken: queries that pass, and queries refused.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(300);
  });

  it('is refused when the DTO requires a field; integers are read from decimal digits only', async () => {
    expect(QUERY_DTOS.length).toBeGreaterThan(10);
    const verdicts = await Promise.all(
      QUERY_DTOS.map(([, dto]) => fullVerdict(pipe, {}, { type: 'query', metatype: dto, data: undefined })),
    );
    expect(verdicts.some((v) => !v.ok)).toBe(true);
    const metadata: ArgumentMetadata = { type: 'query', metatype: readModels.PublicPageQueryDto, data: undefined };
    await expect(pipe.transform(parsedQuery({ limit: '101' }), metadata)).rejects.toMatchObject({
      code: 'validation-failed',
    });
    await expect(pipe.transform(parsedQuery({ limit: '1e1' }), metadata)).rejects.toMatchObject({
      code: 'validation-failed',
    });
    await expect(pipe.transform(parsedQuery({ limit: '20', extra: '1' }), metadata)).rejects.toMatchObject({
      code: 'unknown-field',
      message: 'Unknown field(s): extra',
    });
    await expect(pipe.transform(parsedQuery({ limit: '20' }), metadata)).resolves.toEqual(
      Object.assign(new readModels.PublicPageQueryDto(), { limit: 20 }),
    );
    const timeline: ArgumentMetadata = { type: 'query', metatype: readModels.TimelineQueryDto, data: undefined };
    await expect(
      pipe.transform(parsedQuery({ minPosition: '1234', since: '1234.1230.9f86d081884c' }), timeline),
    ).resolves.toEqual(
      Object.assign(new readModels.TimelineQueryDto(), { minPosition: 1234, since: '1234.1230.9f86d081884c' }),
    );
  });
});
