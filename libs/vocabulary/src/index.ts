// Shared vocabularies: codes, not free text, so every context (and every language) means the same thing.

/** Urban sectors (DOMAIN.md); extensible by adding a code. */
export const Sector = {
  HOUSING: 'HOUSING',
  ENERGY: 'ENERGY',
  TRANSPORT: 'TRANSPORT',
  WATER: 'WATER',
  SANITATION: 'SANITATION',
  WASTE: 'WASTE',
  AIR_QUALITY: 'AIR_QUALITY',
  LAND_AND_PROPERTY_REGISTRATION: 'LAND_AND_PROPERTY_REGISTRATION',
  ICT_AND_DIGITAL_SERVICES: 'ICT_AND_DIGITAL_SERVICES',
  GOVERNANCE_AND_FINANCE: 'GOVERNANCE_AND_FINANCE',
  RESILIENCE_AND_DISASTER_RISK: 'RESILIENCE_AND_DISASTER_RISK',
  HEALTH: 'HEALTH',
  PUBLIC_SPACE: 'PUBLIC_SPACE',
  CLIMATE_ADAPTATION: 'CLIMATE_ADAPTATION',
} as const;
export type Sector = (typeof Sector)[keyof typeof Sector];
