import { useState } from 'preact/hooks';
import { DiffView } from '../components/diff-view';
import { AcceptAmendmentDocument, CommentOnGuidelineDocument, PublishGuidelineVersionDocument, ReplyToGuidelineCommentDocument, RequestGuidelineReviewDocument, ResolveGuidelineCommentDocument, ReviewGuidelineDocument, GuidelineVersionDocument, ProposeAmendmentDocument, RejectAmendmentDocument, GuidelineAsOfDocument, GuidelineBlameDocument, GuidelineDiffDocument, GuidelineMarkdownDocument, GuidelinePageDocument, GuidelinesDocument, type GuidelinePageQuery, type GuidelineReviewDecision, type GuidelineVersionKind } from '../graphql/generated';
import { request } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useQuery } from '../use-query';
import { ModeSwitch } from './case-study';
import type { Account } from './sign-in';
import { ErrorNote, NotFound, notReady, useAction } from './common';

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
/** Anyone signed in: a new text for the section, with why; an author then accepts or rejects it. */
function ProposeAmendment({ guideline, section, onProposed }: { guideline: Guideline; section: Section; onProposed(): void }) {
  const i18n = useI18n();
  const [body, setBody] = useState(section.body);
  const [rationale, setRationale] = useState('');
  const { error, run } = useAction();
  const [sent, setSent] = useState(false);
  if (sent) return <p class="note" role="status">{i18n.t('amendmentProposed')}</p>;
  return (
    <details class="amend">
      <summary>{i18n.t('proposeAmendment')}</summary>
      <form
        class="comment-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await request(ProposeAmendmentDocument, { input: { guidelineId: guideline.id, rationale, changes: [{ kind: 'EDIT', sectionId: section.sectionId, body }] } });
            setSent(true);
            onProposed();
          });
        }}
      >
        {error && <ErrorNote error={error} />}
        <label for={`amend-body-${section.sectionId}`}>{i18n.t('sectionText')}</label>
        <textarea id={`amend-body-${section.sectionId}`} rows={3} value={body} lang={guideline.language} onInput={(event) => setBody(event.currentTarget.value)} />
        <label for={`amend-why-${section.sectionId}`}>{i18n.t('rationale')}</label>
        <input id={`amend-why-${section.sectionId}`} value={rationale} onInput={(event) => setRationale(event.currentTarget.value)} required />
        <button type="submit">{i18n.t('proposeAmendment')}</button>
      </form>
    </details>
  );
}

