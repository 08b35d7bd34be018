import { GuidelineErrorCode } from './domain/guideline.errors';
import { CreateGuidelines1764500000000 } from './migrations/1764500000000-create-guidelines';
import { CreateGuidelineHistory1764510000000 } from './migrations/1764510000000-create-guideline-history';
import { GuidelineSectionBlameRow, guidelineBlamesProjection } from './read-models/guideline-blames';
import { GuidelineCitedCaseStudyRow, GuidelineEvidencePeriodRow, guidelineEvidenceHistoryProjection } from './read-models/guideline-evidence-history';
import { GuidelineAccountRoleRow, guidelineAccountRolesProjection } from './read-models/guideline-account-roles';
import { GuidelineAmendmentRow, guidelineAmendmentsProjection } from './read-models/guideline-amendments';
import { GuidelineRow, guidelineDirectoryProjection } from './read-models/guideline-directory';
import { GuidelineEvidenceRow, guidelineEvidenceProjection } from './read-models/guideline-evidence';
import { GuidelineCommentRow, GuidelineRevisionRow, GuidelineSectionTextRow, GuidelineVersionRow, guidelineTextsProjection } from './read-models/guideline-texts';

// The guidelines context's public surface: its domain (decider, diff, comment anchors, blame), read models and module.
export * from './domain/guideline-content';
export * from './domain/guideline.events';
export * from './domain/guideline.commands';
export * from './domain/guideline.errors';
export * from './domain/guideline.decide';
export * from './domain/guideline';
export * from './domain/guideline-diff';
export * from './domain/comment-anchors';
export * from './domain/blame';
export { GuidelinesModule } from './guidelines.module';
export { GuidelineObject } from './graphql/guideline.object-type';
export * from './search/guideline-search-feed';

/** What this context adds to the read-model database and the log's consumers. */
export const guidelinesContext = {
  name: 'guidelines',
  entities: [GuidelineRow, GuidelineRevisionRow, GuidelineSectionTextRow, GuidelineVersionRow, GuidelineCommentRow, GuidelineEvidenceRow, GuidelineAmendmentRow, GuidelineAccountRoleRow, GuidelineSectionBlameRow, GuidelineEvidencePeriodRow, GuidelineCitedCaseStudyRow],
  migrations: [CreateGuidelines1764500000000, CreateGuidelineHistory1764510000000],
  projections: [guidelineDirectoryProjection, guidelineTextsProjection, guidelineEvidenceProjection, guidelineAmendmentsProjection, guidelineAccountRolesProjection, guidelineBlamesProjection, guidelineEvidenceHistoryProjection],
  upcasters: [],
  errorCodes: GuidelineErrorCode,
};
