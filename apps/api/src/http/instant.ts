import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate, isInstant } from '@accord/platform';

/**
 * An instant with its offset (DESIGN §8): `2026-04-01T09:00:00Z` or `…+01:00`. A time without
 * one (`2026-04-01T09:00:00`) or a bare date is refused rather than guessed to be UTC.
 */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => isInstant(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an ISO-8601 instant with an offset (Z or ±hh:mm), e.g. 2026-04-01T09:00:00Z`,
          options,
        ),
      },
    },
    options,
  );

/** A calendar day (`2026-04-01`): target and due dates, which are days, not instants. */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a date, e.g. 2026-04-01`, options),
      },
    },
    options,
  );
