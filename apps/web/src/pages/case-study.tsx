import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { DiffView } from '../components/diff-view';
import { IndicatorChart } from '../components/indicator-chart';
import { CaseStudyDiffDocument, CaseStudyPageDocument, OrganisationNameDocument, type CaseStudyPageQuery } from '../graphql/generated';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useQuery } from '../use-query';
import { ErrorNote, Loading, NotFound, notReady } from './common';

type Content = NonNullable<NonNullable<CaseStudyPageQuery['caseStudy']>['published']>;

export function OrganisationLink({ id }: { id: string }) {
  const { data } = useQuery(OrganisationNameDocument, { id });
  return <Link href={`/organisations/${id}`}>{data?.organisation?.name ?? id}</Link>;
}

function List({ heading, items }: { heading: string; items: string[] }) {
  if (!items.length) return null;
  return (
    <>
      <dt>{heading}</dt>
      <dd>
        <ul>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      </dd>
    </>
  );
}

const NARRATIVE: Array<[keyof Content['narrative'], MessageKey]> = [
  ['situationBefore', 'situationBefore'],
  ['objectives', 'objectives'],
  ['process', 'process'],
  ['resources', 'resources'],
  ['results', 'resultsField'],
  ['sustainability', 'sustainability'],
];

function RevisionDiff({ id, from, to }: { id: string; from: number; to: number }) {
  const i18n = useI18n();
  const [mode, setMode] = useState<'inline' | 'side-by-side'>('inline');
  const { data, error } = useQuery(CaseStudyDiffDocument, { id, from, to });
  if (error) return <ErrorNote error={error} />;
  const diff = data?.caseStudy?.diff;
  if (!diff) return <Loading />;
  return (
    <div class="revision-diff">
      <h3>{i18n.t('diffTitle', { from, to })}</h3>
      <ModeSwitch mode={mode} setMode={setMode} />
      {diff.changes.map((change) => (
        <section key={change.field} class="field-change">
          <h4>
            <code>{change.field}</code> · {i18n.t(change.kind === 'ADDED' ? 'added' : change.kind === 'REMOVED' ? 'removed' : 'changed')}
          </h4>
          {change.words ? (
            <DiffView parts={change.words} mode={mode} />
          ) : change.items ? (
            <ul class="diff-items">
              {change.items.map((item, index) => (
                <li key={index} class={`item-${item.kind.toLowerCase()}`}>
                  {item.kind === 'ADDED' ? <ins>{item.value}</ins> : item.kind === 'REMOVED' ? <del>{item.value}</del> : item.value}
                </li>
              ))}
            </ul>
          ) : (
            <DiffView parts={[...(change.before ? [{ kind: 'REMOVED' as const, text: change.before }] : []), ...(change.after ? [{ kind: 'ADDED' as const, text: ` ${change.after}` }] : [])]} mode={mode} />
          )}
        </section>
      ))}
    </div>
  );
}

export function ModeSwitch({ mode, setMode }: { mode: 'inline' | 'side-by-side'; setMode(mode: 'inline' | 'side-by-side'): void }) {
  const i18n = useI18n();
  return (
    <div class="mode-switch" role="group" aria-label={i18n.t('compare')}>
      <button type="button" aria-pressed={mode === 'inline'} onClick={() => setMode('inline')}>
        {i18n.t('inline')}
      </button>
      <button type="button" aria-pressed={mode === 'side-by-side'} onClick={() => setMode('side-by-side')}>
        {i18n.t('sideBySide')}
      </button>
    </div>
  );
}

