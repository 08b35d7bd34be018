// A deterministic corpus of case studies in English, French and Russian for bench:search. Prose is drawn from
// word lists written here: common words of the field (with their inflected forms) and, for the long tail that
// real text has, made-up words built from each language's syllables and inflected by its rules (English
// plurals, French plurals and -é adjectives, Russian case endings of four declensions). Words follow a Zipf
// distribution, so most are frequent and many are rare, as in real prose. Document i is a pure function of
// (seed, i): the bench regenerates any document instead of keeping 100,000 in memory.
import { Sector, regionOf, toEur } from '@sce/vocabulary';
import type { CaseStudySearchDocument } from '@sce/search';

export type Language = 'en' | 'fr' | 'ru';
export const LANGUAGES: Language[] = ['en', 'fr', 'ru'];

/** A word with all its forms; `forms[0]` is the lemma. Forms differ by inflection only. */
export interface Lemma {
  id: number;
  language: Language;
  forms: string[];
}

/** Mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

// ------------------------------------------------------------------------------------------------ English
const enPlural = (noun: string) =>
  /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
const EN_NOUNS = (
  'city school district street building park network resident council project household neighbourhood bicycle bus tram ' +
  'library garden roof municipality partnership programme sensor pipe flood tree square market hospital station ' +
  'budget tenant landlord heating boiler window facade insulation charger battery river bridge pavement lighting ' +
  'playground volunteer cooperative investment subsidy tariff emission pollutant catchment drainage reservoir'
).split(' ');
const EN_VERBS = 'renovate install reduce improve connect train monitor fund expand replace retrofit measure share'.split(' ');
const enVerbForms = (verb: string) => {
  const stem = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  return [verb, `${stem}ed`, `${stem}ing`, `${verb}s`];
};
const EN_ADJECTIVES = 'public green local affordable digital social urban efficient resilient sustainable municipal energetic'.split(' ');
const EN_FUNCTION = 'the a of and in for with to by across through was were its their this that'.split(' ');
const EN_SYLLABLES = 'bar ton vel mor ling ston gar dell wick tham brook ley mer ford shaw cott ridge holm bur den win ster lan kin'.split(' ');

// ------------------------------------------------------------------------------------------------- French
const frPlural = (noun: string) => (noun.endsWith('al') ? `${noun.slice(0, -2)}aux` : /(eau|au)$/.test(noun) ? `${noun}x` : /[sxz]$/.test(noun) ? noun : `${noun}s`);
const FR_NOUNS = (
  'ville école quartier rue bâtiment parc réseau habitant conseil projet ménage vélo bibliothèque jardin toit ' +
  'municipalité capteur hôpital gare arbre marché façade fenêtre chaudière locataire rénovation énergie électricité ' +
  'commune département région piéton trottoir éclairage coopérative investissement subvention émission rivière pont'
).split(' ');
const FR_ADJECTIVES = 'rénové isolé équipé aménagé végétalisé partagé connecté financé'.split(' ');
const frAdjectiveForms = (adjective: string) => [adjective, `${adjective}e`, `${adjective}s`, `${adjective}es`];
const FR_PLAIN_ADJECTIVES = 'public vert local social numérique durable urbain efficace'.split(' ');
const FR_FUNCTION = 'le la les des du de et dans pour avec en par une un sur au aux'.split(' ');
const FR_SYLLABLES = 'ré mon ta gé lu ver çon bel tè nou pa ri sé mar bou chè lin dor fé can vau mé rol gai'.split(' ');

// ------------------------------------------------------------------------------------------------ Russian
// Endings by declension: masculine hard (город), feminine -а (школа), neuter -ие (здание), feminine -ь (сеть).
const RU_ENDINGS = {
  masculine: ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'],
  feminine: ['а', 'ы', 'е', 'у', 'ой', 'ам', 'ами', 'ах'],
  neuter: ['ие', 'ия', 'ию', 'ием', 'ии', 'иям', 'иями', 'иях'],
  soft: ['ь', 'и', 'ью', 'ей', 'ям', 'ями', 'ях'],
  ia: ['я', 'и', 'ю', 'ей', 'ям', 'ями', 'ях'],
} as const;
type RuDeclension = keyof typeof RU_ENDINGS;
const RU_NOUNS: [string, RuDeclension][] = [
  ['город', 'masculine'], ['район', 'masculine'], ['проект', 'masculine'], ['велосипед', 'masculine'], ['муниципалитет', 'masculine'],
  ['датчик', 'masculine'], ['вокзал', 'masculine'], ['парк', 'masculine'], ['бюджет', 'masculine'], ['учёт', 'masculine'],
  ['расчёт', 'masculine'], ['объём', 'masculine'], ['транспорт', 'masculine'], ['водопровод', 'masculine'],
  ['школ', 'feminine'], ['улиц', 'feminine'], ['библиотек', 'feminine'], ['крыш', 'feminine'], ['больниц', 'feminine'],
  ['программ', 'feminine'], ['остановк', 'feminine'],
  ['здан', 'neuter'], ['объявлен', 'neuter'], ['освещен', 'neuter'], ['отоплен', 'neuter'], ['предприят', 'neuter'], ['учрежден', 'neuter'],
  ['сет', 'soft'], ['площад', 'soft'], ['модернизаци', 'ia'], ['реконструкци', 'ia'],
];
// Spelling rule: и, not ы, after к г х ж ш щ ч (школы, but остановки).
const ruForms = (stem: string, declension: RuDeclension) => RU_ENDINGS[declension].map((ending) => `${stem}${ending}`.replace(/([кгхжшщч])ы$/, '$1и'));
const RU_ADJECTIVES = 'зелён общественн местн социальн городск энергоэффективн доступн цифров'.split(' ');
const ruAdjectiveForms = (stem: string) => ['ый', 'ая', 'ое', 'ого', 'ой', 'ые', 'ых', 'ым'].map((ending) => `${stem}${ending}`);
const RU_VERBS = 'отремонтировал установил сократил улучшил финансировал модернизировал подключил'.split(' ');
const ruVerbForms = (verb: string) => [verb, `${verb}а`, `${verb}и`];
const RU_FUNCTION = 'и в на для с по из к о от при'.split(' ');
const RU_SYLLABLES = 'ка ло мер тён вар зи нов брё пал дир лю сов гор тав рен мал кос вел дор пыл зём кур подъ тьм'.split(' ');
const RU_STEM_ENDINGS = ['к', 'н', 'т', 'р', 'л', 'в', 'д', 'м'];

const CITIES: Record<Language, [string, string][]> = {
  en: [['Manchester', 'GB'], ['Leeds', 'GB'], ['Bristol', 'GB'], ['Toronto', 'CA'], ['Denver', 'US'], ['Cork', 'IE'], ['Vancouver', 'CA'], ['Portland', 'US']],
  fr: [['Lyon', 'FR'], ['Marseille', 'FR'], ['Genève', 'CH'], ['Liège', 'BE'], ['Montréal', 'CA'], ['Nantes', 'FR'], ['Namur', 'BE'], ['Lausanne', 'CH']],
  ru: [['Москва', 'RU'], ['Казань', 'RU'], ['Екатеринбург', 'RU'], ['Новосибирск', 'RU'], ['Пермь', 'RU'], ['Алматы', 'KZ'], ['Бишкек', 'KG'], ['Минск', 'BY']],
};
const CURRENCIES: Record<Language, string[]> = { en: ['GBP', 'USD', 'EUR', 'CAD'], fr: ['EUR', 'CHF', 'CAD'], ru: ['RUB', 'KZT', 'EUR', 'USD'] };
const SECTORS = Object.values(Sector);
const SDG_TARGETS = ['11.1', '11.2', '11.3', '11.6', '11.6.2', '11.7', '7.2', '7.3', '6.1', '6.3', '13.1', '9.1', '3.9'];
const ORGANISATION_TYPES = ['MUNICIPALITY', 'NGO', 'COMPANY', 'UNIVERSITY', 'NATIONAL_GOVERNMENT', 'UTILITY'];
const CITY_SIZES = ['SMALL', 'MEDIUM', 'LARGE', 'METROPOLITAN'];
const INCOME_LEVELS = ['LOW', 'LOWER_MIDDLE', 'UPPER_MIDDLE', 'HIGH'];
// Real U4SSC codes (../shared/data/u4ssc-kpis.json): the import validates them.
const KPI_CODES = ['EC: ICT: ICT: 1C', 'EN: EN: WS: 1C', 'EN: E: E: 2C', 'SC: SH: HO: 1C', 'EC: I: T: 3C'];

/** The vocabulary of one language: function words, and content lemmas by Zipf rank (common words first). */
interface LanguageLexicon {
  functionWords: string[];
  lemmas: Lemma[];
  /** Zipf draw table over `lemmas`. */
  table: Int32Array;
}

