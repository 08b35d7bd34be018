import type { CaseStudyNarrativeInput, CitySize, IncomeLevel } from '../graphql/generated';
import { useI18n, type MessageKey } from '../i18n';

/** A labelled control with the API's message for its field under it, tied by aria-describedby. */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: (describedBy?: string) => preact.ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(error ? `${id}-error` : undefined)}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The API names list items two ways: class-validator "outcomes.0.indicator.year", the domain
 * "outcomes[0].indicator.year". One spelling (brackets) so a field finds its message either way.
 */
export const fieldPath = (field: string) => field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

export interface OutcomeForm {
  description: string;
  kpiCode: string;
  name: string;
  unit: string;
  baseline: string;
  achieved: string;
  year: string;
}
export interface BlockForm {
  title: string;
  description: string;
  /** One per line. */
  enablingFactors: string;
  barriers: string;
  lessons: string;
}
export const NARRATIVE_PARTS = ['situationBefore', 'objectives', 'process', 'resources', 'results', 'sustainability'] as const;
type NarrativePart = (typeof NARRATIVE_PARTS)[number];

/** The fields of draftCaseStudy beyond the basics: lists as repeatable groups, texts with several lines. */
export interface CaseDetails {
  outcomes: OutcomeForm[];
  costAmount: string;
  costCurrency: string;
  fundingSources: string[];
  narrative: Record<NarrativePart, string>;
  buildingBlocks: BlockForm[];
  lessonsLearned: string;
  citySize: string;
  incomeLevel: string;
  preconditions: string;
  latitude: string;
  longitude: string;
}

export const EMPTY_OUTCOME: OutcomeForm = { description: '', kpiCode: '', name: '', unit: '', baseline: '', achieved: '', year: '' };
export const EMPTY_BLOCK: BlockForm = { title: '', description: '', enablingFactors: '', barriers: '', lessons: '' };
export const EMPTY_DETAILS: CaseDetails = {
  outcomes: [],
  costAmount: '',
  costCurrency: 'EUR',
  fundingSources: [],
  narrative: { situationBefore: '', objectives: '', process: '', resources: '', results: '', sustainability: '' },
  buildingBlocks: [],
  lessonsLearned: '',
  citySize: '',
  incomeLevel: '',
  preconditions: '',
  latitude: '',
  longitude: '',
};

const CITY_SIZES: CitySize[] = ['SMALL', 'MEDIUM', 'LARGE', 'METROPOLITAN', 'MEGACITY'];
const INCOME_LEVELS: IncomeLevel[] = ['LOW', 'LOWER_MIDDLE', 'UPPER_MIDDLE', 'HIGH'];

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const text = (value: string) => (value.trim() === '' ? null : value);
// Empty is left out; anything else goes as typed, for the API to check.
const number = (value: string) => (value.trim() === '' ? null : Number(value.replace(',', '.')));
/** Digits after the decimal point in a currency (EUR 2, JPY 0); the API wants minor units. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2; // an unknown code: the API names it under the currency field
  }
}

/** The form's details as draftCaseStudy / reviseCaseStudy take them (empty parts left out). */
export function detailsInput(details: CaseDetails) {
  const narrative = Object.fromEntries(NARRATIVE_PARTS.map((part) => [part, text(details.narrative[part])])) as CaseStudyNarrativeInput;
  const amount = number(details.costAmount);
  const latitude = number(details.latitude);
  const longitude = number(details.longitude);
  return {
    outcomes: details.outcomes.map((outcome) => {
      const indicator = { kpiCode: text(outcome.kpiCode), name: text(outcome.name), unit: text(outcome.unit), baseline: number(outcome.baseline), achieved: number(outcome.achieved), year: number(outcome.year) };
      return { description: outcome.description, indicator: Object.values(indicator).some((value) => value !== null) ? indicator : null };
    }),
    cost: amount === null ? null : { amount: Math.round(amount * 10 ** minorDigits(details.costCurrency.trim().toUpperCase())), currency: details.costCurrency },
    fundingSources: details.fundingSources.filter((source) => source.trim() !== ''),
    narrative,
    buildingBlocks: details.buildingBlocks.map((block) => ({ title: block.title, description: text(block.description), enablingFactors: lines(block.enablingFactors), barriers: lines(block.barriers), lessons: lines(block.lessons) })),
    lessonsLearned: lines(details.lessonsLearned),
    transferability: { citySize: (text(details.citySize) as CitySize | null) ?? null, incomeLevel: (text(details.incomeLevel) as IncomeLevel | null) ?? null, preconditions: lines(details.preconditions) },
    // Both or neither: the API takes a point.
    coordinates: latitude === null || longitude === null ? null : { latitude, longitude },
  };
}

