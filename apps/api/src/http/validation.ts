import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { BadInputError } from '@accord/platform';
import { BodyCheck, bodyCheckOf, compileFieldsCheck, FieldsCheck } from './fast-body-check';
import { toInteger } from './integer-params';

interface BodyRules {
  /** Every field the DTO declares. */
  fields: ReadonlySet<string>;
  quick: FieldsCheck | null;
  /** `quick` for a request body, which must also be a plain object. */
  quickBody: BodyCheck | null;
  /** Whether a query string with no fields passes: every field the DTO declares is optional. */
  emptyPasses: boolean;
}

/**
 * The ValidationPipe below, for bodies: first the body's shape (a JSON object, or nothing) and its
 * own keys against the fields the DTO declares, then a quick way through for bodies that plainly
 * pass (see compileFieldsCheck): class-transformer and class-validator cost more than the rest of a
 * small command's handling in this process. Everything else goes the full way, so every refusal
 * keeps its code and wording. A body that passes becomes an instance of its DTO class holding the
 * same fields, as class-transformer would make it.
 *
 * A query string's fields are strings until class-transformer applies the DTO's @Transform rules
 * (IsQueryInteger's digits to a number), so a query is made an instance by class-transformer as on
 * the full way, and the quick check then stands in for class-validator only: a console following
 * the feed refetches with `minPosition` and `since` on every burst of events.
 *
 * Keys are checked here because class-validator's whitelist looks them up in a plain object, so
 * `constructor`, `toString` or `__proto__` were "known" there and dropped instead of refused.
 */
class QuickValidationPipe extends ValidationPipe {
  private readonly rules = new Map<unknown, BodyRules>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto =
      metadata.type === 'body' || metadata.type === 'query'
        ? (metadata.metatype as (new () => object) | undefined)
        : undefined;
    if (!dto || !this.toValidate(metadata)) return super.transform(value, metadata);
    let rules = this.rules.get(dto);
    if (rules === undefined) this.rules.set(dto, (rules = bodyRules(dto)));
    if (metadata.type === 'query') return this.query(value, dto, rules, metadata);
    const body = value === undefined ? {} : value;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new BadInputError('validation-failed', 'The body must be a JSON object');
    const unknown = Object.keys(body).filter((key) => !rules.fields.has(key));
    if (unknown.length > 0) throw unknownFields(unknown);
    if (rules.fields.size === 0) return new dto();
    if (rules.quickBody?.(body)) return Object.assign(new dto(), body);
    return super.transform(body, metadata);
  }

  private query(value: unknown, dto: new () => object, rules: BodyRules, metadata: ArgumentMetadata): unknown {
    // A query string with no fields, the most frequent (a register's first page), is the DTO with
    // nothing set when that passes: class-transformer and class-validator would make the same.
    if (isEmpty(value)) return rules.emptyPasses ? new dto() : super.transform(value, metadata);
    if (rules.quick !== null && isParsedQuery(value) && Object.keys(value).every((key) => rules.fields.has(key))) {
      const entity = plainToInstance(dto, value);
      if (rules.quick(entity)) return entity;
    }
    return super.transform(value, metadata);
  }

  /** A path or query parameter declared as a number becomes one only when written in decimal digits. */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.metatype === Number && metadata.data && (metadata.type === 'param' || metadata.type === 'query'))
      return toInteger(value);
    return super.transformPrimitive(value, metadata);
  }
}

function bodyRules(dto: new () => object): BodyRules {
  const declared = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false, undefined);
  const quick = compileFieldsCheck(dto);
  return {
    fields: new Set(declared.map((m) => m.propertyName)),
    quick,
    quickBody: quick && bodyCheckOf(quick),
    emptyPasses: quick?.({}) ?? false,
  };
}

/** An object as a query string parses to: no prototype (Fastify's) or a plain object's. */
function isParsedQuery(query: unknown): query is object {
  if (query === null || typeof query !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(query);
  return prototype === null || prototype === Object.prototype;
}

/** A parsed query string without a field (Fastify's has no prototype), or none at all. */
function isEmpty(query: unknown): boolean {
  if (query === undefined) return true;
  if (query === null || typeof query !== 'object') return false;
  for (const _ in query) return false;
  return true;
}

function unknownFields(fields: string[]): BadInputError {
  return new BadInputError('unknown-field', `Unknown field(s): ${fields.join(', ')}`, { fields });
}

/**
 * DTO validation: unknown fields are refused (a typo must not be silently dropped from a
 * decision's record), and every problem is reported with the field it concerns.
 */
export function validationPipe(): ValidationPipe {
  return new QuickValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const unknown = fields.filter((f) => f.problems.some((p) => p.includes('should not exist')));
      if (unknown.length > 0) return unknownFields(unknown.map((f) => f.field));
      return new BadInputError(
        'validation-failed',
        fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '),
        { errors: fields },
      );
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
