import { UpcasterChain, type RecordedEvent } from '@sce/event-sourcing';
import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import type { PartnershipCommand } from './partnership.commands';
import { partnershipDecider } from './partnership.decide';
import { PartnershipErrorCode } from './partnership.errors';
import { partnershipUpcasters, type PartnershipEvent } from './partnership.events';

const spec = deciderSpecification(partnershipDecider);
const metadata = { now: new Date('2026-11-28T09:00:00Z'), actorId: 'user-1', correlationId: 'c-1' };
const partnershipId = 'p-1';
const plan = { title: 'Clean buses for Almaty', objectives: 'Electrify 100 buses', sectors: ['TRANSPORT', 'AIR_QUALITY'], countries: ['KZ'], startsOn: '2026-01-01', endsOn: '2027-12-31' } as const;

const command = <T extends PartnershipCommand['type']>(type: T, data: Omit<Extract<PartnershipCommand, { type: T }>['data'], 'partnershipId'>) =>
  ({ type, data: { partnershipId, ...data }, metadata }) as unknown as Extract<PartnershipCommand, { type: T }>;
const event = <T extends PartnershipEvent['type']>(type: T, data: Omit<Extract<PartnershipEvent, { type: T }>['data'], 'partnershipId'>) =>
  ({ type, data: { partnershipId, ...data } }) as unknown as Extract<PartnershipEvent, { type: T }>;

const proposed = event('PartnershipProposed', { leadOrganisationId: 'city', ...plan, sectors: [...plan.sectors], countries: [...plan.countries] });
const invited = event('PartnerInvited', { organisationId: 'bank', role: 'FUNDER' });
const accepted = event('PartnerInvitationAccepted', { organisationId: 'bank' });
const activated = event('PartnershipActivated', {});

