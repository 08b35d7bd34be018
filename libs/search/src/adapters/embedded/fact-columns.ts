// What the embedded engine's filters, facets and sorting read, kept in memory for every stored document, in
// columns indexed by the document's rowid in the index file. A common word matches most of the documents
// (60,000 of 100,000 in the benchmark), and each match is filtered, counted in every facet asked and ordered:
// reading a typed array per match costs a fraction of a Map lookup and a walk through an object per field.
import { toEur } from '@sce/vocabulary';
import { CASE_STUDY_FACET_FIELDS, type CaseStudyFacet, type CaseStudyFacetCounts, type CaseStudySearchDocument, type CaseStudySearchFilter, type CaseStudySearchQuery } from '../../case-study-search.port';

/**
 * The facts of one document, as stored beside it in the index file (JSON) and handed to FactColumns.set: its
 * filter and facet fields as the document has them, its cost in EUR and its publication time as numbers.
 */
export type DocumentFacts = Pick<
  CaseStudySearchDocument,
  | 'caseStudyId'
  | 'variant'
  | 'language'
  | 'country'
  | 'region'
  | 'sectors'
  | 'sdgTargets'
  | 'organisationIds'
  | 'organisationTypes'
  | 'partnershipId'
  | 'kpiCodes'
  | 'citySize'
  | 'incomeLevel'
  | 'yearFrom'
  | 'yearTo'
> & { costEur: number | null; publishedAt: number };

const CODED = ['variant', 'language', 'country', 'region', 'citySize', 'incomeLevel', 'partnershipId'] as const;
const LISTS = ['sectors', 'sdgTargets', 'organisationIds', 'organisationTypes', 'kpiCodes'] as const;
const NUMBERS = ['yearFrom', 'yearTo', 'costEur', 'publishedAt'] as const;
type Coded = (typeof CODED)[number];
type Listed = (typeof LISTS)[number];
type Numeric = (typeof NUMBERS)[number];

// Facts keep the document's field names, so a facet's field is its column.
const FACET_FIELDS: Record<CaseStudyFacet, Coded | Listed> = CASE_STUDY_FACET_FIELDS;

/**
 * A list-valued field of every document: each document's codes side by side in one pool, found by its offset and
 * length (a typed array per document and field cost 100 MB at 100,000 documents). A document written again
 * gets a new range at the end; the pool is compacted once most of it is such dead ranges.
 */
class ListColumn {
  offset = new Int32Array(0);
  length = new Int32Array(0);
  pool = new Int32Array(1024);
  private used = 0;
  private live = 0;

  grow(capacity: number): void {
    const offset = new Int32Array(capacity);
    offset.set(this.offset);
    const length = new Int32Array(capacity);
    length.set(this.length);
    this.offset = offset;
    this.length = length;
  }

  set(id: number, codes: readonly number[]): void {
    this.live += codes.length - this.length[id];
    // Its old range is dead from here: a compaction does not copy it.
    this.length[id] = 0;
    if (this.used + codes.length > this.pool.length) this.makeRoom(codes.length);
    this.offset[id] = this.used;
    this.length[id] = codes.length;
    for (const code of codes) this.pool[this.used++] = code;
  }

  private makeRoom(needed: number): void {
    if (this.live * 2 < this.used) {
      // Mostly dead ranges: copy the live ones to a new pool, in rowid order.
      const pool = new Int32Array(Math.max(1024, (this.live + needed) * 2));
      let used = 0;
      for (let id = 0; id < this.offset.length; id++) {
        pool.set(this.pool.subarray(this.offset[id], this.offset[id] + this.length[id]), used);
        this.offset[id] = used;
        used += this.length[id];
      }
      this.pool = pool;
      this.used = used;
    }
    if (this.used + needed > this.pool.length) {
      const pool = new Int32Array(Math.max(this.pool.length * 2, this.used + needed));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
  }
}

/** A field's distinct values, each with a small number; 0 stands for none (null). */
class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [''];

  codeOf(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of a value already seen; undefined for one no document ever had (a filter on it matches nothing). */
  known(value: string): number | undefined {
    return this.codes.get(value);
  }
}

type Order = (a: number, b: number) => number;

export class FactColumns {
  private capacity!: number;
  private count!: number;
  private caseStudyIds!: string[];
  private dictionaries!: Record<Coded | Listed, Dictionary>;
  private coded!: Record<Coded, Int32Array>;
  private lists!: Record<Listed, ListColumn>;
  /** NaN stands for null. */
  private numbers!: Record<Numeric, Float64Array>;

  constructor() {
    this.clear();
  }

  /** Forgets every document: all anew (the columns of removed documents would keep their list ranges alive). */
  clear(): void {
    this.capacity = 0;
    this.count = 0;
    this.caseStudyIds = [];
    this.dictionaries = Object.fromEntries([...CODED, ...LISTS].map((field) => [field, new Dictionary()])) as Record<Coded | Listed, Dictionary>;
    this.coded = Object.fromEntries(CODED.map((field) => [field, new Int32Array(0)])) as Record<Coded, Int32Array>;
    this.lists = Object.fromEntries(LISTS.map((field) => [field, new ListColumn()])) as Record<Listed, ListColumn>;
    this.numbers = Object.fromEntries(NUMBERS.map((field) => [field, new Float64Array(0)])) as Record<Numeric, Float64Array>;
  }

