import type { CaseStudyContent, Narrative } from '../domain/case-study-content';
import { snapshotOf } from '../read-models/case-study-directory/case-study-directory.projection';
import type { CaseStudyRow } from '../read-models/case-study-directory/case-study-row.entity';
import { contentOf, type CaseStudyRevisionRow } from '../read-models/case-study-revisions/case-study-revisions';
import type { CaseStudyObject, CaseStudyRevisionObject, WorkingDraftObject } from './case-study.object-type';
import type { BuildingBlockInput, DraftCaseStudyInput, NarrativeInput, OutcomeInput, ReviseCaseStudyInput, TransferabilityInput } from './case-study.inputs';

// Inputs become plain content objects with every key in a fixed order (the decider compares values as JSON).
const narrative = (input: NarrativeInput | null | undefined): Narrative => ({
  situationBefore: input?.situationBefore ?? null,
  objectives: input?.objectives ?? null,
  process: input?.process ?? null,
  resources: input?.resources ?? null,
  results: input?.results ?? null,
  sustainability: input?.sustainability ?? null,
});
const buildingBlock = (block: BuildingBlockInput) => ({
  title: block.title.trim(),
  description: block.description ?? null,
  enablingFactors: block.enablingFactors ?? [],
  barriers: block.barriers ?? [],
  lessons: block.lessons ?? [],
  facets: (block.facets ?? []).map(({ facet, value }) => ({ facet, value })),
});
const outcome = ({ description, indicator }: OutcomeInput) => ({
  description,
  indicator: indicator
    ? { kpiCode: indicator.kpiCode ?? null, name: indicator.name ?? null, unit: indicator.unit ?? null, baseline: indicator.baseline ?? null, achieved: indicator.achieved ?? null, year: indicator.year ?? null }
    : null,
});
const transferability = (input: TransferabilityInput | null | undefined) => ({ citySize: input?.citySize ?? null, incomeLevel: input?.incomeLevel ?? null, preconditions: input?.preconditions ?? [] });

type Optional = Pick<ReviseCaseStudyInput, 'coordinates' | 'sdgTargets' | 'organisationIds' | 'narrative' | 'buildingBlocks' | 'outcomes' | 'cost' | 'fundingSources' | 'lessonsLearned' | 'transferability'>;
const OPTIONAL: { [K in keyof Optional]-?: (value: Optional[K]) => CaseStudyContent[K] } = {
  coordinates: (value) => (value ? { latitude: value.latitude, longitude: value.longitude } : null),
  sdgTargets: (value) => value ?? [],
  organisationIds: (value) => value ?? [],
  narrative,
  buildingBlocks: (value) => (value ?? []).map(buildingBlock),
  outcomes: (value) => (value ?? []).map(outcome),
  cost: (value) => (value ? { amount: value.amount, currency: value.currency } : null),
  fundingSources: (value) => value ?? [],
  lessonsLearned: (value) => value ?? [],
  transferability,
};

export function draftContent(input: DraftCaseStudyInput): CaseStudyContent {
  return {
    title: input.title.trim(),
    summary: input.summary,
    body: input.body,
    city: input.city.trim(),
    country: input.country,
    coordinates: OPTIONAL.coordinates(input.coordinates),
    sectors: input.sectors,
    sdgTargets: OPTIONAL.sdgTargets(input.sdgTargets),
    period: { fromYear: input.period.fromYear, toYear: input.period.toYear ?? null },
    organisationIds: OPTIONAL.organisationIds(input.organisationIds),
    narrative: narrative(input.narrative),
    buildingBlocks: OPTIONAL.buildingBlocks(input.buildingBlocks),
    outcomes: OPTIONAL.outcomes(input.outcomes),
    cost: OPTIONAL.cost(input.cost),
    fundingSources: OPTIONAL.fundingSources(input.fundingSources),
    lessonsLearned: OPTIONAL.lessonsLearned(input.lessonsLearned),
    transferability: transferability(input.transferability),
    language: input.language,
  };
}

/** The fields a revision gives: left out stays, null clears (an empty list, no value). */
export function revisedFields(input: ReviseCaseStudyInput): Partial<CaseStudyContent> {
  const changes: Partial<CaseStudyContent> = {};
  const set = <K extends keyof CaseStudyContent>(field: K, value: CaseStudyContent[K]) => (changes[field] = value);
  if (input.title != null) set('title', input.title.trim());
  if (input.summary != null) set('summary', input.summary);
  if (input.body != null) set('body', input.body);
  if (input.city != null) set('city', input.city.trim());
  if (input.country != null) set('country', input.country);
  if (input.sectors != null) set('sectors', input.sectors);
  if (input.period != null) set('period', { fromYear: input.period.fromYear, toYear: input.period.toYear ?? null });
  if (input.language != null) set('language', input.language);
  for (const field of Object.keys(OPTIONAL) as (keyof Optional)[]) {
    if (input[field] !== undefined) set(field, (OPTIONAL[field] as (value: unknown) => never)(input[field]));
  }
  return changes;
}

export function toCaseStudyObject(row: CaseStudyRow): CaseStudyObject {
  const snapshot = snapshotOf(row);
  return {
    id: row.id,
    organisationId: row.organisationId,
    partnershipId: row.partnershipId,
    status: row.status as CaseStudyObject['status'],
    revision: row.revision,
    published: snapshot.state.published,
    publishedRevision: row.publishedRevision,
    publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
    draftedAt: new Date(row.draftedAt),
    updatedAt: new Date(row.updatedAt),
    snapshot,
  };
}

export function toWorkingDraftObject(caseStudy: CaseStudyObject): WorkingDraftObject | null {
  const working = caseStudy.snapshot.state.working;
  if (!working) return null;
  return { stage: working.stage, content: working.content, comments: working.comments, submittedAt: caseStudy.snapshot.submittedAt ? new Date(caseStudy.snapshot.submittedAt) : null };
}

export function toRevisionObject(row: CaseStudyRevisionRow): CaseStudyRevisionObject {
  return {
    revision: row.revision,
    type: row.type,
    changedFields: row.changedFields.split(',').filter(Boolean),
    changeNote: row.changeNote,
    actorId: row.actorId,
    occurredAt: new Date(row.occurredAt),
    publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
    content: contentOf(row),
  };
}