export interface Corpus {
  seed: number;
  lexicons: Record<Language, LanguageLexicon>;
  lemmaById: Lemma[];
  document(i: number): GeneratedDocument;
}

export interface GeneratedDocument {
  document: CaseStudySearchDocument;
  /** The content lemmas used and the form each was written in (the first occurrence). */
  used: Map<number, string>;
}

function madeUpWords(rnd: () => number, syllables: string[], count: number, make: (root: string) => string[] | undefined, taken: Set<string>): string[][] {
  const words: string[][] = [];
  while (words.length < count) {
    const root = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(rnd, syllables)).join('');
    const forms = make(root);
    if (!forms || forms.some((form) => taken.has(form))) continue;
    for (const form of forms) taken.add(form);
    words.push(forms);
  }
  return words;
}

export function createCorpus(seed: number, madeUpPerLanguage = 60_000): Corpus {
  const rnd = random(seed);
  const lemmaById: Lemma[] = [];
  const lexicon = (language: Language, functionWords: string[], common: string[][], madeUp: string[][]): LanguageLexicon => {
    const lemmas = [...common, ...madeUp].map((forms) => {
      const lemma = { id: lemmaById.length, language, forms };
      lemmaById.push(lemma);
      return lemma;
    });
    const cumulative = new Float64Array(lemmas.length);
    let total = 0;
    for (let r = 0; r < lemmas.length; r++) cumulative[r] = total += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
    for (let r = 0; r < lemmas.length; r++) cumulative[r] /= total;
    return { functionWords, lemmas, table: zipfTable(cumulative) };
  };
  const taken = new Set<string>();
  const en = lexicon(
    'en',
    EN_FUNCTION,
    [...EN_NOUNS.map((n) => [n, enPlural(n)]), ...EN_VERBS.map(enVerbForms), ...EN_ADJECTIVES.map((a) => [a])],
    madeUpWords(rnd, EN_SYLLABLES, madeUpPerLanguage, (root) => [root, enPlural(root)], taken),
  );
  const fr = lexicon(
    'fr',
    FR_FUNCTION,
    [...FR_NOUNS.map((n) => [n, frPlural(n)]), ...FR_ADJECTIVES.map(frAdjectiveForms), ...FR_PLAIN_ADJECTIVES.map((a) => [a])],
    madeUpWords(rnd, FR_SYLLABLES, madeUpPerLanguage, (root) => (rnd() < 0.2 ? frAdjectiveForms(`${root}é`) : [root, frPlural(root)]), taken),
  );
  const declensions: RuDeclension[] = ['masculine', 'feminine', 'neuter', 'soft'];
  const ru = lexicon(
    'ru',
    RU_FUNCTION,
    [...RU_NOUNS.map(([stem, declension]) => ruForms(stem, declension)), ...RU_ADJECTIVES.map(ruAdjectiveForms), ...RU_VERBS.map(ruVerbForms)],
    madeUpWords(rnd, RU_SYLLABLES, madeUpPerLanguage, (root) => ruForms(root + pick(rnd, RU_STEM_ENDINGS), pick(rnd, declensions)), taken),
  );
  const lexicons = { en, fr, ru };
  return { seed, lexicons, lemmaById, document: (i) => generateDocument(seed, i, lexicons) };
}

