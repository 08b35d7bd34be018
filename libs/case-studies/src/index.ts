import { CaseStudyErrorCode } from './domain/case-study.errors';
import { CreateCaseStudies1764400000000 } from './migrations/1764400000000-create-case-studies';
import { CreateCaseStudyCodes1764530000000 } from './migrations/1764530000000-create-case-study-codes';
import { CaseStudyOrganisationRow, CaseStudySectorRow } from './read-models/case-study-directory/case-study-codes';
import { CaseStudyOrganisationMemberRow, caseStudyAccessProjection } from './read-models/case-study-access/case-study-access';
import { caseStudyDirectoryProjection } from './read-models/case-study-directory/case-study-directory.projection';
import { CaseStudyRow } from './read-models/case-study-directory/case-study-row.entity';
import { CaseStudyRevisionRow, caseStudyRevisionsProjection } from './read-models/case-study-revisions/case-study-revisions';

export * from './domain/case-study-content';
export * from './domain/case-study.events';
export * from './domain/case-study.commands';
export * from './domain/case-study.errors';
export * from './domain/case-study.decide';
export * from './domain/case-study';
export * from './domain/case-study-diff';
export { findCaseStudy, findVisibleCaseStudy, listCaseStudies, type CaseStudyFilter } from './read-models/case-study-directory/case-study-directory.queries';
export { caseStudyVisibility, caseStudyDraftVisibility } from './read-models/case-study-directory/case-study-visibility';
export { CASE_STUDY_DIRECTORY, snapshotOf } from './read-models/case-study-directory/case-study-directory.projection';
export { CaseStudyRow } from './read-models/case-study-directory/case-study-row.entity';
export { CaseStudiesModule } from './case-studies.module';
export * from './search/case-study-search-documents';
export * from './search/case-study-search-feed';
export { CaseStudyObject } from './graphql/case-study.object-type';

/** What this context adds to the read-model database and the log's consumers. */
export const caseStudiesContext = {
  name: 'case-studies',
  entities: [CaseStudyRow, CaseStudyOrganisationRow, CaseStudySectorRow, CaseStudyRevisionRow, CaseStudyOrganisationMemberRow],
  migrations: [CreateCaseStudies1764400000000, CreateCaseStudyCodes1764530000000],
  projections: [caseStudyDirectoryProjection, caseStudyRevisionsProjection, caseStudyAccessProjection],
  upcasters: [],
  errorCodes: CaseStudyErrorCode,
};
// The CLI import validates records with the API's own input class and maps them as the resolver does.
export { DraftCaseStudyInput } from './graphql/case-study.inputs';
export { draftContent } from './graphql/case-study.mapping';
