import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { OrganisationLookups, READ_MODELS } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { CASE_STUDY_ORGANISATION, CaseStudiesResolver, OrganisationCaseStudiesResolver } from './graphql/case-studies.resolver';
import { CaseStudySearchResolver } from './graphql/case-study-search.resolver';
import { findCaseStudy } from './read-models/case-study-directory/case-study-directory.queries';

@Module({ providers: [CaseStudiesResolver, OrganisationCaseStudiesResolver, CaseStudySearchResolver] })
export class CaseStudiesModule implements OnModuleInit {
  constructor(
    private readonly lookups: OrganisationLookups,
    @Inject(READ_MODELS) private readonly db: DataSource,
  ) {}

  // The authorisation layer learns who acts for a case study: the organisation it was drafted for.
  onModuleInit(): void {
    this.lookups.register(CASE_STUDY_ORGANISATION, async (caseStudyId) => (await findCaseStudy(this.db, caseStudyId))?.organisationId ?? null);
  }
}
