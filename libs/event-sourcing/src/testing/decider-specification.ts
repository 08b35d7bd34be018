import { DomainError } from '../errors';
import type { Command, Decider, Event } from '../event';

/**
 * Given/when/then for pure deciders:
 *   spec.given([registered]).when(updateProfile).then([profileUpdated])
 *   spec.given([]).when(updateProfile).thenFailsWith(OrganisationErrorCode.NotFound)
 */
export function deciderSpecification<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(run()).toEqual([]);
            },
            /** The decider refuses with a domain error of this code (and the check, if given, holds for it). */
            thenFailsWith(code: string, check?: (error: DomainError) => void) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              check?.(thrown as DomainError);
            },
          };
        },
      };
    },
  };
}