const ZIPF_TABLE_BITS = 22;
// With 60,000 made-up lemmas per language, many are held by only a few of 100,000 documents, as in real text
// (where about half the distinct words of a corpus occur once).
const ZIPF_EXPONENT = 1.1;
// A uniform draw -> lemma rank table, so a draw is one array read instead of a binary search.
function zipfTable(cumulative: Float64Array): Int32Array {
  const size = 1 << ZIPF_TABLE_BITS;
  const table = new Int32Array(size);
  let rank = 0;
  for (let slot = 0; slot < size; slot++) {
    const target = (slot + 0.5) / size;
    while (rank < cumulative.length - 1 && cumulative[rank] < target) rank++;
    table[slot] = rank;
  }
  return table;
}

function zipfLemma(rnd: () => number, lexicon: LanguageLexicon): Lemma {
  return lexicon.lemmas[lexicon.table[(rnd() * (1 << ZIPF_TABLE_BITS)) | 0]];
}

function sentence(rnd: () => number, lexicon: LanguageLexicon, words: number, used: Map<number, string>): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    if (rnd() < 0.35) {
      out.push(pick(rnd, lexicon.functionWords));
      continue;
    }
    const lemma = zipfLemma(rnd, lexicon);
    const form = pick(rnd, lemma.forms);
    if (!used.has(lemma.id)) used.set(lemma.id, form);
    out.push(form);
  }
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

