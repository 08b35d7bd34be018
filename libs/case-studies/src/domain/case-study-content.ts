import { isCountryCode, normaliseCountryCode, normaliseLanguageTag, Sector } from '@sce/vocabulary';

/** Population bands of the city a case study comes from (transferability: "cases from cities like mine"). */
export const CitySize = {
  SMALL: 'SMALL', // under 100,000 inhabitants
  MEDIUM: 'MEDIUM', // 100,000 to 500,000
  LARGE: 'LARGE', // 500,000 to 1 million
  METROPOLITAN: 'METROPOLITAN', // 1 to 5 million
  MEGACITY: 'MEGACITY', // over 5 million
} as const;
export type CitySize = (typeof CitySize)[keyof typeof CitySize];

/** The World Bank's income groups, for the country or region at the time of the case study. */
export const IncomeLevel = { LOW: 'LOW', LOWER_MIDDLE: 'LOWER_MIDDLE', UPPER_MIDDLE: 'UPPER_MIDDLE', HIGH: 'HIGH' } as const;
export type IncomeLevel = (typeof IncomeLevel)[keyof typeof IncomeLevel];

/** UN-Habitat's reporting format: what was there before, what was aimed at, how, with what, with what result, and whether it lasts. */
export interface Narrative {
  situationBefore: string | null;
  objectives: string | null;
  process: string | null;
  resources: string | null;
  results: string | null;
  sustainability: string | null;
}
export const NARRATIVE_PARTS = ['situationBefore', 'objectives', 'process', 'resources', 'results', 'sustainability'] as const satisfies readonly (keyof Narrative)[];

/** A coded value of a building block, usable as a facet: `{ facet: "instrument", value: "green-bond" }`. */
export interface BuildingBlockFacet {
  facet: string;
  value: string;
}

/** A reusable part of a solution (PANORAMA, weADAPT): what made it work, what stood in the way, what was learnt. */
export interface BuildingBlock {
  title: string;
  description: string | null;
  enablingFactors: string[];
  barriers: string[];
  lessons: string[];
  facets: BuildingBlockFacet[];
}

/** A measured indicator: a U4SSC KPI code or a free name (exactly one), with its unit, baseline and achieved value. */
export interface Indicator {
  kpiCode: string | null;
  name: string | null;
  unit: string | null;
  baseline: number | null;
  achieved: number | null;
  year: number | null;
}

export interface Outcome {
  description: string;
  indicator: Indicator | null;
}

export interface Cost {
  /** In the currency's minor units (cents), an integer. */
  amount: number;
  /** ISO 4217. */
  currency: string;
}

export interface Transferability {
  citySize: CitySize | null;
  incomeLevel: IncomeLevel | null;
  preconditions: string[];
}

/** Everything a case study says: the text that is drafted, revised, reviewed and published. */
export interface CaseStudyContent {
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  city: string;
  /** ISO 3166-1 alpha-2, normalised. */
  country: string;
  coordinates: { latitude: number; longitude: number } | null;
  sectors: Sector[];
  /** SDG goal, target or indicator codes: '11', '11.1', '11.a', '11.6.2'. */
  sdgTargets: string[];
  period: { fromYear: number; toYear: number | null };
  /** Other organisations involved, besides the one the case study belongs to. */
  organisationIds: string[];
  narrative: Narrative;
  buildingBlocks: BuildingBlock[];
  outcomes: Outcome[];
  cost: Cost | null;
  fundingSources: string[];
  lessonsLearned: string[];
  transferability: Transferability;
  /** BCP 47, canonical spelling ('en', 'fr', 'pt-BR'). */
  language: string;
}
export type CaseStudyField = keyof CaseStudyContent;

export const CONTENT_FIELDS: readonly CaseStudyField[] = [
  'title',
  'summary',
  'body',
  'city',
  'country',
  'coordinates',
  'sectors',
  'sdgTargets',
  'period',
  'organisationIds',
  'narrative',
  'buildingBlocks',
  'outcomes',
  'cost',
  'fundingSources',
  'lessonsLearned',
  'transferability',
  'language',
];

