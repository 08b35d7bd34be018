import { useEffect, useRef, useState } from 'preact/hooks';
import { FacetPanel } from '../components/facet-panel';
import { Snippet } from '../components/snippet';
import { SearchDocument } from '../graphql/generated';
import { useI18n, type MessageKey } from '../i18n';
import { Link, navigate } from '../router';
import { parseSearch, searchString, searchVariables, SORTS, withFilterToggled, type SearchState } from '../url-state';
import { useQuery } from '../use-query';
import { ErrorNote } from './common';

// Typing updates the address (replacing, not stacking history) once the keys pause this long.
const TYPING_PAUSE_MS = 150;
// Cursors of pages already seen, so "Previous" can go back without one in the address.
const seenCursors = new Map<string, string | undefined>();

export function SearchPage({ search }: { search: string }) {
  const i18n = useI18n();
  const state = parseSearch(search);
  const [text, setText] = useState(state.q);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const result = useQuery(SearchDocument, searchVariables(state));
  const go = (next: SearchState, replace = false) => navigate(`/${searchString(next)}`, replace);

  // What typing last put in the address: that change must not reset the box (the address trims the text,
  // and keys pressed since would be lost). Back/forward or a link changing the query: the box follows.
  const typed = useRef(state.q);
  useEffect(() => {
    if (state.q.trim() !== typed.current.trim()) setText(state.q);
  }, [state.q]);
  const connection = result.data?.searchCaseStudies;
  const pageKey = (page: number) => `${searchString({ ...state, after: undefined, page: 1 })}#${page}`;
  if (state.page > 1) seenCursors.set(pageKey(state.page), state.after);

  return (
    <div class="search-page">
      <h1>{i18n.t('searchHeading')}</h1>
      <form
        role="search"
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(typing.current);
          typed.current = text;
          go({ ...state, q: text, after: undefined, page: 1 });
        }}
      >
        <label for="q">{i18n.t('searchLabel')}</label>
        <div class="search-row">
          <input
            id="q"
            type="search"
            name="q"
            value={text}
            placeholder={i18n.t('searchPlaceholder')}
            autoComplete="off"
            onInput={(event) => {
              const value = event.currentTarget.value;
              setText(value);
              clearTimeout(typing.current);
              typing.current = setTimeout(() => {
                typed.current = value;
                go({ ...state, q: value, after: undefined, page: 1 }, true);
              }, TYPING_PAUSE_MS);
            }}
          />
          <button type="submit">{i18n.t('searchButton')}</button>
        </div>
      </form>
      <div class="search-layout">
        <aside aria-labelledby="filters-heading">
          <h2 id="filters-heading">{i18n.t('filters')}</h2>
          {Object.keys(state.filters).length > 0 && (
            <button type="button" class="link-button" onClick={() => go({ ...state, filters: {}, after: undefined, page: 1 })}>
              {i18n.t('clearFilters')}
            </button>
          )}
          <FacetPanel facets={connection?.facets ?? []} state={state} onToggle={(param, value) => go(withFilterToggled(state, param, value))} />
        </aside>
        <section class="results" aria-labelledby="results-heading" aria-busy={result.loading}>
          <div class="results-bar">
            <h2 id="results-heading" aria-live="polite">
              {connection ? i18n.t('results', { n: i18n.number(connection.totalCount) }) : i18n.t('loading')}
            </h2>
            <label>
              {i18n.t('sort')}{' '}
              <select value={state.sort} onChange={(event) => go({ ...state, sort: event.currentTarget.value as SearchState['sort'], after: undefined, page: 1 })}>
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {i18n.t(`sort${sort}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {result.error && <ErrorNote error={result.error} />}
          {connection && !connection.matchedAllWords && connection.totalCount > 0 && <p class="note">{i18n.t('partialMatch')}</p>}
          {connection && connection.totalCount === 0 && <p class="note">{i18n.t('noResults')}</p>}
          {/* Which query the list shows (the bench and tests wait on it): answers to earlier keystrokes may still be on screen. */}
          <ol class="result-list" data-query={result.dataKey ? ((JSON.parse(result.dataKey) as { query: string | null }).query ?? '') : undefined}>
            {connection?.edges.map(({ node, highlights }) => (
              <li key={node.id} class="result">
                <h3 lang={node.published?.language}>
                  <Link href={`/case-studies/${node.id}`}>{node.published?.title}</Link>
                </h3>
                <p class="meta">
                  {node.published?.city}, {i18n.countryName(node.published?.country ?? '')} · {node.published?.period.fromYear}
                  {node.published?.period.toYear ? `–${node.published.period.toYear}` : ''} ·{' '}
                  <span class="lang-label">
                    {i18n.t('contentLanguage')}: {i18n.languageName(node.published?.language ?? '')}
                  </span>
                </p>
                <p lang={node.published?.language} class="snippet">
                  {highlights.length ? <Snippet snippet={highlights[0].snippet} /> : node.published?.summary}
                </p>
              </li>
            ))}
          </ol>
          {connection && (state.page > 1 || connection.pageInfo.hasNextPage) && (
            <nav class="pager" aria-label={i18n.t('pageN', { n: state.page })}>
              {state.page > 1 ? <Link href={`/${searchString({ ...state, page: state.page - 1, after: seenCursors.get(pageKey(state.page - 1)) })}`}>{i18n.t('previous')}</Link> : <span />}
              <span>{i18n.t('pageN', { n: state.page })}</span>
              {connection.pageInfo.hasNextPage && connection.pageInfo.endCursor ? (
                <Link href={`/${searchString({ ...state, page: state.page + 1, after: connection.pageInfo.endCursor })}`}>{i18n.t('next')}</Link>
              ) : (
                <span />
              )}
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}