  get size(): number {
    return this.count;
  }

  /** One past the highest rowid these columns have room for: arrays indexed by rowid need this length. */
  get rowidLimit(): number {
    return this.capacity;
  }

  caseStudyId(id: number): string {
    return this.caseStudyIds[id];
  }

  variant(id: number): string {
    return this.dictionaries.variant.values[this.coded.variant[id]];
  }

  set(id: number, facts: DocumentFacts | null): void {
    if (facts === null) {
      this.delete(id);
      return;
    }
    if (id >= this.capacity) this.grow(id + 1);
    if (!this.stored(id)) this.count++;
    this.caseStudyIds[id] = facts.caseStudyId;
    for (const field of CODED) this.coded[field][id] = this.dictionaries[field].codeOf(facts[field]);
    for (const field of LISTS) {
      const values = facts[field];
      // Each value once: a value listed twice counts once in a facet.
      this.lists[field].set(id, [...new Set(values)].map((value) => this.dictionaries[field].codeOf(value)));
    }
    for (const field of NUMBERS) this.numbers[field][id] = facts[field] ?? NaN;
  }

  delete(id: number): void {
    if (!this.stored(id)) return;
    this.count--;
    this.caseStudyIds[id] = '';
    // Variant code 0 (none) marks a rowid with no document: never wanted by a filter.
    this.coded.variant[id] = 0;
    for (const field of LISTS) this.lists[field].set(id, []);
  }

  /** Every document has a variant, so a rowid whose variant code is 0 (none) holds none. */
  private stored(id: number): boolean {
    return id < this.capacity && this.coded.variant[id] !== 0;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, this.capacity * 2, 1024);
    const resized = <T extends Int32Array | Float64Array>(array: T, make: (length: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    for (const field of CODED) this.coded[field] = resized(this.coded[field], (n) => new Int32Array(n));
    for (const field of NUMBERS) this.numbers[field] = resized(this.numbers[field], (n) => new Float64Array(n).fill(NaN));
    for (const field of LISTS) this.lists[field].grow(capacity);
    // A packed array (never holes): V8 keeps it as plain elements.
    for (let id = this.capacity; id < capacity; id++) this.caseStudyIds.push('');
    this.capacity = capacity;
  }

  /** Whether a stored document passes the query's visibility, exclusions and filter. */
  filterOf(query: CaseStudySearchQuery): (id: number) => boolean {
    const conditions: ((id: number) => boolean)[] = [];
    const { variant } = this.coded;
    const variantCodes = this.wantedCodes('variant', query.variants);
    const scoped = query.scopedVariant;
    if (scoped && scoped.caseStudyIds.length > 0) {
      const scopedIds = new Set(scoped.caseStudyIds);
      const scopedCode = this.dictionaries.variant.known(scoped.variant) ?? -1;
      conditions.push((id) => (scopedIds.has(this.caseStudyIds[id]) ? variant[id] === scopedCode : variantCodes[variant[id]] === 1));
    } else conditions.push((id) => variantCodes[variant[id]] === 1);
    const excluded = new Set(query.excludeCaseStudyIds ?? []);
    if (excluded.size > 0) conditions.push((id) => !excluded.has(this.caseStudyIds[id]));
    const filter: CaseStudySearchFilter = query.filter ?? {};
    const oneOf = (field: Coded, values: string[] | undefined) => {
      if (!values || values.length === 0) return;
      const wanted = this.wantedCodes(field, values);
      const column = this.coded[field];
      conditions.push((id) => wanted[column[id]] === 1);
    };
    const anyOf = (field: Listed, values: string[] | undefined) => {
      if (!values || values.length === 0) return;
      const wanted = this.wantedCodes(field, values);
      const { offset, length, pool } = this.lists[field];
      conditions.push((id) => {
        for (let i = offset[id], end = i + length[id]; i < end; i++) if (wanted[pool[i]] === 1) return true;
        return false;
      });
    };
    anyOf('sectors', filter.sectors);
    oneOf('country', filter.countries);
    oneOf('region', filter.regions);
    anyOf('sdgTargets', filter.sdgTargets);
    anyOf('organisationIds', filter.organisationIds);
    anyOf('organisationTypes', filter.organisationTypes);
    oneOf('language', filter.languages);
    oneOf('citySize', filter.citySizes);
    oneOf('incomeLevel', filter.incomeLevels);
    oneOf('partnershipId', filter.partnershipIds);
    anyOf('kpiCodes', filter.kpiCodes);
    const { yearFrom, yearTo, costEur } = this.numbers;
    if (filter.years && (filter.years.from !== undefined || filter.years.to !== undefined)) {
      const { from = -Infinity, to = Infinity } = filter.years;
      conditions.push((id) => {
        // A period known by one end only is that one year. NaN (no period) fails both comparisons.
        const start = Number.isNaN(yearFrom[id]) ? yearTo[id] : yearFrom[id];
        const end = Number.isNaN(yearTo[id]) ? yearFrom[id] : yearTo[id];
        return start <= to && end >= from;
      });
    }
    if (filter.cost && (filter.cost.min !== undefined || filter.cost.max !== undefined)) {
      const min = filter.cost.min === undefined ? -Infinity : toEur(filter.cost.min, filter.cost.currency);
      const max = filter.cost.max === undefined ? Infinity : toEur(filter.cost.max, filter.cost.currency);
      // An unknown currency matches nothing (the GraphQL input refuses it before it gets here); NaN (no cost) neither.
      conditions.push((id) => min !== null && max !== null && costEur[id] >= min && costEur[id] <= max);
    }
    // The first condition is the variant's, and a rowid with no document (or beyond the columns) has none.
    if (conditions.length === 1) return conditions[0];
    return (id) => {
      for (let i = 0; i < conditions.length; i++) if (!conditions[i](id)) return false;
      return true;
    };
  }

  /** A mask over the field's codes: 1 for each of `values` some document has. */
  private wantedCodes(field: Coded | Listed, values: readonly string[]): Uint8Array {
    const dictionary = this.dictionaries[field];
    const wanted = new Uint8Array(dictionary.values.length);
    for (const value of values) {
      const code = dictionary.known(value);
      if (code !== undefined) wanted[code] = 1;
    }
    return wanted;
  }

  /** How many of `ids` have each value of the facet's field (a value listed twice in one document counts once). */
  countFacet(facet: CaseStudyFacet, ids: readonly number[]): CaseStudyFacetCounts {
    const field = FACET_FIELDS[facet];
    const dictionary = this.dictionaries[field];
    const counts = new Int32Array(dictionary.values.length);
    if (field in this.coded) {
      const column = this.coded[field as Coded];
      for (let i = 0; i < ids.length; i++) counts[column[ids[i]]]++;
    } else {
      const { offset, length, pool } = this.lists[field as Listed];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        for (let k = offset[id], end = k + length[id]; k < end; k++) counts[pool[k]]++;
      }
    }
    const values: { value: string; count: number }[] = [];
    for (let code = 1; code < counts.length; code++) if (counts[code] > 0) values.push({ value: dictionary.values[code], count: counts[code] });
    values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { facet, values };
  }

