// UNECE sub-regions, for search filters and facets. The 56 UNECE member States are grouped as the
// Commission's own reports group them; partner countries of the Middle East and North Africa form MENA;
// every other country is OTHER. A fixed table, changed only by review.

export const UneceRegion = {
  WESTERN_EUROPE: 'WESTERN_EUROPE',
  NORTHERN_EUROPE: 'NORTHERN_EUROPE',
  SOUTHERN_EUROPE: 'SOUTHERN_EUROPE',
  CENTRAL_EUROPE: 'CENTRAL_EUROPE',
  EASTERN_EUROPE: 'EASTERN_EUROPE',
  SOUTH_EASTERN_EUROPE: 'SOUTH_EASTERN_EUROPE',
  CAUCASUS: 'CAUCASUS',
  CENTRAL_ASIA: 'CENTRAL_ASIA',
  NORTH_AMERICA: 'NORTH_AMERICA',
  WESTERN_ASIA: 'WESTERN_ASIA',
  MENA: 'MENA',
  OTHER: 'OTHER',
} as const;
export type UneceRegion = (typeof UneceRegion)[keyof typeof UneceRegion];

const REGION_MEMBERS: Record<Exclude<UneceRegion, 'OTHER'>, readonly string[]> = {
  WESTERN_EUROPE: ['AT', 'BE', 'CH', 'DE', 'FR', 'IE', 'LI', 'LU', 'MC', 'NL', 'GB'],
  NORTHERN_EUROPE: ['DK', 'EE', 'FI', 'IS', 'LT', 'LV', 'NO', 'SE'],
  SOUTHERN_EUROPE: ['AD', 'CY', 'ES', 'GR', 'IT', 'MT', 'PT', 'SM'],
  CENTRAL_EUROPE: ['CZ', 'HU', 'PL', 'SK', 'SI'],
  EASTERN_EUROPE: ['BY', 'MD', 'RU', 'UA'],
  SOUTH_EASTERN_EUROPE: ['AL', 'BA', 'BG', 'HR', 'ME', 'MK', 'RO', 'RS', 'TR'],
  CAUCASUS: ['AM', 'AZ', 'GE'],
  CENTRAL_ASIA: ['KZ', 'KG', 'TJ', 'TM', 'UZ'],
  NORTH_AMERICA: ['CA', 'US'],
  WESTERN_ASIA: ['IL'],
  MENA: ['DZ', 'BH', 'EG', 'IQ', 'JO', 'KW', 'LB', 'LY', 'MA', 'OM', 'PS', 'QA', 'SA', 'SY', 'TN', 'AE', 'YE'],
};

const regionByCountry: ReadonlyMap<string, UneceRegion> = new Map(
  Object.entries(REGION_MEMBERS).flatMap(([region, countries]) => countries.map((country) => [country, region as UneceRegion])),
);

/** The region of a normalised ISO 3166-1 alpha-2 code; OTHER outside the table. */
export const regionOf = (country: string): UneceRegion => regionByCountry.get(country) ?? UneceRegion.OTHER;

/** The countries of a region (empty for OTHER, which is "everything else"). */
export const countriesOf = (region: UneceRegion): readonly string[] => (region === 'OTHER' ? [] : REGION_MEMBERS[region]);
