import { renderToString } from 'preact-render-to-string';
import { createI18n, I18nContext } from '../i18n';
import { parseSearch } from '../url-state';
import { FacetPanel } from './facet-panel';

const facets = [
  { facet: 'SECTOR' as const, values: [{ value: 'ENERGY', count: 12 }, { value: 'HOUSING', count: 3 }] },
  { facet: 'COUNTRY' as const, values: [{ value: 'GE', count: 7 }] },
  { facet: 'LANGUAGE' as const, values: [] },
];

const render = (search: string, lang: 'en' | 'fr' | 'ru' = 'en') =>
  renderToString(
    <I18nContext.Provider value={createI18n(lang)}>
      <FacetPanel facets={facets} state={parseSearch(search)} onToggle={() => undefined} />
    </I18nContext.Provider>,
  );

describe('FacetPanel', () => {
  it('lists each counted facet as a labelled group of checkboxes with the counts, and leaves out facets with no values', () => {
    const html = render('');
    expect(html).toContain('<legend>Sector</legend>');
    expect(html).toContain('<legend>Country</legend>');
    expect(html).not.toContain('<legend>Language</legend>');
    expect(html).toMatch(/<input type="checkbox" id="facet-sector-ENERGY"[^>]*>.*<label for="facet-sector-ENERGY">Energy <span class="count">12<\/span>/);
    expect(html).toMatch(/<label for="facet-country-GE">Georgia <span class="count">7<\/span>/);
    expect(html).not.toContain('checked');
  });

  it('checks the values chosen in the address, and keeps a chosen value listed with 0 when the match no longer has it', () => {
    const html = render('?sector=HOUSING&sector=WATER');
    expect(html).toMatch(/id="facet-sector-HOUSING"[^>]*checked/);
    expect(html).not.toMatch(/id="facet-sector-ENERGY"[^>]*checked/);
    expect(html).toMatch(/id="facet-sector-WATER"[^>]*checked/);
    expect(html).toMatch(/<label for="facet-sector-WATER">Water <span class="count">0<\/span>/);
  });

  it('names facets, their values and countries in the interface language', () => {
    const html = render('', 'ru');
    expect(html).toContain('<legend>Сектор</legend>');
    expect(html).toContain('Грузия');
    expect(html).toMatch(/<label for="facet-sector-ENERGY">Энергетика <span class="count">12<\/span>/);
    const fr = render('', 'fr');
    expect(fr).toContain('<legend>Pays</legend>');
    expect(fr).toMatch(/<label for="facet-sector-HOUSING">Logement <span class="count">3<\/span>/);
  });
});
