// The kinds of stakeholder that take part in the exchange (a fixed, extensible vocabulary).
export const OrganisationType = {
  MUNICIPALITY: 'MUNICIPALITY',
  REGIONAL_AUTHORITY: 'REGIONAL_AUTHORITY',
  NATIONAL_AUTHORITY: 'NATIONAL_AUTHORITY',
  REGULATOR: 'REGULATOR',
  COMPANY: 'COMPANY',
  ACADEMIA: 'ACADEMIA',
  NGO: 'NGO',
  INTERNATIONAL_ORGANISATION: 'INTERNATIONAL_ORGANISATION',
  CITIZEN_GROUP: 'CITIZEN_GROUP',
} as const;
export type OrganisationType = (typeof OrganisationType)[keyof typeof OrganisationType];
