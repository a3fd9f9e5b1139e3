import { applyDecorators, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BadInputError } from '@accord/platform';

/** Decimal digits only: Number() would also take `1e20`, `0x10`, ` 1 ` and the empty string (as 0). */
const DIGITS = /^\d{1,16}$/;

export function toInteger(value: unknown): unknown {
  return typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
}

/**
 * A query parameter that is an integer from `min` to `max` (at most 2^53 − 1, so it is exact here
 * and fits PostgreSQL's bigint), written in decimal digits. Anything else stays a string and fails
 * @IsInt: 400 `validation-failed`.
 */
export function IsQueryInteger(min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => toInteger(value)),
    IsInt(),
    Min(min),
    Max(Math.min(max, Number.MAX_SAFE_INTEGER)),
  );
}

/**
 * The same rule for a path parameter (the global ValidationPipe has already turned decimal digits,
 * and only those, into a number).
 */
export class IntegerParam implements PipeTransform<unknown, number> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max = Number.MAX_SAFE_INTEGER,
  ) {}

  transform(value: unknown): number {
    const n = toInteger(value);
    if (typeof n !== 'number' || n < this.min || n > Math.min(this.max, Number.MAX_SAFE_INTEGER))
      throw new BadInputError(
        'validation-failed',
        `${this.name} must be an integer from ${this.min} to ${Math.min(this.max, Number.MAX_SAFE_INTEGER)}`,
      );
    return n;
  }
}
