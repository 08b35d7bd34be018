import type { Type } from '@nestjs/common';
import { Field, ObjectType, type ReturnTypeFuncValue } from '@nestjs/graphql';

export const POSITION_DESCRIPTION = 'Where in the log this outcome is: pass it as `consistency: { atLeast }` to a later query (on any instance) to read at least this';

/** What every mutation answers with: the position token of its outcome (see ARCHITECTURE.md, read-your-writes). */
export interface PositionPayload {
  position: string;
}

/**
 * A mutation's answer, GitHub/Relay style: `<Mutation>Payload { <entity>, position }`, so it can grow
 * without breaking clients. `RegisterOrganisationPayload { organisation: Organisation!, position: String! }`.
 */
export function MutationPayload<Key extends string, Entity>(
  name: string,
  field: Key,
  type: () => ReturnTypeFuncValue,
  options: { description?: string; nullable?: boolean } = {},
): Type<PositionPayload & { [key in Key]: Entity }> {
  class Payload {
    position: string;
  }
  Field(type, { description: options.description, nullable: options.nullable })(Payload.prototype, field);
  Field(() => String, { description: POSITION_DESCRIPTION })(Payload.prototype, 'position');
  Object.defineProperty(Payload, 'name', { value: name });
  ObjectType(name)(Payload);
  return Payload as unknown as Type<PositionPayload & { [key in Key]: Entity }>;
}
