import { parseSearch, searchString, searchVariables, withFilterToggled } from '../apps/web/src/url-state';

// The search page's whole state is its address: these are the rules that make a search shareable.
describe('portal search state in the URL', () => {
  it('reads the query, facets, sort and page back from the address it wrote', () => {
    const state = { q: 'heat pumps', sort: 'NEWEST' as const, after: 'abc', page: 3, filters: { sector: ['HOUSING', 'ENERGY'], country: ['GE'] } };
    const written = searchString(state);
    expect(written).toBe('?q=heat+pumps&sector=ENERGY&sector=HOUSING&country=GE&sort=NEWEST&page=3&after=abc');
    expect(parseSearch(written)).toEqual({ ...state, filters: { sector: ['ENERGY', 'HOUSING'], country: ['GE'] } });
  });

  it('leaves defaults out, so the home page is just /', () => {
    expect(searchString(parseSearch(''))).toBe('');
    expect(searchString({ q: '  ', sort: 'RELEVANCE', page: 1, filters: {} })).toBe('');
  });

  it('ignores an unknown sort, a page without a cursor and empty or repeated values', () => {
    expect(parseSearch('?sort=CHEAPEST&page=4&sector=&sector=WATER&sector=WATER')).toEqual({ q: '', sort: 'RELEVANCE', after: undefined, page: 1, filters: { sector: ['WATER'] } });
  });

  it('toggling a facet value adds or removes it and goes back to the first page', () => {
    const state = parseSearch('?q=air&sector=ENERGY&page=2&after=xyz');
    const added = withFilterToggled(state, 'sector', 'WATER');
    expect(added.filters.sector).toEqual(['ENERGY', 'WATER']);
    expect(added.page).toBe(1);
    expect(added.after).toBeUndefined();
    expect(withFilterToggled(state, 'sector', 'ENERGY').filters).toEqual({});
  });

  it('turns the state into the API variables: filter fields per facet, every facet counted', () => {
    const variables = searchVariables(parseSearch('?q=sensors&sdg=11.6&lang=ru&size=LARGE&income=UPPER_MIDDLE&orgType=NGO&region=CAUCASUS&page=2&after=c1'));
    expect(variables).toEqual({
      query: 'sensors',
      filter: { sdgTargets: ['11.6'], languages: ['ru'], citySizes: ['LARGE'], incomeLevels: ['UPPER_MIDDLE'], organisationTypes: ['NGO'], regions: ['CAUCASUS'] },
      facets: ['SECTOR', 'COUNTRY', 'REGION', 'SDG_TARGET', 'ORGANISATION_TYPE', 'LANGUAGE', 'CITY_SIZE', 'INCOME_LEVEL'],
      sort: 'RELEVANCE',
      first: 10,
      after: 'c1',
    });
    expect(searchVariables(parseSearch('')).filter).toBeNull();
  });
});
