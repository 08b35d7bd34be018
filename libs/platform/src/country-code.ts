import { isCountryCode, normaliseCountryCode } from '@sce/vocabulary';
import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/**
 * An assigned ISO 3166-1 alpha-2 code in any spelling the domain normalises (" kz", "Kz"): the input layer
 * checks the same list as the deciders and leaves the normalising to them (and to the list filters).
 */
export const IsCountryCode = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCountryCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCountryCode(normaliseCountryCode(value)),
        defaultMessage: buildMessage((each) => `${each}$property must be an assigned ISO 3166-1 alpha-2 country code`, options),
      },
    },
    options,
  );
