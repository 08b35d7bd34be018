import { PartnershipErrorCode } from './domain/partnership.errors';
import { partnershipUpcasters } from './domain/partnership.events';
import { CreatePartnerships1764320600000 } from './migrations/1764320600000-create-partnerships';
import { CreatePartnershipCodes1764320800000 } from './migrations/1764320800000-create-partnership-codes';
import { PartnershipCountryRow, PartnershipSectorRow } from './read-models/partnership-codes';
import { PartnershipRow, partnershipDirectoryProjection } from './read-models/partnership-directory';
import { PartnershipMemberRow, partnershipMembersProjection } from './read-models/partnership-members';

export * from './domain/partnership.events';
export * from './domain/partnership.commands';
export * from './domain/partnership.errors';
export * from './domain/partnership.decide';
export { PartnershipsModule } from './partnerships.module';

export const partnershipsContext = {
  name: 'partnerships',
  entities: [PartnershipRow, PartnershipCountryRow, PartnershipSectorRow, PartnershipMemberRow],
  migrations: [CreatePartnerships1764320600000, CreatePartnershipCodes1764320800000],
  projections: [partnershipDirectoryProjection, partnershipMembersProjection],
  upcasters: partnershipUpcasters,
  errorCodes: PartnershipErrorCode,
};

// Query functions other contexts read partnerships through (case studies link to one their organisation is in).
export { findPartnership } from './read-models/partnership-directory';
export { membersOfPartnerships } from './read-models/partnership-members';