// Goal 1-17; a target is a number or a letter (11.1, 11.a); an indicator adds a number (11.6.2).
const SDG_CODE = /^(1[0-7]|[1-9])(\.([1-9]\d?|[a-c])(\.[1-9]\d?)?)?$/;

/** An SDG goal, target or indicator code in its one spelling (trimmed, letters lower-case), or null if it is not one. */
export function normaliseSdgCode(code: string): string | null {
  const normalised = code.trim().toLowerCase();
  return SDG_CODE.test(normalised) ? normalised : null;
}

// The U4SSC code scheme "DIM: SUBDIM: CATEGORY: nC|nA": dimension EC (economy), EN (environment) or SC (society
// and culture), sub-dimension and category abbreviations in capitals, then a number and C (core) or A (advanced).
const KPI_CODE = /^(EC|EN|SC): [A-Z]{1,4}: [A-Z]{1,4}: [1-9]\d?[CA]$/;

/** A U4SSC KPI code in its published spelling ("ec:ict:ict:1c" -> "EC: ICT: ICT: 1C"), or null if it does not follow the scheme. */
export function normaliseKpiCode(code: string): string | null {
  const normalised = code.trim().toUpperCase().replace(/\s*:\s*/g, ': ');
  return KPI_CODE.test(normalised) ? normalised : null;
}

// One spelling of language tags for every context: the shared vocabulary's.
export { normaliseLanguageTag };

// The ISO 4217 codes the runtime's ICU data knows (about 160 in use): a real list, kept current by Node.
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isCurrencyCode = (code: string): boolean => CURRENCIES.has(code);

// Building an Intl.NumberFormat costs tens of microseconds; the search feed asks for every case study it indexes.
const minorUnitDigitsByCurrency = new Map<string, number>();

