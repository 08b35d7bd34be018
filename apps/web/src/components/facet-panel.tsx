import type { SearchQuery } from '../graphql/generated';

type FacetCounts = SearchQuery['searchCaseStudies']['facets'];
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { FACETS, type FacetParam, type SearchState } from '../url-state';

const MAX_VALUES = 12;

export function facetValueLabel(i18n: I18n, param: FacetParam, value: string): string {
  if (param === 'country') return i18n.countryName(value);
  if (param === 'lang') return i18n.languageName(value);
  if (param === 'sdg') return `SDG ${value}`;
  return i18n.label(value);
}

/**
 * The facet counts the API gave for the whole match, as checkboxes: a value already chosen stays listed
 * (with 0 when nothing matches any more), so it can always be unchosen.
 */
export function FacetPanel({ facets, state, onToggle }: { facets: FacetCounts; state: SearchState; onToggle(param: FacetParam, value: string): void }) {
  const i18n = useI18n();
  return (
    <div class="facets">
      {FACETS.map(({ param, facet }) => {
        const counted = facets.find((f) => f.facet === facet)?.values ?? [];
        const chosen = state.filters[param] ?? [];
        const values = [...counted.slice(0, MAX_VALUES), ...chosen.filter((v) => !counted.slice(0, MAX_VALUES).some((c) => c.value === v)).map((value) => ({ value, count: counted.find((c) => c.value === value)?.count ?? 0 }))];
        if (!values.length) return null;
        return (
          <fieldset key={param} class="facet">
            <legend>{i18n.t(`facet${facet}` as MessageKey)}</legend>
            <ul>
              {values.map(({ value, count }) => {
                const id = `facet-${param}-${value}`;
                return (
                  <li key={value}>
                    <input type="checkbox" id={id} name={param} value={value} checked={chosen.includes(value)} onChange={() => onToggle(param, value)} />
                    <label for={id}>
                      {facetValueLabel(i18n, param, value)} <span class="count">{i18n.number(count)}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}
