import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError, type FieldViolation } from '@sce/platform';

function violationsOf(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...violationsOf(error.children ?? [], field)];
  });
}

/** class-validator on every input and args class; failures become InvalidInputError (BAD_USER_INPUT). */
export const inputValidationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  // GraphQL already refuses unknown fields; and an @Args() class sees its siblings' arguments too.
  forbidNonWhitelisted: false,
  exceptionFactory: (errors) => new InvalidInputError(violationsOf(errors)),
});
