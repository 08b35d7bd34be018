import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import type { RegisterOrganisation, UpdateOrganisationProfile } from './organisation.commands';
import { organisationDecider } from './organisation.decide';
import { InvalidOrganisationProfileError, OrganisationAlreadyRegisteredError, OrganisationNotFoundError } from './organisation.errors';
import type { OrganisationProfileUpdated, OrganisationRegistered } from './organisation.events';

const spec = deciderSpecification(organisationDecider);
const metadata = { now: new Date('2026-11-28T09:00:00Z'), actorId: 'user-1', correlationId: 'c-1' };
const organisationId = '0193a0b0-0000-7000-8000-000000000001';
const profile = { name: 'City of Almaty', type: 'MUNICIPALITY', country: 'KZ', city: 'Almaty', website: null, description: null } as const;

const register: RegisterOrganisation = { type: 'RegisterOrganisation', data: { organisationId, ...profile }, metadata };
const registered: OrganisationRegistered = { type: 'OrganisationRegistered', data: { organisationId, ...profile } };
const update = (changes: UpdateOrganisationProfile['data']['changes']): UpdateOrganisationProfile => ({
  type: 'UpdateOrganisationProfile',
  data: { organisationId, changes },
  metadata,
});
const updated = (changes: OrganisationProfileUpdated['data']['changes']): OrganisationProfileUpdated => ({
  type: 'OrganisationProfileUpdated',
  data: { organisationId, changes },
});

describe('Organisation', () => {
  describe('when not yet registered', () => {
    it('registers it with its profile', () => spec.given([]).when(register).then([registered]));

    it('refuses a blank name', () =>
      spec.given([]).when({ ...register, data: { ...register.data, name: '   ' } }).thenThrows(InvalidOrganisationProfileError));

    it('refuses a country that is not an ISO code', () =>
      spec.given([]).when({ ...register, data: { ...register.data, country: 'Kazakhstan' } }).thenThrows(InvalidOrganisationProfileError));

    it('cannot update a profile that does not exist', () => spec.given([]).when(update({ city: 'Astana' })).thenThrows(OrganisationNotFoundError));
  });

  describe('when registered', () => {
    it('cannot be registered twice', () => spec.given([registered]).when(register).thenThrows(OrganisationAlreadyRegisteredError));

    it('records only the fields that really change', () =>
      spec.given([registered]).when(update({ name: 'City of Almaty', city: 'Astana', website: 'https://astana.kz' })).then([updated({ city: 'Astana', website: 'https://astana.kz' })]));

    it('records nothing when nothing changes', () => spec.given([registered]).when(update({ name: 'City of Almaty' })).thenNothingHappens());

    it('folds earlier updates before comparing', () =>
      spec.given([registered, updated({ city: 'Astana' })]).when(update({ city: 'Astana' })).thenNothingHappens());
  });
});
