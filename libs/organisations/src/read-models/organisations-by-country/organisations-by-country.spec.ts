import type { RecordedEvent } from '@sce/event-sourcing';
import { countDeltas, countryMoves } from './organisations-by-country.projection';

const event = (type: string, data: object) => ({ type, data }) as unknown as RecordedEvent;

describe('organisations by country', () => {
  it('counts a registration in and a move out of the old country into the new one', () => {
    const before = new Map([['org-1', 'KZ']]);
    const after = countryMoves(before, [
      event('OrganisationRegistered', { organisationId: 'org-2', country: 'GE' }),
      event('OrganisationProfileUpdated', { organisationId: 'org-1', changes: { country: 'UZ' } }),
      event('OrganisationProfileUpdated', { organisationId: 'org-2', changes: { city: 'Batumi' } }),
    ]);
    expect(Object.fromEntries(countDeltas(before, after))).toEqual({ GE: 1, KZ: -1, UZ: 1 });
  });

  it('counts nothing when an organisation moves and comes back within one batch', () => {
    const before = new Map([['org-1', 'KZ']]);
    const after = countryMoves(before, [
      event('OrganisationProfileUpdated', { organisationId: 'org-1', changes: { country: 'UZ' } }),
      event('OrganisationProfileUpdated', { organisationId: 'org-1', changes: { country: 'KZ' } }),
    ]);
    expect(countDeltas(before, after).size).toBe(0);
  });

  it('stops counting a suspended organisation, and does not count it again when its profile changes', () => {
    const before = new Map([['org-1', 'KZ'], ['org-2', 'KZ']]);
    const after = countryMoves(before, [
      event('OrganisationSuspended', { organisationId: 'org-1', reason: 'spam' }),
      event('OrganisationProfileUpdated', { organisationId: 'org-1', changes: { country: 'UZ' } }),
    ]);
    expect(Object.fromEntries(countDeltas(before, after))).toEqual({ KZ: -1 });
  });
});
