import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError } from '@accord/platform';
import { BodyCheck, compileBodyCheck } from './fast-body-check';

/**
 * The ValidationPipe below, with a quick way through for bodies that plainly pass (see
 * compileBodyCheck): class-transformer and class-validator cost more than the rest of a small
 * command's handling in this process. Everything else goes the full way, so every refusal keeps
 * its code and wording. A body that passes becomes an instance of its DTO class holding the same
 * fields, as class-transformer would make it.
 */
class QuickValidationPipe extends ValidationPipe {
  private readonly checks = new Map<unknown, BodyCheck | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.type === 'body' ? (metadata.metatype as (new () => object) | undefined) : undefined;
    if (dto && this.toValidate(metadata)) {
      let check = this.checks.get(dto);
      if (check === undefined) this.checks.set(dto, (check = compileBodyCheck(dto)));
      if (check?.(value)) return Object.assign(new dto(), value);
    }
    return super.transform(value, metadata);
  }
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
      if (unknown.length > 0)
        return new BadInputError('unknown-field', `Unknown field(s): ${unknown.map((f) => f.field).join(', ')}`, {
          fields: unknown.map((f) => f.field),
        });
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
