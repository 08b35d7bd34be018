import { ContextError } from '@sce/event-sourcing';

export const PartnershipErrorCode = {
  NotFound: 'PARTNERSHIP_NOT_FOUND',
  AlreadyProposed: 'PARTNERSHIP_ALREADY_PROPOSED',
  InvalidPlan: 'PARTNERSHIP_PLAN_INVALID',
  WrongStatus: 'PARTNERSHIP_WRONG_STATUS',
  AlreadyInvited: 'PARTNER_ALREADY_INVITED',
  NoPendingInvitation: 'PARTNER_INVITATION_NOT_PENDING',
  NotAPartner: 'PARTNER_NOT_A_MEMBER',
  LeadCannotLeave: 'PARTNERSHIP_LEAD_CANNOT_LEAVE',
  TooFewPartners: 'PARTNERSHIP_TOO_FEW_PARTNERS',
  UnknownOrganisation: 'PARTNER_ORGANISATION_UNKNOWN',
} as const;
export type PartnershipErrorCode = (typeof PartnershipErrorCode)[keyof typeof PartnershipErrorCode];

export class PartnershipError extends ContextError<PartnershipErrorCode> {}

export const partnershipNotFound = (partnershipId: string) => new PartnershipError(PartnershipErrorCode.NotFound, `Partnership ${partnershipId} does not exist`, { partnershipId });
export const wrongStatus = (partnershipId: string, status: string, action: string) =>
  new PartnershipError(PartnershipErrorCode.WrongStatus, `A ${status} partnership cannot be ${action}`, { partnershipId, status });