/** How many minor units a currency has (2 for EUR, 0 for JPY), from ICU. */
export function minorUnitDigits(currency: string): number {
  let digits = minorUnitDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    // Only codes ICU accepted (it throws on others) are kept, so the map stays as small as the currency list.
    minorUnitDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** What is wrong with a content, by field path: the first violation, or null. */
export interface ContentViolation {
  field: string;
  reason: string;
}

const blank = (text: string | null | undefined) => text !== null && text !== undefined && text.trim() === '';
const SECTORS: ReadonlySet<string> = new Set(Object.values(Sector));
const FACET = /^[a-z][a-z0-9_-]{0,39}$/;
const FACET_VALUE = /^[a-z0-9][a-z0-9_-]{0,59}$/;

/**
 * Checks the invariants of a content and returns it in its one spelling (codes normalised, lists without
 * duplicates). The GraphQL layer enforces lengths and list sizes; the domain keeps what must hold whatever the
 * caller (an import, the CLI), so events hold only valid, normalised codes.
 */
export function normaliseContent(content: CaseStudyContent): CaseStudyContent | ContentViolation {
  const fail = (field: string, reason: string): ContentViolation => ({ field, reason });
  for (const field of ['title', 'summary', 'body', 'city'] as const) if (content[field].trim() === '') return fail(field, 'must not be blank');
  const country = normaliseCountryCode(content.country);
  if (!isCountryCode(country)) return fail('country', 'must be an assigned ISO 3166-1 alpha-2 code');
  if (content.sectors.length === 0) return fail('sectors', 'needs at least one sector');
  const unknownSector = content.sectors.find((sector) => !SECTORS.has(sector));
  if (unknownSector !== undefined) return fail('sectors', `has an unknown sector ${JSON.stringify(unknownSector)}`);
  const sdgTargets: string[] = [];
  for (const [index, code] of content.sdgTargets.entries()) {
    const normalised = normaliseSdgCode(code);
    if (normalised === null) return fail(`sdgTargets[${index}]`, `${JSON.stringify(code)} is not an SDG goal, target or indicator code (goal 1-17, e.g. 11, 11.1, 11.a, 11.6.2)`);
    sdgTargets.push(normalised);
  }
  if (content.coordinates) {
    const { latitude, longitude } = content.coordinates;
    if (!(latitude >= -90 && latitude <= 90)) return fail('coordinates.latitude', 'must be between -90 and 90');
    if (!(longitude >= -180 && longitude <= 180)) return fail('coordinates.longitude', 'must be between -180 and 180');
  }
  const { fromYear, toYear } = content.period;
  if (!Number.isInteger(fromYear) || fromYear < 1900 || fromYear > 2100) return fail('period.fromYear', 'must be a year between 1900 and 2100');
  if (toYear !== null && (!Number.isInteger(toYear) || toYear < fromYear || toYear > 2100)) return fail('period.toYear', 'must be a year from fromYear to 2100');
  for (const part of NARRATIVE_PARTS) if (blank(content.narrative[part])) return fail(`narrative.${part}`, 'must not be blank (leave it out instead)');
  for (const [index, block] of content.buildingBlocks.entries()) {
    if (block.title.trim() === '') return fail(`buildingBlocks[${index}].title`, 'must not be blank');
    const facet = block.facets.findIndex((coded) => !FACET.test(coded.facet) || !FACET_VALUE.test(coded.value));
    if (facet >= 0) return fail(`buildingBlocks[${index}].facets[${facet}]`, 'facet and value must be lower-case codes (a-z, 0-9, - and _)');
  }
  const outcomes: Outcome[] = [];
  for (const [index, outcome] of content.outcomes.entries()) {
    if (outcome.description.trim() === '') return fail(`outcomes[${index}].description`, 'must not be blank');
    const indicator = outcome.indicator;
    if (!indicator) {
      outcomes.push(outcome);
      continue;
    }
    const at = `outcomes[${index}].indicator`;
    if ((indicator.kpiCode === null) === (indicator.name === null || blank(indicator.name))) return fail(at, 'needs exactly one of kpiCode (a U4SSC KPI code) or name');
    const kpiCode = indicator.kpiCode === null ? null : normaliseKpiCode(indicator.kpiCode);
    if (indicator.kpiCode !== null && kpiCode === null) return fail(`${at}.kpiCode`, `${JSON.stringify(indicator.kpiCode)} is not a U4SSC KPI code (DIM: SUBDIM: CATEGORY: nC or nA, e.g. "EN: EN: AQ: 1C")`);
    if (indicator.year !== null && (!Number.isInteger(indicator.year) || indicator.year < 1900 || indicator.year > 2100)) return fail(`${at}.year`, 'must be a year between 1900 and 2100');
    outcomes.push({ ...outcome, indicator: { ...indicator, kpiCode } });
  }
  let cost = content.cost;
  if (cost) {
    const currency = cost.currency.trim().toUpperCase();
    if (!isCurrencyCode(currency)) return fail('cost.currency', `${JSON.stringify(cost.currency)} is not an ISO 4217 currency code`);
    if (!Number.isSafeInteger(cost.amount) || cost.amount < 0) return fail('cost.amount', 'must be a whole, non-negative number of minor units (cents)');
    cost = { amount: cost.amount, currency };
  }
  const language = normaliseLanguageTag(content.language);
  if (language === null) return fail('language', `${JSON.stringify(content.language)} is not a BCP 47 language tag (e.g. en, fr, ru, pt-BR)`);
  return {
    ...content,
    country,
    sectors: [...new Set(content.sectors)],
    sdgTargets: [...new Set(sdgTargets)],
    organisationIds: [...new Set(content.organisationIds)],
    outcomes,
    cost,
    language,
  };
}

export const isViolation = (value: CaseStudyContent | ContentViolation): value is ContentViolation => 'reason' in value && 'field' in value && !('title' in value);

/** Whether two field values are the same (content is plain JSON). */
export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
