import type { Decider } from '@sce/event-sourcing';
import { isCountryCode, normaliseCountryCode } from '@sce/vocabulary';
import type {
  ActivatePartnership,
  CompletePartnership,
  DissolvePartnership,
  InvitePartner,
  LeavePartnership,
  PartnershipCommand,
  ProposePartnership,
  RespondToPartnershipInvitation,
} from './partnership.commands';
import { PartnershipError, PartnershipErrorCode, partnershipNotFound, wrongStatus } from './partnership.errors';
import type { PartnershipEvent } from './partnership.events';
import { evolvePartnership, initialPartnership, membersOf, type Partnership, type PartnershipStatus } from './partnership';

type Existing = Exclude<Partnership, { status: 'NONE' }>;

function inStatus(state: Partnership, partnershipId: string, allowed: PartnershipStatus[], action: string): Existing {
  if (state.status === 'NONE') throw partnershipNotFound(partnershipId);
  if (!allowed.includes(state.status)) throw wrongStatus(partnershipId, state.status, action);
  return state;
}

function propose(command: ProposePartnership, state: Partnership): PartnershipEvent[] {
  const { partnershipId, startsOn, endsOn, sectors, countries, title } = command.data;
  if (state.status !== 'NONE') throw new PartnershipError(PartnershipErrorCode.AlreadyProposed, `Partnership ${partnershipId} exists already`, { partnershipId });
  const invalid = (field: string, reason: string, details: Record<string, unknown> = {}) =>
    new PartnershipError(PartnershipErrorCode.InvalidPlan, `Partnership ${reason}`, { partnershipId, field, ...details });
  if (title.trim() === '') throw invalid('title', 'title must not be blank');
  if (sectors.length === 0) throw invalid('sectors', 'needs at least one sector');
  if (countries.length === 0) throw invalid('countries', 'needs at least one country');
  if (endsOn !== null && endsOn < startsOn) throw invalid('endsOn', 'cannot end before it starts');
  // Normalised here, once: the event holds the one spelling ("kz" -> "KZ") that read models and filters use.
  const codes = [...new Set(countries.map(normaliseCountryCode))];
  const unknown = codes.find((code) => !isCountryCode(code));
  if (unknown !== undefined) throw invalid('countries', `country ${JSON.stringify(unknown)} is not an assigned ISO 3166-1 alpha-2 code`, { country: unknown });
  return [{ type: 'PartnershipProposed', data: { ...command.data, sectors: [...new Set(sectors)], countries: codes } }];
}

function invite(command: InvitePartner, state: Partnership): PartnershipEvent[] {
  const { partnershipId, organisationId } = command.data;
  const partnership = inStatus(state, partnershipId, ['PROPOSED', 'ACTIVE'], 'joined');
  const current = partnership.partners.get(organisationId);
  if (current && (current.status === 'INVITED' || current.status === 'MEMBER')) {
    throw new PartnershipError(PartnershipErrorCode.AlreadyInvited, `Organisation ${organisationId} is already ${current.status === 'MEMBER' ? 'a partner' : 'invited'}`, { partnershipId, organisationId });
  }
  if (command.data.role === 'LEAD') throw new PartnershipError(PartnershipErrorCode.InvalidPlan, 'A partnership has one LEAD, its proposer', { partnershipId });
  return [{ type: 'PartnerInvited', data: { ...command.data } }];
}

function respond(command: RespondToPartnershipInvitation, state: Partnership): PartnershipEvent[] {
  const { partnershipId, organisationId, accept } = command.data;
  const partnership = inStatus(state, partnershipId, ['PROPOSED', 'ACTIVE'], 'joined');
  if (partnership.partners.get(organisationId)?.status !== 'INVITED') {
    throw new PartnershipError(PartnershipErrorCode.NoPendingInvitation, `Organisation ${organisationId} has no pending invitation`, { partnershipId, organisationId });
  }
  return [{ type: accept ? 'PartnerInvitationAccepted' : 'PartnerInvitationDeclined', data: { partnershipId, organisationId } }];
}

function activate(command: ActivatePartnership, state: Partnership): PartnershipEvent[] {
  const partnership = inStatus(state, command.data.partnershipId, ['PROPOSED'], 'activated');
  // Multi-stakeholder by definition: the lead and at least one partner who accepted.
  if (membersOf(partnership.partners).length < 2) {
    throw new PartnershipError(PartnershipErrorCode.TooFewPartners, 'A partnership needs at least one partner who accepted before it starts', { partnershipId: partnership.partnershipId });
  }
  return [{ type: 'PartnershipActivated', data: { partnershipId: partnership.partnershipId } }];
}

function complete(command: CompletePartnership, state: Partnership): PartnershipEvent[] {
  const partnership = inStatus(state, command.data.partnershipId, ['ACTIVE'], 'completed');
  return [{ type: 'PartnershipCompleted', data: { partnershipId: partnership.partnershipId } }];
}

function dissolve(command: DissolvePartnership, state: Partnership): PartnershipEvent[] {
  const partnership = inStatus(state, command.data.partnershipId, ['PROPOSED', 'ACTIVE'], 'dissolved');
  return [{ type: 'PartnershipDissolved', data: { partnershipId: partnership.partnershipId, reason: command.data.reason } }];
}

function leave(command: LeavePartnership, state: Partnership): PartnershipEvent[] {
  const { partnershipId, organisationId } = command.data;
  const partnership = inStatus(state, partnershipId, ['PROPOSED', 'ACTIVE'], 'left');
  if (organisationId === partnership.leadOrganisationId) throw new PartnershipError(PartnershipErrorCode.LeadCannotLeave, 'The lead organisation cannot leave; dissolve the partnership instead', { partnershipId });
  if (partnership.partners.get(organisationId)?.status !== 'MEMBER') {
    throw new PartnershipError(PartnershipErrorCode.NotAPartner, `Organisation ${organisationId} is not a partner`, { partnershipId, organisationId });
  }
  return [{ type: 'PartnerLeft', data: { partnershipId, organisationId } }];
}

export function decidePartnership(command: PartnershipCommand, state: Partnership): PartnershipEvent[] {
  switch (command.type) {
    case 'ProposePartnership':
      return propose(command, state);
    case 'InvitePartner':
      return invite(command, state);
    case 'RespondToPartnershipInvitation':
      return respond(command, state);
    case 'ActivatePartnership':
      return activate(command, state);
    case 'CompletePartnership':
      return complete(command, state);
    case 'DissolvePartnership':
      return dissolve(command, state);
    case 'LeavePartnership':
      return leave(command, state);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

export const partnershipDecider: Decider<Partnership, PartnershipCommand, PartnershipEvent> = {
  initialState: initialPartnership,
  decide: decidePartnership,
  evolve: evolvePartnership,
  schemaVersions: {
    PartnershipProposed: 2,
    PartnerInvited: 1,
    PartnerInvitationAccepted: 1,
    PartnerInvitationDeclined: 1,
    PartnershipActivated: 1,
    PartnershipCompleted: 1,
    PartnershipDissolved: 1,
    PartnerLeft: 1,
  },
};
