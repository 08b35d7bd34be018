import type { CaseStudySearchDocument, CaseStudySearchVariant, CaseStudySearchWrite } from '@sce/search';
import { regionOf, toEur } from '@sce/vocabulary';
import { minorUnitDigits, NARRATIVE_PARTS, type CaseStudyContent } from '../domain/case-study-content';
import type { CaseStudySnapshot, ExistingCaseStudy } from '../domain/case-study';

const paragraphs = (texts: readonly (string | null | undefined)[]) => texts.filter((text): text is string => Boolean(text && text.trim())).join('\n\n');

/** The structured narrative as one text, in the order the port documents. */
function narrativeText(content: CaseStudyContent): string {
  return paragraphs([
    ...NARRATIVE_PARTS.map((part) => content.narrative[part]),
    ...content.buildingBlocks.flatMap((block) => [block.title, block.description, ...block.enablingFactors, ...block.barriers, ...block.lessons]),
    ...content.outcomes.flatMap((outcome) => [outcome.description, outcome.indicator?.name]),
    ...content.lessonsLearned,
    ...content.transferability.preconditions,
  ]);
}

/**
 * One searchable document of a text of a case study. Costs are indexed in major units (euros, not cents),
 * as people search them, with the EUR amount of the static table for ranges and sorting.
 */
export function searchDocument(
  state: ExistingCaseStudy,
  variant: CaseStudySearchVariant,
  content: CaseStudyContent,
  at: string,
  organisationTypes: ReadonlyMap<string, string>,
): CaseStudySearchDocument {
  const organisationIds = [...new Set([state.organisationId, ...content.organisationIds])];
  const amount = content.cost ? content.cost.amount / 10 ** minorUnitDigits(content.cost.currency) : null;
  return {
    caseStudyId: state.caseStudyId,
    variant,
    language: content.language,
    title: content.title,
    summary: content.summary,
    city: content.city,
    narrative: narrativeText(content),
    body: content.body,
    country: content.country,
    region: regionOf(content.country),
    sectors: [...content.sectors],
    sdgTargets: [...content.sdgTargets],
    organisationIds,
    organisationTypes: [...new Set(organisationIds.map((id) => organisationTypes.get(id)).filter((type): type is string => type !== undefined))],
    partnershipId: state.partnershipId,
    kpiCodes: [...new Set(content.outcomes.map((outcome) => outcome.indicator?.kpiCode).filter((code): code is string => Boolean(code)))],
    citySize: content.transferability.citySize,
    incomeLevel: content.transferability.incomeLevel,
    yearFrom: content.period.fromYear,
    yearTo: content.period.toYear,
    cost: content.cost && amount !== null ? { amount, currency: content.cost.currency, amountInEur: toEur(amount, content.cost.currency) } : null,
    publishedAt: at,
  };
}

/**
 * Pure: what the search index must hold for a case study as it now stands, as one write per variant at its
 * stream revision. PUBLISHED is the published text while it is published (archive removes it); IN_REVIEW is
 * the working text while it is submitted (a request for changes or an approval removes it; approval writes
 * the approved text as PUBLISHED). A null document removes: both keys are always written, so the index
 * never keeps a variant the case study no longer has, whatever events it missed.
 */
export function caseStudySearchWrites(snapshot: CaseStudySnapshot, organisationTypes: ReadonlyMap<string, string>): CaseStudySearchWrite[] {
  const { state, revision } = snapshot;
  const key = (variant: CaseStudySearchVariant) => ({ caseStudyId: state.caseStudyId, variant });
  const published = state.status === 'PUBLISHED' ? searchDocument(state, 'PUBLISHED', state.published, snapshot.publishedAt!, organisationTypes) : null;
  const inReview = state.working?.stage === 'SUBMITTED' ? searchDocument(state, 'IN_REVIEW', state.working.content, snapshot.submittedAt!, organisationTypes) : null;
  return [
    { key: key('PUBLISHED'), revision, document: published },
    { key: key('IN_REVIEW'), revision, document: inReview },
  ];
}