/** A list the person grows and shrinks: each item in its own fieldset with a remove button, and an add button. */
function Repeatable<T>({ legend, items, itemLegend, addLabel, empty, onChange, error, children }: {
  legend: string;
  items: T[];
  itemLegend(index: number): string;
  addLabel: string;
  empty: T;
  onChange(items: T[]): void;
  error?: string;
  children(item: T, index: number, update: (next: T) => void): preact.ComponentChildren;
}) {
  const i18n = useI18n();
  return (
    <fieldset class="repeatable">
      <legend>{legend}</legend>
      {error && <p class="field-error">{error}</p>}
      {items.map((item, index) => (
        <fieldset key={index} class="repeatable-item">
          <legend>{itemLegend(index)}</legend>
          {children(item, index, (next) => onChange(items.map((other, at) => (at === index ? next : other))))}
          <button type="button" class="link-button" onClick={() => onChange(items.filter((_, at) => at !== index))}>
            {i18n.t('cfRemove', { what: itemLegend(index) })}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...items, empty])}>
        {addLabel}
      </button>
    </fieldset>
  );
}

/** The detail fields of the case study form, each with the API's message (by field path) under it. */
export function CaseDetailsFields({ details, messages, onChange }: { details: CaseDetails; messages: Record<string, string>; onChange(details: CaseDetails): void }) {
  const i18n = useI18n();
  const set = (patch: Partial<CaseDetails>) => onChange({ ...details, ...patch });
  const input = (id: string, label: string, value: string, field: string, update: (value: string) => void, mode?: 'numeric' | 'decimal') => (
    <Field id={id} label={label} error={messages[field]}>
      {(describedBy) => <input id={id} value={value} inputMode={mode} onInput={(event) => update(event.currentTarget.value)} aria-describedby={describedBy} aria-invalid={!!messages[field]} />}
    </Field>
  );
  const area = (id: string, label: string, value: string, field: string, update: (value: string) => void) => (
    <Field id={id} label={label} error={messages[field]}>
      {(describedBy) => <textarea id={id} rows={3} value={value} onInput={(event) => update(event.currentTarget.value)} aria-describedby={describedBy} aria-invalid={!!messages[field]} />}
    </Field>
  );
  const perLine = (key: MessageKey) => i18n.t('cfOnePerLine', { label: i18n.t(key) });
  return (
    <>
      <Repeatable
        legend={i18n.t('indicators')}
        items={details.outcomes}
        itemLegend={(index) => i18n.t('cfOutcome', { n: index + 1 })}
        addLabel={i18n.t('cfAddOutcome')}
        empty={EMPTY_OUTCOME}
        error={messages.outcomes}
        onChange={(outcomes) => set({ outcomes })}
      >
        {(outcome, index, update) => {
          const at = `outcomes[${index}]`;
          const id = (name: string) => `cs-outcome-${index}-${name}`;
          return (
            <>
              {area(id('description'), i18n.t('cfOutcomeDescription'), outcome.description, `${at}.description`, (description) => update({ ...outcome, description }))}
              {messages[`${at}.indicator`] && <p class="field-error">{messages[`${at}.indicator`]}</p>}
              {input(id('kpi'), i18n.t('cfKpiCode'), outcome.kpiCode, `${at}.indicator.kpiCode`, (kpiCode) => update({ ...outcome, kpiCode }))}
              {input(id('name'), i18n.t('cfIndicatorName'), outcome.name, `${at}.indicator.name`, (name) => update({ ...outcome, name }))}
              {input(id('unit'), i18n.t('cfUnit'), outcome.unit, `${at}.indicator.unit`, (unit) => update({ ...outcome, unit }))}
              {input(id('baseline'), i18n.t('baseline'), outcome.baseline, `${at}.indicator.baseline`, (baseline) => update({ ...outcome, baseline }), 'decimal')}
              {input(id('achieved'), i18n.t('achieved'), outcome.achieved, `${at}.indicator.achieved`, (achieved) => update({ ...outcome, achieved }), 'decimal')}
              {input(id('year'), i18n.t('cfYear'), outcome.year, `${at}.indicator.year`, (year) => update({ ...outcome, year }), 'numeric')}
            </>
          );
        }}
      </Repeatable>

      <fieldset>
        <legend>{i18n.t('cost')}</legend>
        {input('cs-cost-amount', i18n.t('cfAmount'), details.costAmount, 'cost.amount', (costAmount) => set({ costAmount }), 'decimal')}
        {input('cs-cost-currency', i18n.t('cfCurrency'), details.costCurrency, 'cost.currency', (costCurrency) => set({ costCurrency }))}
      </fieldset>

      <Repeatable
        legend={i18n.t('fundingSources')}
        items={details.fundingSources}
        itemLegend={(index) => i18n.t('cfFundingSource', { n: index + 1 })}
        addLabel={i18n.t('cfAddFunding')}
        empty=""
        error={messages.fundingSources}
        onChange={(fundingSources) => set({ fundingSources })}
      >
        {(source, index, update) => input(`cs-funding-${index}`, i18n.t('cfFundingSource', { n: index + 1 }), source, `fundingSources[${index}]`, update)}
      </Repeatable>

      <fieldset>
        <legend>{i18n.t('narrative')}</legend>
        {NARRATIVE_PARTS.map((part) => area(`cs-narrative-${part}`, i18n.t(part === 'results' ? 'resultsField' : part), details.narrative[part], `narrative.${part}`, (value) => set({ narrative: { ...details.narrative, [part]: value } })))}
      </fieldset>

      <Repeatable
        legend={i18n.t('buildingBlocks')}
        items={details.buildingBlocks}
        itemLegend={(index) => i18n.t('cfBlock', { n: index + 1 })}
        addLabel={i18n.t('cfAddBlock')}
        empty={EMPTY_BLOCK}
        error={messages.buildingBlocks}
        onChange={(buildingBlocks) => set({ buildingBlocks })}
      >
        {(block, index, update) => {
          const at = `buildingBlocks[${index}]`;
          const id = (name: string) => `cs-block-${index}-${name}`;
          return (
            <>
              {input(id('title'), i18n.t('title'), block.title, `${at}.title`, (title) => update({ ...block, title }))}
              {area(id('description'), i18n.t('description'), block.description, `${at}.description`, (description) => update({ ...block, description }))}
              {area(id('enabling'), perLine('enablingFactors'), block.enablingFactors, `${at}.enablingFactors`, (enablingFactors) => update({ ...block, enablingFactors }))}
              {area(id('barriers'), perLine('barriers'), block.barriers, `${at}.barriers`, (barriers) => update({ ...block, barriers }))}
              {area(id('lessons'), perLine('lessons'), block.lessons, `${at}.lessons`, (lessons) => update({ ...block, lessons }))}
            </>
          );
        }}
      </Repeatable>
      {area('cs-lessons-learned', perLine('lessonsLearned'), details.lessonsLearned, 'lessonsLearned', (lessonsLearned) => set({ lessonsLearned }))}

      <fieldset>
        <legend>{i18n.t('transferability')}</legend>
        {(
          [
            ['citySize', 'facetCITY_SIZE', CITY_SIZES],
            ['incomeLevel', 'facetINCOME_LEVEL', INCOME_LEVELS],
          ] as const
        ).map(([field, label, values]) => (
          <Field key={field} id={`cs-${field}`} label={i18n.t(label)} error={messages[`transferability.${field}`]}>
            {(describedBy) => (
              <select id={`cs-${field}`} value={details[field]} onChange={(event) => set({ [field]: event.currentTarget.value })} aria-describedby={describedBy}>
                <option value="">{i18n.t('cfNotSaid')}</option>
                {values.map((value) => (
                  <option key={value} value={value}>
                    {i18n.label(value)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        {area('cs-preconditions', perLine('preconditions'), details.preconditions, 'transferability.preconditions', (preconditions) => set({ preconditions }))}
      </fieldset>

      <fieldset>
        <legend>{i18n.t('cfLocation')}</legend>
        {input('cs-latitude', i18n.t('cfLatitude'), details.latitude, 'coordinates.latitude', (latitude) => set({ latitude }), 'decimal')}
        {input('cs-longitude', i18n.t('cfLongitude'), details.longitude, 'coordinates.longitude', (longitude) => set({ longitude }), 'decimal')}
      </fieldset>
    </>
  );
}
