import { useState } from 'preact/hooks';
import { DiffView } from '../components/diff-view';
import { CommentOnGuidelineDocument, GuidelineAsOfDocument, GuidelineBlameDocument, GuidelineDiffDocument, GuidelineMarkdownDocument, GuidelinePageDocument, GuidelinesDocument, type GuidelinePageQuery } from '../graphql/generated';
import { request } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useQuery } from '../use-query';
import { ModeSwitch } from './case-study';
import { ErrorNote, NotFound, notReady } from './common';

export function GuidelinesPage() {
  const i18n = useI18n();
  const query = useQuery(GuidelinesDocument, { first: 100 });
  const { data } = query;
  const early = notReady(query);
  if (early) return early;
  return (
    <div>
      <h1>{i18n.t('guidelinesHeading')}</h1>
      <ul class="guideline-list">
        {data?.guidelines.edges.map(({ node }) => (
          <li key={node.id}>
            <h2 lang={node.language}>
              <Link href={`/guidelines/${node.id}`}>{node.title}</Link>
            </h2>
            <p class="meta">
              {node.latestVersion ? i18n.t('version', { n: node.latestVersion }) : i18n.label(node.stage)} · {i18n.date(node.publishedAt ?? node.updatedAt)} ·{' '}
              <span class="lang-label">
                {i18n.t('contentLanguage')}: {i18n.languageName(node.language)}
              </span>
            </p>
            <p lang={node.language}>{node.summary}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Guideline = NonNullable<GuidelinePageQuery['guideline']>;
type Section = { sectionId: string; heading: string; body: string };

function Sections({ sections, language, below }: { sections: Section[]; language: string; below?: (section: Section) => preact.ComponentChildren }) {
  return (
    <div>
      {sections.map((section) => (
        <section key={section.sectionId} class="guideline-section" id={`section-${section.sectionId}`}>
          <h3 lang={language}>{section.heading}</h3>
          <p class="body" lang={language}>
            {section.body}
          </p>
          {below?.(section)}
        </section>
      ))}
    </div>
  );
}

/** A section's comments (to the public: those on published versions), and for people signed in a form to add one. */
function SectionComments({ guideline, section, signedIn, onCommented }: { guideline: Guideline; section: Section; signedIn: boolean; onCommented(): void }) {
  const i18n = useI18n();
  const [error, setError] = useState<Error | null>(null);
  const [text, setText] = useState('');
  const comments = guideline.comments.filter((comment) => comment.anchor.sectionId === section.sectionId);
  const fieldId = `comment-${section.sectionId}`;
  return (
    <div class="comments">
      {comments.length > 0 && (
        <ul aria-label={i18n.t('comments')}>
          {comments.map((comment) => (
            <li key={comment.commentId}>
              <span class="meta">
                {i18n.date(comment.commentedAt)} · {i18n.t('revision', { n: comment.anchor.revision })}
                {comment.resolvedAt ? ` · ${i18n.t('resolved')}` : ''}
              </span>
              <p>{comment.text}</p>
              {comment.replies.map((reply) => (
                <p key={reply.replyId} class="reply">
                  ↳ {reply.text}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
      {signedIn && guideline.published && (
        <form
          class="comment-form"
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            try {
              await request(CommentOnGuidelineDocument, { input: { guidelineId: guideline.id, sectionId: section.sectionId, revision: guideline.published!.revision, text } });
              setText('');
              onCommented();
            } catch (caught) {
              setError(caught as Error);
            }
          }}
        >
          {error && <ErrorNote error={error} />}
          <label for={fieldId}>{i18n.t('commentOnSection', { heading: section.heading })}</label>
          <textarea id={fieldId} rows={2} value={text} onInput={(event) => setText(event.currentTarget.value)} required />
          <button type="submit">{i18n.t('addComment')}</button>
        </form>
      )}
    </div>
  );
}

function VersionDiff({ guideline }: { guideline: Guideline }) {
  const i18n = useI18n();
  const numbers = guideline.versions.map((v) => v.number);
  const [from, setFrom] = useState(numbers[numbers.length - 2] ?? numbers[0]);
  const [to, setTo] = useState(numbers[numbers.length - 1]);
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const [mode, setMode] = useState<'inline' | 'side-by-side'>('inline');
  const { data, error } = useQuery(GuidelineDiffDocument, asked ? { id: guideline.id, from: { version: asked.from }, to: { version: asked.to } } : null);
  if (numbers.length < 2) return null;
  const diff = data?.guideline?.diff;
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">{i18n.t('compare')}</h2>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ from, to });
        }}
      >
        <label for="diff-from">{i18n.t('from')}</label>
        <select id="diff-from" value={from} onChange={(event) => setFrom(event.currentTarget.value)}>
            {numbers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
        <label for="diff-to">{i18n.t('to')}</label>
        <select id="diff-to" value={to} onChange={(event) => setTo(event.currentTarget.value)}>
            {numbers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
        <button type="submit">{i18n.t('showCompare')}</button>
      </form>
      {error && <ErrorNote error={error} />}
      {diff && (
        <div class="guideline-diff">
          <h3>
            {diff.from} → {diff.to}
          </h3>
          <ModeSwitch mode={mode} setMode={setMode} />
          {diff.sections.length === 0 && <p class="note">{i18n.t('noDifferences')}</p>}
          {diff.sections.map((section) => (
            <section key={section.sectionId} class={`section-diff section-${section.kind.toLowerCase()}`}>
              <h4 lang={guideline.language}>
                {section.retitled ? (
                  <>
                    <del>{section.headingBefore}</del> <ins>{section.headingAfter}</ins>
                  </>
                ) : (
                  section.headingAfter ?? section.headingBefore
                )}{' '}
                <span class="badge">{section.label}</span>
              </h4>
              {section.words && (
                <div lang={guideline.language}>
                  <DiffView parts={section.words} mode={mode} />
                </div>
              )}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function AsOf({ guideline }: { guideline: Guideline }) {
  const i18n = useI18n();
  const [date, setDate] = useState('');
  // The end of the chosen day: what stood by that evening.
  const at = date ? new Date(`${date}T23:59:59.999Z`).toISOString() : null;
  const { data, error } = useQuery(GuidelineAsOfDocument, at ? { id: guideline.id, at } : null);
  const published = data?.guideline?.asOf.published;
  return (
    <section aria-labelledby="as-of-heading">
      <h2 id="as-of-heading">{i18n.t('asOf')}</h2>
      <label for="as-of-date">{i18n.t('asOfHelp')}</label> <input id="as-of-date" type="date" value={date} onChange={(event) => setDate(event.currentTarget.value)} />
      {error && <ErrorNote error={error} />}
      {data && !published && <p class="note">{i18n.t('asOfNone')}</p>}
      {published && (
        <div class="as-of">
          <p class="meta">
            {i18n.t('version', { n: published.version.number })} · {i18n.date(published.version.publishedAt)}
          </p>
          <Sections sections={published.text.sections} language={guideline.language} />
        </div>
      )}
    </section>
  );
}

function Blame({ guideline }: { guideline: Guideline }) {
  const i18n = useI18n();
  const [shown, setShown] = useState(false);
  const number = guideline.latestVersion;
  const { data, error } = useQuery(GuidelineBlameDocument, shown && number ? { id: guideline.id, of: { version: number } } : null);
  if (!number) return null;
  return (
    <section aria-labelledby="blame-heading">
      <h2 id="blame-heading">{i18n.t('blame')}</h2>
      {!shown && (
        <button type="button" onClick={() => setShown(true)}>
          {i18n.t('showBlame')}
        </button>
      )}
      {error && <ErrorNote error={error} />}
      {data?.guideline && (
        <ol class="blame">
          {data.guideline.blame.sections.map((section) => (
            <li key={section.sectionId}>
              <strong lang={guideline.language}>{section.heading}</strong>
              <br />
              <span class="meta">{i18n.t('lastChangedBy', { rev: section.lastChange.revision, date: i18n.date(section.lastChange.at), note: section.lastChange.changeNote })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

async function downloadMarkdown(id: string, number: string) {
  const { guideline } = await request(GuidelineMarkdownDocument, { id, number });
  if (!guideline) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([guideline.markdown], { type: 'text/markdown' }));
  link.download = `guideline-${id}-${number}.md`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function GuidelinePage({ id, signedIn }: { id: string; signedIn: boolean }) {
  const i18n = useI18n();
  const query = useQuery(GuidelinePageDocument, { id });
  const { data } = query;
  const early = notReady(query);
  if (early) return early;
  const guideline = data?.guideline;
  if (!guideline) return <NotFound />;
  const sectionHeading = (sectionId: string) => guideline.published?.sections.find((s) => s.sectionId === sectionId)?.heading ?? sectionId;
  return (
    <article class="guideline">
      <p class="lang-label">
        {i18n.t('contentLanguage')}: {i18n.languageName(guideline.language)}
      </p>
      <h1 lang={guideline.language}>{guideline.published?.title ?? guideline.title}</h1>
      <p class="meta">
        {guideline.latestVersion ? i18n.t('version', { n: guideline.latestVersion }) : i18n.t('noPublished')} · {i18n.date(guideline.publishedAt)}
        {guideline.latestVersion && (
          <>
            {' · '}
            <button type="button" class="link-button" onClick={() => void downloadMarkdown(guideline.id, guideline.latestVersion!)}>
              {i18n.t('exportMarkdown')}
            </button>
          </>
        )}
      </p>
      <p class="lead" lang={guideline.language}>
        {guideline.published?.summary ?? guideline.summary}
      </p>
      {signedIn && (
        <p>
          <Link href={`/guidelines/${guideline.id}/edit`}>{i18n.t('editGuideline')}</Link>
        </p>
      )}
      {guideline.published && (
        <Sections
          sections={guideline.published.sections}
          language={guideline.language}
          below={(section) => <SectionComments guideline={guideline} section={section} signedIn={signedIn} onCommented={query.reload} />}
        />
      )}

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{i18n.t('versions')}</h2>
        <ol class="timeline">
          {guideline.versions.map((version) => (
            <li key={version.number}>
              <strong>{i18n.t('version', { n: version.number })}</strong> · {i18n.date(version.publishedAt)} · {i18n.label(version.kind)}
              <br />
              <span lang={guideline.language}>{version.changeSummary}</span>
            </li>
          ))}
        </ol>
      </section>
      <VersionDiff guideline={guideline} />
      <AsOf guideline={guideline} />
      <Blame guideline={guideline} />
      {guideline.evidence.length > 0 && (
        <section aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{i18n.t('evidence')}</h2>
          <ul class="evidence">
            {guideline.evidence.map((evidence) => (
              <li key={`${evidence.sectionId}-${evidence.caseStudyId}`}>
                <span lang={guideline.language}>{sectionHeading(evidence.sectionId)}</span>: <Link href={`/case-studies/${evidence.caseStudyId}`}>{evidence.note ?? evidence.caseStudyId}</Link>{' '}
                {evidence.evidenceChangedSince && (
                  <span class="badge badge-warning">
                    {i18n.t(evidence.evidenceChangedSince.archived ? 'archivedSince' : 'changedSince')} ({i18n.date(evidence.evidenceChangedSince.since)})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <button type="button" class="link-button" onClick={() => navigate('/guidelines')}>
          ← {i18n.t('guidelinesHeading')}
        </button>
      </p>
    </article>
  );
}
