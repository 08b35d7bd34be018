import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { invalidInput, controlCharacterViolations, type FieldViolation } from '@sce/platform';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

function violationsOf(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...violationsOf(error.children ?? [], field)];
  });
}

/**
 * class-validator on every input and args class, then no control characters in any string (tab and line
 * breaks only in fields marked @LongText); failures become invalidInput (BAD_USER_INPUT) naming fields.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const validated = await super.transform(value, metadata);
    if (metadata.type === 'custom') return validated;
    const violations = controlCharacterViolations(validated, metadata.data ?? '');
    if (violations.length > 0) throw invalidInput(violations);
    return validated;
  }
}

cacheValidationMetadataLookups();

export const inputValidationPipe = new InputValidationPipe({
  transform: true,
  whitelist: true,
  // GraphQL already refuses unknown fields; and an @Args() class sees its siblings' arguments too.
  forbidNonWhitelisted: false,
  exceptionFactory: (errors) => invalidInput(violationsOf(errors)),
});
