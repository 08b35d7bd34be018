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

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes (no user-assigned ones such as XK, no exceptionally
 * or transitionally reserved ones such as UK or EU). Written out rather than taken from a package, so the
 * list changes only by review.
 */
export const COUNTRY_CODES = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ',
  'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ',
  'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ',
  'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ',
  'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET',
  'FI', 'FJ', 'FK', 'FM', 'FO', 'FR',
  'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY',
  'HK', 'HM', 'HN', 'HR', 'HT', 'HU',
  'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT',
  'JE', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ',
  'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY',
  'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ',
  'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ',
  'OM',
  'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY',
  'QA',
  'RE', 'RO', 'RS', 'RU', 'RW',
  'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ',
  'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ',
  'UA', 'UG', 'UM', 'US', 'UY', 'UZ',
  'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU',
  'WF', 'WS',
  'YE', 'YT',
  'ZA', 'ZM', 'ZW',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

const assignedCountries: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** The one spelling of a country code: trimmed and upper-case (" kz" -> "KZ"). Does not validate. */
export const normaliseCountryCode = (code: string): string => code.trim().toUpperCase();

/** Whether a normalised code is an officially assigned ISO 3166-1 alpha-2 code. */
export const isCountryCode = (code: string): code is CountryCode => assignedCountries.has(code);

export * from './regions';
export * from './currency-rates';

/** A BCP 47 language tag in its canonical spelling ('EN' -> 'en', 'pt-br' -> 'pt-BR'), or null if it is not well-formed. */
export function normaliseLanguageTag(tag: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag.trim())) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}