export function CaseStudyPage({ id }: { id: string }) {
  const i18n = useI18n();
  const query = useQuery(CaseStudyPageDocument, { id });
  const { data } = query;
  const [diffAt, setDiffAt] = useState<number | null>(null);
  const early = notReady(query);
  if (early) return early;
  const caseStudy = data?.caseStudy;
  const content = caseStudy?.published;
  if (!caseStudy || !content) return <NotFound />;
  const revisions = caseStudy.revisions.edges.map((edge) => edge.node);
  return (
    <article class="case-study">
      <p class="lang-label">
        {i18n.t('contentLanguage')}: {i18n.languageName(content.language)}
      </p>
      <div lang={content.language}>
        <h1>{content.title}</h1>
        <p class="lead">{content.summary}</p>
      </div>
      <dl class="facts">
        <dt>{i18n.t('place')}</dt>
        <dd>
          {content.city}, {i18n.countryName(content.country)}
          {content.coordinates && ` (${i18n.number(content.coordinates.latitude, { maximumFractionDigits: 4 })}, ${i18n.number(content.coordinates.longitude, { maximumFractionDigits: 4 })})`}
        </dd>
        <dt>{i18n.t('period')}</dt>
        <dd>
          {content.period.fromYear}
          {content.period.toYear ? `–${content.period.toYear}` : ''}
        </dd>
        <dt>{i18n.t('sectors')}</dt>
        <dd>{content.sectors.map(i18n.label).join(', ')}</dd>
        {content.sdgTargets.length > 0 && (
          <>
            <dt>{i18n.t('sdgTargets')}</dt>
            <dd>{content.sdgTargets.join(', ')}</dd>
          </>
        )}
        {content.cost && (
          <>
            <dt>{i18n.t('cost')}</dt>
            <dd>{i18n.number(content.cost.amount, { style: 'currency', currency: content.cost.currency, maximumFractionDigits: 0 })}</dd>
          </>
        )}
        <List heading={i18n.t('fundingSources')} items={content.fundingSources} />
        <dt>{i18n.t('leadOrganisation')}</dt>
        <dd>
          <OrganisationLink id={caseStudy.organisationId} />
        </dd>
        {content.organisationIds.length > 0 && (
          <>
            <dt>{i18n.t('organisations')}</dt>
            <dd>
              <ul>
                {content.organisationIds.map((organisationId) => (
                  <li key={organisationId}>
                    <OrganisationLink id={organisationId} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {caseStudy.partnershipId && (
          <>
            <dt>{i18n.t('partnership')}</dt>
            <dd>
              <Link href={`/partnerships/${caseStudy.partnershipId}`}>{caseStudy.partnershipId}</Link>
            </dd>
          </>
        )}
        {caseStudy.publishedAt && (
          <>
            <dt>{i18n.t('published', { date: '' }).trim()}</dt>
            <dd>{i18n.date(caseStudy.publishedAt)}</dd>
          </>
        )}
      </dl>

      <section lang={content.language}>
        <h2>{i18n.t('description')}</h2>
        <div class="body">{content.body}</div>
        <h2>{i18n.t('narrative')}</h2>
        <dl>
          {NARRATIVE.filter(([field]) => content.narrative[field]).map(([field, label]) => (
            <Fragment key={field}>
              <dt>{i18n.t(label)}</dt>
              <dd>{content.narrative[field]}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      {content.outcomes.length > 0 && (
        <section>
          <h2>{i18n.t('indicators')}</h2>
          <ul class="outcomes">
            {content.outcomes.map((outcome, index) => {
              const title = [outcome.indicator?.kpiCode, outcome.indicator?.name].filter(Boolean).join(' · ');
              return (
                <li key={index}>
                  <p lang={content.language}>{outcome.description}</p>
                  {outcome.indicator && (
                    <>
                      <p class="meta">
                        {outcome.indicator.kpiCode && <abbr title="U4SSC KPI">{outcome.indicator.kpiCode}</abbr>} {outcome.indicator.name}
                        {outcome.indicator.year ? ` (${outcome.indicator.year})` : ''}
                      </p>
                      <IndicatorChart indicator={outcome.indicator} title={title || outcome.description} />
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {content.buildingBlocks.length > 0 && (
        <section lang={content.language}>
          <h2>{i18n.t('buildingBlocks')}</h2>
          {content.buildingBlocks.map((block, index) => (
            <div key={index} class="building-block">
              <h3>{block.title}</h3>
              {block.description && <p>{block.description}</p>}
              <dl>
                <List heading={i18n.t('enablingFactors')} items={block.enablingFactors} />
                <List heading={i18n.t('barriers')} items={block.barriers} />
                <List heading={i18n.t('lessons')} items={block.lessons} />
              </dl>
            </div>
          ))}
        </section>
      )}

      <section lang={content.language}>
        <h2>{i18n.t('transferability')}</h2>
        <dl>
          {content.transferability.citySize && (
            <>
              <dt>{i18n.t('facetCITY_SIZE')}</dt>
              <dd>{i18n.label(content.transferability.citySize)}</dd>
            </>
          )}
          {content.transferability.incomeLevel && (
            <>
              <dt>{i18n.t('facetINCOME_LEVEL')}</dt>
              <dd>{i18n.label(content.transferability.incomeLevel)}</dd>
            </>
          )}
          <List heading={i18n.t('preconditions')} items={content.transferability.preconditions} />
          <List heading={i18n.t('lessonsLearned')} items={content.lessonsLearned} />
        </dl>
      </section>

      {data.similarCaseStudies.length > 0 && (
        <section>
          <h2>{i18n.t('similar')}</h2>
          <ul class="similar">
            {data.similarCaseStudies.map((similar) => (
              <li key={similar.caseStudy.id}>
                <Link href={`/case-studies/${similar.caseStudy.id}`}>{similar.caseStudy.published?.title}</Link>{' '}
                <span class="meta">
                  ({similar.caseStudy.published?.city}, {i18n.countryName(similar.caseStudy.published?.country ?? '')})
                </span>
                <ul class="reasons">
                  {similar.reasons.map((reason, index) => (
                    <li key={index}>{reason.detail}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2>{i18n.t('history')}</h2>
        <ol class="revisions">
          {revisions.map((revision, index) => (
            <li key={revision.revision}>
              <strong>{i18n.t('revision', { n: revision.revision })}</strong> · {i18n.date(revision.occurredAt)}
              {revision.publishedAt && ` · ${i18n.t('published', { date: i18n.date(revision.publishedAt) })}`}
              {revision.changeNote && ` · ${revision.changeNote}`}
              {index > 0 && (
                <>
                  <br />
                  <span class="meta">{i18n.t('changedFields', { fields: revision.changedFields.join(', ') })}</span>{' '}
                  <button type="button" class="link-button" aria-expanded={diffAt === index} onClick={() => setDiffAt(diffAt === index ? null : index)}>
                    {i18n.t('showDiff')}
                  </button>
                  {diffAt === index && <RevisionDiff id={caseStudy.id} from={revisions[index - 1].revision} to={revision.revision} />}
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