/** The amendments the API lets this person see (all for authors, their own for others); authors accept or reject. */
function Amendments({ guideline, isAuthor, onDecided }: { guideline: Guideline; isAuthor: boolean; onDecided(): void }) {
  const i18n = useI18n();
  const { error, run } = useAction();
  if (!guideline.amendments.length) return null;
  const heading = (sectionId: string) => guideline.published?.sections.find((s) => s.sectionId === sectionId)?.heading ?? sectionId;
  const decide = (change: () => Promise<unknown>) => () =>
    run(async () => {
      await change();
      onDecided();
    });
  return (
    <section aria-labelledby="amendments-heading">
      <h2 id="amendments-heading">{i18n.t('amendments')}</h2>
      {error && <ErrorNote error={error} />}
      <ul class="amendments">
        {guideline.amendments.map((amendment) => {
          const reasonId = `reject-${amendment.amendmentId}`;
          return (
            <li key={amendment.amendmentId} class="amendment">
              <p>
                <strong>{amendment.rationale}</strong> <span class="badge">{i18n.label(amendment.status)}</span>
              </p>
              <p class="meta">
                {i18n.date(amendment.proposedAt)} · {i18n.t('revision', { n: amendment.revision })}
                {amendment.reason ? ` · ${amendment.reason}` : ''}
              </p>
              {amendment.changes.map((change, index) => (
                <p key={index} lang={guideline.language}>
                  {heading(change.sectionId)}: {change.body ?? change.heading}
                </p>
              ))}
              {isAuthor && amendment.status === 'PROPOSED' && (
                <div class="actions">
                  <button type="button" onClick={decide(() => request(AcceptAmendmentDocument, { guidelineId: guideline.id, amendmentId: amendment.amendmentId }))}>
                    {i18n.t('acceptAmendment')}
                  </button>
                  <label for={reasonId}>{i18n.t('rejectReason')}</label>
                  <input id={reasonId} />
                  <button
                    type="button"
                    onClick={decide(() => request(RejectAmendmentDocument, { guidelineId: guideline.id, amendmentId: amendment.amendmentId, reason: (document.getElementById(reasonId) as HTMLInputElement).value }))}
                  >
                    {i18n.t('rejectAmendment')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SectionComments({ guideline, section, signedIn, onCommented }: { guideline: Guideline; section: Section; signedIn: boolean; onCommented(): void }) {
  const i18n = useI18n();
  const { error, run } = useAction();
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
              {signedIn && <CommentActions guideline={guideline} commentId={comment.commentId} resolved={!!comment.resolvedAt} onChanged={onCommented} />}
            </li>
          ))}
        </ul>
      )}
      {signedIn && guideline.published && (
        <form
          class="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              await request(CommentOnGuidelineDocument, { input: { guidelineId: guideline.id, sectionId: section.sectionId, revision: guideline.published!.revision, text } });
              setText('');
              onCommented();
            });
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

/** Signed in: reply to a comment, or mark it resolved; the API says who may. */
function CommentActions({ guideline, commentId, resolved, onChanged }: { guideline: Guideline; commentId: string; resolved: boolean; onChanged(): void }) {
  const i18n = useI18n();
  const { error, run } = useAction();
  const [text, setText] = useState('');
  const fieldId = `reply-${commentId}`;
  const change = (mutation: () => Promise<unknown>) =>
    run(async () => {
      await mutation();
      onChanged();
    });
  return (
    <form
      class="comment-form reply-form"
      onSubmit={(event) => {
        event.preventDefault();
        void change(async () => {
          await request(ReplyToGuidelineCommentDocument, { input: { guidelineId: guideline.id, commentId, text } });
          setText('');
        });
      }}
    >
      {error && <ErrorNote error={error} />}
      <label for={fieldId}>{i18n.t('replyTo')}</label>
      <input id={fieldId} value={text} onInput={(event) => setText(event.currentTarget.value)} required />
      <button type="submit">{i18n.t('reply')}</button>
      {!resolved && (
        <button type="button" onClick={() => void change(() => request(ResolveGuidelineCommentDocument, { guidelineId: guideline.id, commentId }))}>
          {i18n.t('resolveComment')}
        </button>
      )}
    </form>
  );
}

/**
 * The working text's way to a version, for those who take a step in it: authors send it to review and publish it
 * once approved; a reviewer (not an author) approves it or requests changes. Refusals are the API's own words.
 */
function Workflow({ guideline, account, onChanged }: { guideline: Guideline; account: Account; onChanged(): void }) {
  const i18n = useI18n();
  const { error, run } = useAction();
  const [done, setDone] = useState('');
  const [comment, setComment] = useState('');
  const [kind, setKind] = useState<GuidelineVersionKind>('MINOR' as GuidelineVersionKind);
  const [summary, setSummary] = useState('');
  const isAuthor = guideline.authorIds.includes(account.id);
  const stage = guideline.stage;
  const canRequest = isAuthor && (stage === 'DRAFT' || stage === 'CHANGES_REQUESTED');
  const canReview = !isAuthor && account.roles.includes('REVIEWER') && stage === 'IN_REVIEW';
  const canPublish = isAuthor && stage === 'APPROVED';
  if (!canRequest && !canReview && !canPublish && !done) return null;
  const step = (mutation: () => Promise<string>) =>
    run(async () => {
      setDone(await mutation());
      onChanged();
    });
  return (
    <section aria-labelledby="workflow-heading" class="workflow">
      <h2 id="workflow-heading">{i18n.t('workflow')}</h2>
      <p class="meta">{i18n.t('stageNow', { stage: i18n.label(stage) })}</p>
      {done && (
        <p class="note" role="status">
          {done}
        </p>
      )}
      {error && <ErrorNote error={error} />}
      {canRequest && (
        <button type="button" onClick={() => void step(async () => (await request(RequestGuidelineReviewDocument, { guidelineId: guideline.id }), i18n.t('reviewSent')))}>
          {i18n.t('requestReview')}
        </button>
      )}
      {canReview && (
        <div class="actions">
          <label for="guideline-review-comment">{i18n.t('reviewComment')}</label>
          <textarea id="guideline-review-comment" rows={2} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
          <button type="button" onClick={() => void step(async () => (await request(ReviewGuidelineDocument, { input: { guidelineId: guideline.id, decision: 'APPROVE' as GuidelineReviewDecision, comment: comment || undefined } }), i18n.t('guidelineApproved')))}>
            {i18n.t('approveGuideline')}
          </button>
          <button type="button" onClick={() => void step(async () => (await request(ReviewGuidelineDocument, { input: { guidelineId: guideline.id, decision: 'REQUEST_CHANGES' as GuidelineReviewDecision, comment: comment || undefined } }), i18n.t('changesRequested')))}>
            {i18n.t('requestChanges')}
          </button>
        </div>
      )}
      {canPublish && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void step(async () => {
              const { publishGuidelineVersion } = await request(PublishGuidelineVersionDocument, { input: { guidelineId: guideline.id, kind, changeSummary: summary } });
              return i18n.t('versionPublished', { n: publishGuidelineVersion.guideline.latestVersion ?? '' });
            });
          }}
        >
          <label for="version-kind">{i18n.t('versionKind')}</label>
          <select id="version-kind" value={kind} onChange={(event) => setKind(event.currentTarget.value as GuidelineVersionKind)}>
            <option value="MINOR">{i18n.label('MINOR')}</option>
            <option value="MAJOR">{i18n.label('MAJOR')}</option>
          </select>
          <label for="change-summary">{i18n.t('changeSummary')}</label>
          <input id="change-summary" value={summary} onInput={(event) => setSummary(event.currentTarget.value)} />
          <button type="submit">{i18n.t('publishVersion')}</button>
        </form>
      )}
    </section>
  );
}

/** One published version's full text, opened from the timeline. */
function VersionText({ guideline, number }: { guideline: Guideline; number: string }) {
  const query = useQuery(GuidelineVersionDocument, { id: guideline.id, number });
  const early = notReady(query);
  if (early) return early;
  const version = query.data?.guideline?.version;
  if (!version) return <NotFound />;
  return (
    <div class="version-text">
      <p class="lead" lang={guideline.language}>
        {version.text.summary}
      </p>
      <Sections sections={version.text.sections} language={guideline.language} />
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

export function GuidelinePage({ id, account }: { id: string; account: Account | null }) {
  const signedIn = account !== null;
  const [reading, setReading] = useState<string | null>(null);
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
          below={(section) => (
            <>
              <SectionComments guideline={guideline} section={section} signedIn={signedIn} onCommented={query.reload} />
              {signedIn && <ProposeAmendment guideline={guideline} section={section} onProposed={query.reload} />}
            </>
          )}
        />
      )}

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{i18n.t('versions')}</h2>
        <ol class="timeline">
          {guideline.versions.map((version) => (
            <li key={version.number}>
              <strong>{i18n.t('version', { n: version.number })}</strong> · {i18n.date(version.publishedAt)} · {i18n.label(version.kind)}
              <br />
              <span lang={guideline.language}>{version.changeSummary}</span>{' '}
              <button type="button" class="link-button" aria-expanded={reading === version.number} onClick={() => setReading(reading === version.number ? null : version.number)}>
                {i18n.t('readVersion', { n: version.number })}
              </button>
              {reading === version.number && <VersionText guideline={guideline} number={version.number} />}
            </li>
          ))}
        </ol>
      </section>
      {account && <Workflow guideline={guideline} account={account} onChanged={query.reload} />}
      <Amendments guideline={guideline} isAuthor={!!account && guideline.authorIds.includes(account.id)} onDecided={query.reload} />
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
