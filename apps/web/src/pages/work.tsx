import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import { DiffView } from '../components/diff-view';
import {
  DraftCaseStudyDocument,
  EditGuidelineDocument,
  GuidelineDiffDocument,
  GuidelineDraftDocument,
  RegisterOrganisationDocument,
  ReviewCaseStudyDocument,
  ReviewQueueDocument,
  ReviseCaseStudyDocument,
  SubmitCaseStudyDocument,
  type GuidelineDiffQuery,
  type OrganisationType,
  type Sector,
} from '../graphql/generated';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useQuery } from '../use-query';
import { ErrorNote, Loading, NotFound, useAction } from './common';
import { CaseDetailsFields, EMPTY_DETAILS, Field, detailsInput, fieldPath, type CaseDetails } from '../components/case-form-groups';
import type { Account } from './sign-in';

const SECTORS: Sector[] = ['AIR_QUALITY', 'CLIMATE_ADAPTATION', 'ENERGY', 'GOVERNANCE_AND_FINANCE', 'HEALTH', 'HOUSING', 'ICT_AND_DIGITAL_SERVICES', 'LAND_AND_PROPERTY_REGISTRATION', 'PUBLIC_SPACE', 'RESILIENCE_AND_DISASTER_RISK', 'SANITATION', 'TRANSPORT', 'WASTE', 'WATER'];
const ORGANISATION_TYPES: OrganisationType[] = ['MUNICIPALITY', 'REGIONAL_AUTHORITY', 'NATIONAL_AUTHORITY', 'REGULATOR', 'COMPANY', 'ACADEMIA', 'NGO', 'CITIZEN_GROUP', 'INTERNATIONAL_ORGANISATION'];

const load = <T,>(key: string, fallback: T): T => {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
};
const store = (key: string, value: unknown) => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // kept for this page only
  }
};

export function SignInFirst() {
  const i18n = useI18n();
  return (
    <p class="note">
      <Link href="/sign-in">{i18n.t('signInFirst')}</Link>
    </p>
  );
}

interface CaseForm extends CaseDetails {
  organisationId: string;
  title: string;
  summary: string;
  body: string;
  city: string;
  country: string;
  language: string;
  sectors: Sector[];
  fromYear: string;
  toYear: string;
  sdgTargets: string;
  /** Once drafted through the API: what a revision or submission names. */
  caseStudyId?: string;
  revision?: number;
}

const EMPTY: CaseForm = { ...EMPTY_DETAILS, organisationId: '', title: '', summary: '', body: '', city: '', country: '', language: 'en', sectors: [], fromYear: String(new Date().getFullYear()), toYear: '', sdgTargets: '' };

function contentOf(form: CaseForm) {
  return {
    title: form.title,
    summary: form.summary,
    body: form.body,
    city: form.city,
    country: form.country,
    language: form.language,
    sectors: form.sectors,
    period: { fromYear: Number.parseInt(form.fromYear, 10) || 0, toYear: form.toYear ? Number.parseInt(form.toYear, 10) || 0 : null },
    sdgTargets: form.sdgTargets.split(',').map((t) => t.trim()).filter(Boolean),
    ...detailsInput(form),
  };
}

function RegisterOrganisation({ onRegistered }: { onRegistered(organisation: { id: string; name: string }): void }) {
  const i18n = useI18n();
  const { error, run } = useAction();
  return (
    <form
      class="stacked-form"
      aria-labelledby="register-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        void run(async () => {
          const { registerOrganisation } = await request(RegisterOrganisationDocument, {
            input: { name: String(data.get('name')), type: String(data.get('type')) as OrganisationType, country: String(data.get('country')), city: String(data.get('city')) || null },
          });
          onRegistered(registerOrganisation.organisation);
        });
      }}
    >
      <h2 id="register-heading">{i18n.t('registerOrganisation')}</h2>
      {error && <ErrorNote error={error} />}
      <label for="org-name">{i18n.t('organisationName')}</label>
      <input id="org-name" name="name" required />
      <label for="org-type">{i18n.t('facetORGANISATION_TYPE')}</label>
      <select id="org-type" name="type">
        {ORGANISATION_TYPES.map((type) => (
          <option key={type} value={type}>
            {i18n.label(type)}
          </option>
        ))}
      </select>
      <label for="org-country">{i18n.t('country')}</label>
      <input id="org-country" name="country" required />
      <label for="org-city">{i18n.t('city')}</label>
      <input id="org-city" name="city" />
      <button type="submit">{i18n.t('registerOrganisation')}</button>
    </form>
  );
}

