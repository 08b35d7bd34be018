import type { Command, Decider, Event } from '../event';

/**
 * Given/when/then for pure deciders:
 *   spec.given([registered]).when(updateProfile).then([profileUpdated])
 *   spec.given([]).when(updateProfile).thenThrows(OrganisationNotFoundError)
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
            thenThrows<Err extends Error>(errorType: new (...args: never[]) => Err, check?: (error: Err) => void) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              check?.(thrown as Err);
            },
          };
        },
      };
    },
  };
}