  /** Compares two rowids for a sort, given their scores. */
  orderOf(sort: NonNullable<CaseStudySearchQuery['sort']>, score: Float64Array): Order {
    const { publishedAt, costEur } = this.numbers;
    const tieBreak: Order = (a, b) => publishedAt[b] - publishedAt[a] || a - b;
    const byCost = (direction: 1 | -1): Order => (a, b) => {
      const x = costEur[a];
      const y = costEur[b];
      const xNone = Number.isNaN(x);
      const yNone = Number.isNaN(y);
      if (xNone || yNone) return xNone === yNone ? tieBreak(a, b) : xNone ? 1 : -1;
      return (x - y) * direction || score[b] - score[a] || tieBreak(a, b);
    };
    switch (sort) {
      case 'RELEVANCE':
        return (a, b) => score[b] - score[a] || tieBreak(a, b);
      case 'NEWEST':
        return (a, b) => publishedAt[b] - publishedAt[a] || score[b] - score[a] || a - b;
      case 'COST_ASC':
        return byCost(1);
      case 'COST_DESC':
        return byCost(-1);
      default: {
        const unreachable: never = sort;
        throw new Error(`Unknown sort ${String(unreachable)}`);
      }
    }
  }
}

/**
 * The matches of one query by rowid, without a Map: a rowid is in the set when its stamp is this query's, so
 * nothing is cleared between queries. One instance per index; a query runs to its end before the next starts.
 */
export class MatchSet {
  /** The rowids added, in order. */
  ids: number[] = [];
  score = new Float64Array(0);
  /** The first typo tier a match was found in (rankedAllMatches), -1 for none. */
  tier = new Int32Array(0);
  private stamp = new Int32Array(0);
  private current = 0;

  /** Empties the set for a query over rowids below `limit`. */
  begin(limit: number): void {
    if (this.stamp.length < limit) {
      const length = Math.max(limit, this.stamp.length * 2);
      this.stamp = new Int32Array(length);
      this.score = new Float64Array(length);
      this.tier = new Int32Array(length);
      this.current = 0;
    }
    if (++this.current === 0x7fffffff) {
      this.stamp.fill(0);
      this.current = 1;
    }
    this.ids = [];
  }

  has(id: number): boolean {
    return id < this.stamp.length && this.stamp[id] === this.current;
  }

  add(id: number, score: number): void {
    this.stamp[id] = this.current;
    this.score[id] = score;
    this.tier[id] = -1;
    this.ids.push(id);
  }
}
