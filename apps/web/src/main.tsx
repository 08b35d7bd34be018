import { render } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { getToken, request, setToken } from './api';
import { MeDocument } from './graphql/generated';
import { createI18n, I18nContext, initialLanguage, LANGUAGES, rememberLanguage, type Language } from './i18n';
import { CaseStudyPage } from './pages/case-study';
import { Loading, NotFound } from './pages/common';
import { OrganisationPage, PartnershipPage } from './pages/organisation';
import { GuidelinePage, GuidelinesPage } from './pages/guidelines';
import { SearchPage } from './pages/search';
import { SignInPage, type Account } from './pages/sign-in';
import { Link, navigate, useLocation } from './router';
import './styles.css';

// The signed-in work pages (the case study form, the review queue, the guideline editor) are their own chunk,
// fetched when first opened: the search page does not pay for them.
type WorkPages = typeof import('./pages/work');
let workPages: Promise<WorkPages> | null = null;
function Work<K extends 'NewCaseStudyPage' | 'ReviewQueuePage' | 'GuidelineEditorPage'>({ page, props }: { page: K; props: Parameters<WorkPages[K]>[0] }) {
  const [loaded, setLoaded] = useState<WorkPages | null>(null);
  useEffect(() => {
    void (workPages ??= import('./pages/work')).then(setLoaded);
  }, []);
  if (!loaded) return <Loading />;
  const Page = loaded[page] as (props: Parameters<WorkPages[K]>[0]) => preact.JSX.Element;
  return <Page {...props} />;
}

function Page({ pathname, search, account, onSignedIn }: { pathname: string; search: string; account: Account | null; onSignedIn(account: Account): void }) {
  let match: RegExpMatchArray | null;
  if (pathname === '/') return <SearchPage search={search} />;
  if (pathname === '/case-studies/new') return <Work page="NewCaseStudyPage" props={{ account }} />;
  if (pathname === '/review') return <Work page="ReviewQueuePage" props={{ account }} />;
  if ((match = pathname.match(/^\/guidelines\/([^/]+)\/edit$/))) return <Work page="GuidelineEditorPage" props={{ id: decodeURIComponent(match[1]), account }} />;
  if ((match = pathname.match(/^\/case-studies\/([^/]+)$/))) return <CaseStudyPage id={decodeURIComponent(match[1])} />;
  if (pathname === '/guidelines') return <GuidelinesPage />;
  if ((match = pathname.match(/^\/guidelines\/([^/]+)$/))) return <GuidelinePage id={decodeURIComponent(match[1])} account={account} />;
  if ((match = pathname.match(/^\/organisations\/([^/]+)$/))) return <OrganisationPage id={decodeURIComponent(match[1])} />;
  if ((match = pathname.match(/^\/partnerships\/([^/]+)$/))) return <PartnershipPage id={decodeURIComponent(match[1])} />;
  if (pathname === '/sign-in') return <SignInPage onSignedIn={onSignedIn} />;
  return <NotFound />;
}

function App() {
  const { pathname, search } = useLocation();
  const [lang, setLang] = useState<Language>(initialLanguage);
  const i18n = useMemo(() => createI18n(lang), [lang]);
  const [account, setAccount] = useState<Account | null>(null);
  // With a token kept from an earlier visit, pages wait for the account it names before they show.
  const [ready, setReady] = useState(!getToken());
  // A layout effect, so the page's language changes in the same frame as its words: a screen reader (or a
  // test) never meets Russian text on a page that still says it is English.
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    if (!getToken()) return;
    request(MeDocument, {})
      .then(
        ({ me }) => (me ? setAccount(me) : setToken(null)),
        () => setToken(null),
      )
      .finally(() => setReady(true));
  }, []);
  const here = (href: string) => (pathname === href ? ('page' as const) : undefined);
  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {i18n.t('skip')}
      </a>
      <header class="site-header">
        <Link href="/" class="brand">
          {i18n.t('appName')}
        </Link>
        <nav aria-label={i18n.t('appName')}>
          <ul>
            <li>
              <Link href="/" aria-current={here('/')}>
                {i18n.t('navSearch')}
              </Link>
            </li>
            <li>
              <Link href="/guidelines" aria-current={here('/guidelines')}>
                {i18n.t('navGuidelines')}
              </Link>
            </li>
            {account && (
              <li>
                <Link href="/case-studies/new" aria-current={here('/case-studies/new')}>
                  {i18n.t('navNewCase')}
                </Link>
              </li>
            )}
            {account?.roles.includes('REVIEWER') && (
              <li>
                <Link href="/review" aria-current={here('/review')}>
                  {i18n.t('navReview')}
                </Link>
              </li>
            )}
            <li>
              {account ? (
                <button
                  type="button"
                  class="link-button"
                  title={i18n.t('signedInAs', { name: account.name ?? '' })}
                  onClick={() => {
                    setToken(null);
                    setAccount(null);
                    navigate('/');
                  }}
                >
                  {i18n.t('navSignOut')}
                </button>
              ) : (
                <Link href="/sign-in" aria-current={here('/sign-in')}>
                  {i18n.t('navSignIn')}
                </Link>
              )}
            </li>
          </ul>
        </nav>
        <label class="language-switch">
          {i18n.t('interfaceLanguage')}{' '}
          <select
            value={lang}
            onChange={(event) => {
              const next = event.currentTarget.value as Language;
              rememberLanguage(next);
              setLang(next);
            }}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {new Intl.DisplayNames([code], { type: 'language' }).of(code)}
              </option>
            ))}
          </select>
        </label>
      </header>
      {account && <p class="signed-in">{i18n.t('signedInAs', { name: account.name ?? account.email ?? '' })}</p>}
      <main id="main" tabIndex={-1}>
        {ready && <Page pathname={pathname} search={search} account={account} onSignedIn={setAccount} />}
      </main>
    </I18nContext.Provider>
  );
}

const root = document.getElementById('app')!;
// The placeholder shown while the script loads goes: render() would keep it beside the app.
root.textContent = '';
render(<App />, root);
