import type { Command } from '@sce/event-sourcing';
import type { PartnerRole, PartnershipPlan } from './partnership.events';

type Ids = { partnershipId: string };
type Partner = Ids & { organisationId: string };

export type ProposePartnership = Command<'ProposePartnership', Ids & { leadOrganisationId: string } & PartnershipPlan>;
export type InvitePartner = Command<'InvitePartner', Partner & { role: PartnerRole }>;
export type RespondToPartnershipInvitation = Command<'RespondToPartnershipInvitation', Partner & { accept: boolean }>;
export type ActivatePartnership = Command<'ActivatePartnership', Ids>;
export type CompletePartnership = Command<'CompletePartnership', Ids>;
export type DissolvePartnership = Command<'DissolvePartnership', Ids & { reason: string }>;
export type LeavePartnership = Command<'LeavePartnership', Partner>;

export type PartnershipCommand =
  | ProposePartnership
  | InvitePartner
  | RespondToPartnershipInvitation
  | ActivatePartnership
  | CompletePartnership
  | DissolvePartnership
  | LeavePartnership;
