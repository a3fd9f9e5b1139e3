import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError } from '@accord/platform';

/**
 * DTO validation: unknown fields are refused (a typo must not be silently dropped from a
 * decision's record), and every problem is reported with the field it concerns.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const unknown = fields.filter((f) => f.problems.some((p) => p.includes('should not exist')));
      if (unknown.length > 0)
        return new BadInputError('unknown-field', `Unknown field(s): ${unknown.map((f) => f.field).join(', ')}`, { fields: unknown.map((f) => f.field) });
      return new BadInputError('validation-failed', fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '), { errors: fields });
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