/** Draft and submit a case study: kept in this browser as it is typed, saved as a draft through the API, then submitted. */
export function NewCaseStudyPage({ account }: { account: Account | null }) {
  const i18n = useI18n();
  const formKey = `sce.caseDraft.${account?.id}`;
  const organisationsKey = `sce.organisations.${account?.id}`;
  const [organisations, setOrganisations] = useState<Array<{ id: string; name: string }>>(() => load(organisationsKey, []));
  const [form, setForm] = useState<CaseForm>(() => ({ ...EMPTY, organisationId: organisations[0]?.id ?? '', ...load<Partial<CaseForm>>(formKey, {}) }));
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [submittedId, setSubmittedId] = useState<string | null>(null);
  const saving = useRef<ReturnType<typeof setTimeout>>();
  // The form as this tab read or last wrote it: a tab writes only what was changed in it, so one left open does
  // not bring back a draft that another tab has since submitted (on its timer, or when it is closed).
  const written = useRef(form);
  const keep = (value: CaseForm) => {
    if (value === written.current) return;
    written.current = value;
    store(formKey, value);
  };
  useEffect(() => {
    clearTimeout(saving.current);
    saving.current = setTimeout(() => keep(form), 300);
  }, [form]);
  // Saved on leaving the page too: a reload or a closed tab right after a keystroke keeps it.
  const latest = useRef(form);
  latest.current = form;
  useEffect(() => {
    const saveNow = () => {
      clearTimeout(saving.current);
      keep(latest.current);
    };
    addEventListener('pagehide', saveNow);
    return () => removeEventListener('pagehide', saveNow);
  }, [formKey]);
  if (!account) return <SignInFirst />;
  const messages = Object.fromEntries(Object.entries(error instanceof ApiError ? error.fieldMessages() : {}).map(([field, message]) => [fieldPath(field), message]));
  // An SDG code is named by its place in the list; the list has one field.
  const sdgMessage = Object.entries(messages).find(([field]) => field.startsWith('sdgTargets'))?.[1];
  const set = (field: keyof CaseForm) => (event: Event) => setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });

  const save = async (): Promise<CaseForm> => {
    const payload = form.caseStudyId
      ? (await request(ReviseCaseStudyDocument, { input: { id: form.caseStudyId, expectedRevision: form.revision!, changeNote: 'Edited in the portal', ...contentOf(form) } })).reviseCaseStudy
      : (await request(DraftCaseStudyDocument, { input: { organisationId: form.organisationId, ...contentOf(form) } })).draftCaseStudy;
    const saved = { ...form, caseStudyId: payload.caseStudy.id, revision: payload.caseStudy.revision };
    setForm(saved);
    return saved;
  };
  const act = (submit: boolean) => async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const saved = await save();
      if (!submit) return setNotice(i18n.t('draftSaved', { n: saved.revision! }));
      await request(SubmitCaseStudyDocument, { id: saved.caseStudyId!, expectedRevision: saved.revision! });
      store(formKey, null);
      setSubmittedId(saved.caseStudyId!);
      setForm({ ...EMPTY, organisationId: form.organisationId });
    } catch (caught) {
      setError(caught as Error);
    }
  };

  if (submittedId) {
    return (
      <p class="note" role="status">
        {i18n.t('submitted')} <Link href="/case-studies/new">{i18n.t('navNewCase')}</Link>
      </p>
    );
  }
  if (!organisations.length) {
    return (
      <RegisterOrganisation
        onRegistered={(organisation) => {
          const next = [...organisations, organisation];
          store(organisationsKey, next);
          setOrganisations(next);
          setForm({ ...form, organisationId: organisation.id });
        }}
      />
    );
  }
  return (
    <form class="stacked-form case-form" onSubmit={act(false)} aria-labelledby="new-case-heading" noValidate>
      <h1 id="new-case-heading">{i18n.t('navNewCase')}</h1>
      <p class="note">{i18n.t('autosaved')}</p>
      {error && <ErrorNote error={error} />}
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      <Field id="cs-organisation" label={i18n.t('organisation')} error={messages.organisationId}>
        {(describedBy) => (
          <select id="cs-organisation" value={form.organisationId} onChange={set('organisationId')} aria-describedby={describedBy} disabled={!!form.caseStudyId}>
            {organisations.map((organisation) => (
              <option key={organisation.id} value={organisation.id}>
                {organisation.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(['title', 'summary', 'city', 'country'] as const).map((field) => (
        <Field key={field} id={`cs-${field}`} label={i18n.t(field === 'summary' ? 'summary' : field)} error={messages[field]}>
          {(describedBy) => <input id={`cs-${field}`} value={form[field]} onInput={set(field)} aria-describedby={describedBy} aria-invalid={!!messages[field]} />}
        </Field>
      ))}
      <Field id="cs-body" label={i18n.t('body')} error={messages.body}>
        {(describedBy) => <textarea id="cs-body" rows={6} value={form.body} onInput={set('body')} aria-describedby={describedBy} aria-invalid={!!messages.body} />}
      </Field>
      <Field id="cs-language" label={i18n.t('language')} error={messages.language}>
        {(describedBy) => (
          <select id="cs-language" value={form.language} onChange={set('language')} aria-describedby={describedBy}>
            {['en', 'fr', 'ru'].map((tag) => (
              <option key={tag} value={tag}>
                {i18n.languageName(tag)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset class="checkbox-grid" aria-describedby={messages.sectors ? 'cs-sectors-error' : undefined}>
        <legend>{i18n.t('sectors')}</legend>
        {SECTORS.map((sector) => (
          <label key={sector}>
            <input
              type="checkbox"
              checked={form.sectors.includes(sector)}
              onChange={() => setForm({ ...form, sectors: form.sectors.includes(sector) ? form.sectors.filter((s) => s !== sector) : [...form.sectors, sector] })}
            />{' '}
            {i18n.label(sector)}
          </label>
        ))}
        {messages.sectors && (
          <p id="cs-sectors-error" class="field-error">
            {messages.sectors}
          </p>
        )}
      </fieldset>
      <Field id="cs-from" label={i18n.t('fromYear')} error={messages['period.fromYear']}>
        {(describedBy) => <input id="cs-from" inputMode="numeric" value={form.fromYear} onInput={set('fromYear')} aria-describedby={describedBy} />}
      </Field>
      <Field id="cs-to" label={i18n.t('toYear')} error={messages['period.toYear']}>
        {(describedBy) => <input id="cs-to" inputMode="numeric" value={form.toYear} onInput={set('toYear')} aria-describedby={describedBy} />}
      </Field>
      <Field id="cs-sdg" label={i18n.t('sdgTargetsHelp')} error={sdgMessage}>
        {(describedBy) => <input id="cs-sdg" value={form.sdgTargets} onInput={set('sdgTargets')} aria-describedby={describedBy} />}
      </Field>
      <CaseDetailsFields details={form} messages={messages} onChange={(details) => setForm({ ...form, ...details })} />
      <div class="actions">
        <button type="submit">{i18n.t('saveDraft')}</button>
        <button type="button" onClick={act(true)}>
          {i18n.t('submitForReview')}
        </button>
      </div>
    </form>
  );
}

/** Reviewers: each submitted case study with approve, or request changes with a comment. */
export function ReviewQueuePage({ account }: { account: Account | null }) {
  const i18n = useI18n();
  const [done, setDone] = useState<Record<string, 'approved' | 'changesRequested'>>({});
  const { error, run } = useAction();
  const { data, error: loadError, loading } = useQuery(ReviewQueueDocument, account ? {} : null);
  if (!account) return <SignInFirst />;
  if (loadError) return <ErrorNote error={loadError} />;
  if (loading && !data) return <Loading />;
  const decide = (id: string, revision: number, decision: 'APPROVE' | 'REQUEST_CHANGES', comment: string) => () =>
    run(async () => {
      await request(ReviewCaseStudyDocument, { input: { caseStudyId: id, expectedRevision: revision, decision, comments: comment ? [{ comment }] : null } });
      setDone({ ...done, [id]: decision === 'APPROVE' ? 'approved' : 'changesRequested' });
    });
  const edges = data?.reviewQueue.edges ?? [];
  return (
    <div>
      <h1>{i18n.t('reviewHeading')}</h1>
      {error && <ErrorNote error={error} />}
      {edges.length === 0 && <p class="note">{i18n.t('queueEmpty')}</p>}
      <ul class="review-queue">
        {edges.map(({ node }) => {
          const content = node.workingDraft?.content;
          const commentId = `comment-${node.id}`;
          return (
            <li key={node.id} class="review-item">
              <h2 lang={content?.language}>{content?.title}</h2>
              <p class="meta">
                {content?.city}, {i18n.countryName(content?.country ?? '')} · {i18n.date(node.workingDraft?.submittedAt)} · {i18n.t('contentLanguage')}: {i18n.languageName(content?.language ?? '')}
              </p>
              <p lang={content?.language}>{content?.summary}</p>
              {done[node.id] ? (
                <p class="note" role="status">
                  {i18n.t(done[node.id] as MessageKey)} {done[node.id] === 'approved' && <Link href={`/case-studies/${node.id}`}>{content?.title}</Link>}
                </p>
              ) : (
                <>
                  <label for={commentId}>{i18n.t('reviewComment')}</label>
                  <textarea id={commentId} rows={2} />
                  <div class="actions">
                    <button type="button" onClick={decide(node.id, node.revision, 'APPROVE', '')}>
                      {i18n.t('approve')}
                    </button>
                    <button type="button" onClick={() => decide(node.id, node.revision, 'REQUEST_CHANGES', (document.getElementById(commentId) as HTMLTextAreaElement).value)()}>
                      {i18n.t('requestChanges')}
                    </button>
                  </div>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

type Conflict = { mine: number; theirs: number; diff: NonNullable<GuidelineDiffQuery['guideline']>['diff'] };

/**
 * Authors edit the working text section by section. A save names the revision it was made on; when another
 * author saved first the API answers CONFLICT, and this shows what they changed, keeps these edits, and
 * saves them on top of the newer text at the next click.
 */
export function GuidelineEditorPage({ id, account }: { id: string; account: Account | null }) {
  const i18n = useI18n();
  const { data, error: loadError, loading } = useQuery(GuidelineDraftDocument, account ? { id } : null);
  const [base, setBase] = useState<{ revision: number; sections: Record<string, { heading: string; body: string }> } | null>(null);
  const [edits, setEdits] = useState<Record<string, { heading: string; body: string }>>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const draft = data?.guideline?.draft;
  useEffect(() => {
    if (draft && !base) setBase({ revision: draft.revision, sections: Object.fromEntries(draft.sections.map((s) => [s.sectionId, { heading: s.heading, body: s.body }])) });
  }, [draft]);
  if (!account) return <SignInFirst />;
  if (loadError) return <ErrorNote error={loadError} />;
  if (loading && !data) return <Loading />;
  if (!data?.guideline || !draft || !base) return <NotFound />;
  const guideline = data.guideline;
  const current = (sectionId: string) => edits[sectionId] ?? base.sections[sectionId];

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const changes = Object.entries(edits).flatMap(([sectionId, edit]) => [
      ...(edit.heading !== base.sections[sectionId]?.heading ? [{ kind: 'RETITLE' as const, sectionId, heading: edit.heading }] : []),
      ...(edit.body !== base.sections[sectionId]?.body ? [{ kind: 'EDIT' as const, sectionId, body: edit.body }] : []),
    ]);
    if (!changes.length) return setNotice(i18n.t('noChanges'));
    try {
      await request(EditGuidelineDocument, { input: { guidelineId: id, expectedRevision: base.revision, changeNote: note, changes } });
      const fresh = (await request(GuidelineDraftDocument, { id })).guideline!.draft;
      setBase({ revision: fresh.revision, sections: Object.fromEntries(fresh.sections.map((s) => [s.sectionId, { heading: s.heading, body: s.body }])) });
      setEdits({});
      setConflict(null);
      setNotice(i18n.t('saved', { n: fresh.revision }));
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.code === 'CONFLICT')) return setError(caught as Error);
      // Someone saved first: their text becomes the base, these edits stay, and their changes are shown.
      const fresh = (await request(GuidelineDraftDocument, { id })).guideline!.draft;
      const { guideline: withDiff } = await request(GuidelineDiffDocument, { id, from: { revision: base.revision }, to: { revision: fresh.revision } });
      setConflict({ mine: base.revision, theirs: fresh.revision, diff: withDiff!.diff });
      setBase({ revision: fresh.revision, sections: Object.fromEntries(fresh.sections.map((s) => [s.sectionId, { heading: s.heading, body: s.body }])) });
    }
  };

  return (
    <form class="stacked-form guideline-editor" onSubmit={save} aria-labelledby="editor-heading">
      <h1 id="editor-heading">
        {i18n.t('editGuideline')}: <span lang={guideline.language}>{draft.title}</span>
      </h1>
      <p class="meta">{i18n.t('revision', { n: base.revision })}</p>
      {conflict && (
        <section class="conflict" role="alert" aria-labelledby="conflict-heading">
          <h2 id="conflict-heading">{i18n.t('conflictTitle')}</h2>
          <p>{i18n.t('conflictExplain', { mine: conflict.mine, theirs: conflict.theirs })}</p>
          {conflict.diff.sections.map((section) => (
            <div key={section.sectionId} class="section-diff">
              <h3 lang={guideline.language}>
                {section.headingAfter ?? section.headingBefore} <span class="badge">{section.label}</span>
              </h3>
              {section.words && <DiffView parts={section.words} mode="inline" />}
            </div>
          ))}
        </section>
      )}
      {error && <ErrorNote error={error} />}
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      {draft.sections.map((section) => {
        const value = current(section.sectionId) ?? { heading: section.heading, body: section.body };
        const edit = (patch: Partial<{ heading: string; body: string }>) => setEdits({ ...edits, [section.sectionId]: { ...value, ...patch } });
        return (
          <fieldset key={section.sectionId} class="section-editor" lang={guideline.language}>
            <legend>{value.heading}</legend>
            <label for={`h-${section.sectionId}`}>{i18n.t('heading')}</label>
            <input id={`h-${section.sectionId}`} value={value.heading} onInput={(event) => edit({ heading: event.currentTarget.value })} />
            <label for={`b-${section.sectionId}`}>{i18n.t('sectionText')}</label>
            <textarea id={`b-${section.sectionId}`} rows={4} value={value.body} onInput={(event) => edit({ body: event.currentTarget.value })} />
          </fieldset>
        );
      })}
      <label for="change-note">{i18n.t('changeNote')}</label>
      <input id="change-note" value={note} onInput={(event) => setNote(event.currentTarget.value)} required />
      <div class="actions">
        <button type="submit">{i18n.t('save')}</button>
        <Link href={`/guidelines/${id}`}>{guideline.title}</Link>
      </div>
    </form>
  );
}