describe('Partnership', () => {
  describe('when not proposed', () => {
    it('is proposed by its lead organisation', () =>
      spec.given([]).when(command('ProposePartnership', { leadOrganisationId: 'city', ...plan, sectors: [...plan.sectors], countries: [...plan.countries] })).then([proposed]));

    it.each([
      ['no sector', { sectors: [] }, 'sectors'],
      ['no country', { countries: [] }, 'countries'],
      ['an unassigned country code', { countries: ['KZ', 'xx'] }, 'countries'],
      ['a country name instead of its code', { countries: ['Kazakhstan'] }, 'countries'],
      ['a reserved, not assigned, code', { countries: ['UK'] }, 'countries'],
      ['a blank country code', { countries: ['  '] }, 'countries'],
      ['an end before its start', { endsOn: '2025-01-01' }, 'endsOn'],
      ['a blank title', { title: '  ' }, 'title'],
    ])('refuses a plan with %s, naming the field', (_, change, field) =>
      spec
        .given([])
        .when(command('ProposePartnership', { leadOrganisationId: 'city', ...plan, sectors: [...plan.sectors], countries: [...plan.countries], ...change }))
        .thenFailsWith(PartnershipErrorCode.InvalidPlan, (error) => expect(error.details).toMatchObject({ partnershipId, field })));

    it('stores country codes trimmed and upper-case, each once, in the order given', () =>
      spec
        .given([])
        .when(command('ProposePartnership', { leadOrganisationId: 'city', ...plan, sectors: [...plan.sectors], countries: ['kz', ' Kz ', 'ge', 'KZ'] }))
        .then([{ ...proposed, data: { ...proposed.data, countries: ['KZ', 'GE'] } }]));

    it('cannot invite anyone', () => spec.given([]).when(command('InvitePartner', { organisationId: 'bank', role: 'FUNDER' })).thenFailsWith(PartnershipErrorCode.NotFound));
  });

  describe('when proposed', () => {
    it('invites a partner in a role', () => spec.given([proposed]).when(command('InvitePartner', { organisationId: 'bank', role: 'FUNDER' })).then([invited]));

    it('refuses a second LEAD and a second invitation', () => {
      spec.given([proposed]).when(command('InvitePartner', { organisationId: 'uni', role: 'LEAD' })).thenFailsWith(PartnershipErrorCode.InvalidPlan);
      spec.given([proposed, invited]).when(command('InvitePartner', { organisationId: 'bank', role: 'PARTNER' })).thenFailsWith(PartnershipErrorCode.AlreadyInvited);
    });

    it('takes an acceptance once: accepting twice is refused', () => {
      spec.given([proposed, invited]).when(command('RespondToPartnershipInvitation', { organisationId: 'bank', accept: true })).then([accepted]);
      spec.given([proposed, invited, accepted]).when(command('RespondToPartnershipInvitation', { organisationId: 'bank', accept: true })).thenFailsWith(PartnershipErrorCode.NoPendingInvitation);
    });

    it('records a declined invitation, after which the organisation may be invited again', () => {
      const declined = event('PartnerInvitationDeclined', { organisationId: 'bank' });
      spec.given([proposed, invited]).when(command('RespondToPartnershipInvitation', { organisationId: 'bank', accept: false })).then([declined]);
      spec.given([proposed, invited, declined]).when(command('InvitePartner', { organisationId: 'bank', role: 'PARTNER' })).then([event('PartnerInvited', { organisationId: 'bank', role: 'PARTNER' })]);
    });

    it('refuses a response from an organisation that was not invited', () =>
      spec.given([proposed]).when(command('RespondToPartnershipInvitation', { organisationId: 'stranger', accept: true })).thenFailsWith(PartnershipErrorCode.NoPendingInvitation));

    it('starts only with a partner who accepted', () => {
      spec.given([proposed, invited]).when(command('ActivatePartnership', {})).thenFailsWith(PartnershipErrorCode.TooFewPartners);
      spec.given([proposed, invited, accepted]).when(command('ActivatePartnership', {})).then([activated]);
    });

    it('cannot be completed before it starts, but can be dissolved', () => {
      spec.given([proposed]).when(command('CompletePartnership', {})).thenFailsWith(PartnershipErrorCode.WrongStatus);
      spec.given([proposed]).when(command('DissolvePartnership', { reason: 'no funding' })).then([event('PartnershipDissolved', { reason: 'no funding' })]);
    });
  });

  describe('when active', () => {
    const active = [proposed, invited, accepted, activated];

    it('lets a partner leave, but not the lead, nor an organisation that is not a partner', () => {
      spec.given(active).when(command('LeavePartnership', { organisationId: 'bank' })).then([event('PartnerLeft', { organisationId: 'bank' })]);
      spec.given(active).when(command('LeavePartnership', { organisationId: 'city' })).thenFailsWith(PartnershipErrorCode.LeadCannotLeave);
      spec.given(active).when(command('LeavePartnership', { organisationId: 'stranger' })).thenFailsWith(PartnershipErrorCode.NotAPartner);
    });

    it('is completed, and cannot be activated again', () => {
      spec.given(active).when(command('CompletePartnership', {})).then([event('PartnershipCompleted', {})]);
      spec.given(active).when(command('ActivatePartnership', {})).thenFailsWith(PartnershipErrorCode.WrongStatus);
    });
  });

  describe('when completed or dissolved', () => {
    it.each([
      ['completed', event('PartnershipCompleted', {})],
      ['dissolved', event('PartnershipDissolved', { reason: 'merged' })],
    ])('when %s refuses invitations, departures and a second ending', (_, ended) => {
      const history = [proposed, invited, accepted, activated, ended];
      spec.given(history).when(command('InvitePartner', { organisationId: 'uni', role: 'KNOWLEDGE_PARTNER' })).thenFailsWith(PartnershipErrorCode.WrongStatus);
      spec.given(history).when(command('LeavePartnership', { organisationId: 'bank' })).thenFailsWith(PartnershipErrorCode.WrongStatus);
      spec.given(history).when(command('DissolvePartnership', { reason: 'again' })).thenFailsWith(PartnershipErrorCode.WrongStatus);
    });
  });

  describe('PartnershipProposed written by version 1, with codes as given', () => {
    const chain = new UpcasterChain(partnershipUpcasters);
    const v1 = { type: 'PartnershipProposed', schemaVersion: 1, data: { ...proposed.data, countries: ['kz', ' KZ', 'ge ', 'xx'] } } as unknown as RecordedEvent;

    it('reads as version 2, with the codes normalised and each once (unassigned ones kept, not dropped)', () =>
      expect(chain.upcast(v1)).toMatchObject({ schemaVersion: 2, data: { ...proposed.data, countries: ['KZ', 'GE', 'XX'] } }));

    it('leaves a version 2 event as it is', () => {
      const v2 = { ...v1, schemaVersion: 2 } as RecordedEvent;
      expect(chain.upcast(v2)).toBe(v2);
    });
  });
});