function paragraph(rnd: () => number, lexicon: LanguageLexicon, minWords: number, maxWords: number, used: Map<number, string>): string {
  const target = minWords + Math.floor(rnd() * (maxWords - minWords));
  const sentences: string[] = [];
  for (let words = 0; words < target; ) {
    const length = 6 + Math.floor(rnd() * 12);
    sentences.push(sentence(rnd, lexicon, length, used));
    words += length;
  }
  return sentences.join(' ');
}

const some = <T>(rnd: () => number, list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rnd() * max) }, () => pick(rnd, list)))];

function generateDocument(seed: number, i: number, lexicons: Record<Language, LanguageLexicon>): GeneratedDocument {
  const rnd = random(seed * 1_000_003 + i);
  const language = LANGUAGES[i % 3];
  const lexicon = lexicons[language];
  const used = new Map<number, string>();
  const [city, country] = pick(rnd, CITIES[language]);
  const currency = pick(rnd, CURRENCIES[language]);
  const amount = Math.round(10_000 + rnd() * 5_000_000);
  const yearFrom = 2005 + Math.floor(rnd() * 18);
  const document: CaseStudySearchDocument = {
    caseStudyId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    variant: rnd() < 0.95 ? 'PUBLISHED' : 'IN_REVIEW',
    language,
    title: sentence(rnd, lexicon, 4 + Math.floor(rnd() * 5), used).slice(0, -1),
    summary: paragraph(rnd, lexicon, 20, 40, used),
    city,
    narrative: [0, 1, 2].map(() => paragraph(rnd, lexicon, 20, 50, used)).join('\n\n'),
    body: [0, 1, 2, 3].map(() => paragraph(rnd, lexicon, 30, 80, used)).join('\n\n'),
    country,
    region: regionOf(country),
    sectors: some(rnd, SECTORS, 3),
    sdgTargets: some(rnd, SDG_TARGETS, 3),
    organisationIds: [`00000000-0000-7000-9000-${String(Math.floor(rnd() * 2000)).padStart(12, '0')}`],
    organisationTypes: some(rnd, ORGANISATION_TYPES, 2),
    partnershipId: rnd() < 0.3 ? `00000000-0000-7000-a000-${String(Math.floor(rnd() * 500)).padStart(12, '0')}` : null,
    kpiCodes: rnd() < 0.5 ? some(rnd, KPI_CODES, 2) : [],
    citySize: pick(rnd, CITY_SIZES),
    incomeLevel: pick(rnd, INCOME_LEVELS),
    yearFrom,
    yearTo: yearFrom + Math.floor(rnd() * 5),
    cost: rnd() < 0.8 ? { amount, currency, amountInEur: toEur(amount, currency) } : null,
    publishedAt: new Date(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 6 * 365 * 86_400_000)).toISOString(),
  };
  return { document, used };
}

export const FILTER_VALUES = { SECTORS, SDG_TARGETS, ORGANISATION_TYPES, CITY_SIZES, INCOME_LEVELS, CITIES };
