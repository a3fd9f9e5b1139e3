import { getMetadataStorage, isIn, isInt, isString, length, matches, max, min, ValidationTypes } from 'class-validator';
import { isCalendarDate, isInstant } from '@accord/platform';

type Check = (value: unknown) => boolean;

/** class-validator's `matches`, called as its own validator calls it (pattern and modifiers as declared). */
const matchesDeclared = matches as unknown as (value: unknown, pattern: unknown, modifiers: unknown) => boolean;

/**
 * The class-validator rules a body DTO can use and still be checked here, each with the very
 * function class-validator runs for it, so a value passes here only if it passes there.
 */
const RULES: Record<string, (constraints: unknown[]) => Check> = {
  isString: () => isString,
  isIn:
    ([allowed]) =>
    (v) =>
      isIn(v, allowed as readonly unknown[]),
  isLength:
    ([lo, hi]) =>
    (v) =>
      length(v, lo as number, hi as number),
  matches:
    ([pattern, modifiers]) =>
    (v) =>
      matchesDeclared(v, pattern, modifiers),
  isInt: () => isInt,
  isInstant: () => isInstant,
  isCalendarDate: () => isCalendarDate,
  min:
    ([bound]) =>
    (v) =>
      min(v as number, bound as number),
  max:
    ([bound]) =>
    (v) =>
      max(v as number, bound as number),
};

interface PropertyCheck {
  optional: boolean;
  checks: Check[];
}

/** A body that is a plain JSON object of known fields, each holding a string, number or boolean. */
export type BodyCheck = (body: unknown) => boolean;

/** An object (of any class) whose own fields are all known, each holding a string, number or boolean. */
export type FieldsCheck = (fields: object) => boolean;

/** A fields check's yes, for a plain object only (what a JSON body parses to). */
export function bodyCheckOf(fields: FieldsCheck): BodyCheck {
  return (body) =>
    body !== null && typeof body === 'object' && Object.getPrototypeOf(body) === Object.prototype && fields(body);
}

/**
 * A quick yes for the DTO instances class-validator would accept, built from the same decorator
 * metadata: unknown fields, nested objects, arrays, or any rule not in RULES make it answer no,
 * and a no only means "ask class-validator", which then finds the errors and words them as
 * always. Null when the DTO uses something this does not understand (groups, `each`, nested or
 * conditional validation): such a DTO always goes to class-validator.
 */
export function compileFieldsCheck(dto: new () => object): FieldsCheck | null {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false, undefined);
  if (metadata.length === 0) return null;
  const properties = new Map<string, PropertyCheck>();
  for (const m of metadata) {
    if (m.each || (m.groups && m.groups.length > 0) || m.always) return null;
    const property = properties.get(m.propertyName) ?? { optional: false, checks: [] };
    properties.set(m.propertyName, property);
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION && m.name === 'isOptional') property.optional = true;
    else if (
      m.type === ValidationTypes.CUSTOM_VALIDATION &&
      m.name !== undefined &&
      Object.prototype.hasOwnProperty.call(RULES, m.name)
    )
      property.checks.push(RULES[m.name](m.constraints ?? []));
    else return null;
  }
  const known = [...properties];
  return (body) => {
    for (const key of Object.keys(body)) if (!properties.has(key)) return false;
    for (const [name, property] of known) {
      const value = (body as Record<string, unknown>)[name];
      if (value === undefined || value === null) {
        if (property.optional) continue;
        return false;
      }
      const type = typeof value;
      if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
      for (const check of property.checks) if (!check(value)) return false;
    }
    return true;
  };
}
