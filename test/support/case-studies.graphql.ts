// The operations the case-study specs send, written once.
export const CONTENT_FIELDS = `title summary body city country coordinates { latitude longitude } sectors sdgTargets period { fromYear toYear } organisationIds
  narrative { situationBefore objectives process resources results sustainability }
  buildingBlocks { title description enablingFactors barriers lessons facets { facet value } }
  outcomes { description indicator { kpiCode name unit baseline achieved year } }
  cost { amount currency } fundingSources lessonsLearned transferability { citySize incomeLevel preconditions } language`;

export const CASE_STUDY_FIELDS = `id organisationId partnershipId status revision publishedRevision publishedAt draftedAt updatedAt published { title summary }`;

export const DRAFT_CASE_STUDY = `
  mutation Draft($input: DraftCaseStudyInput!, $key: String) {
    draftCaseStudy(input: $input, idempotencyKey: $key) { caseStudy { ${CASE_STUDY_FIELDS} workingDraft { stage content { title } } } position }
  }`;

export const REVISE_CASE_STUDY = `
  mutation Revise($input: ReviseCaseStudyInput!) {
    reviseCaseStudy(input: $input) { caseStudy { ${CASE_STUDY_FIELDS} workingDraft { stage content { title summary } } } position }
  }`;

export const SUBMIT_CASE_STUDY = `mutation Submit($id: ID!) { submitCaseStudy(caseStudyId: $id) { caseStudy { ${CASE_STUDY_FIELDS} } position } }`;

export const REVIEW_CASE_STUDY = `
  mutation Review($input: ReviewCaseStudyInput!) {
    reviewCaseStudy(input: $input) { caseStudy { ${CASE_STUDY_FIELDS} } position }
  }`;

export const ARCHIVE_CASE_STUDY = `mutation Archive($id: ID!, $reason: String!) { archiveCaseStudy(caseStudyId: $id, reason: $reason) { caseStudy { ${CASE_STUDY_FIELDS} } position } }`;

export const LINK_CASE_STUDY = `mutation Link($id: ID!, $p: ID!) { linkCaseStudyToPartnership(caseStudyId: $id, partnershipId: $p) { caseStudy { ${CASE_STUDY_FIELDS} } position } }`;

export const GET_CASE_STUDY = `query One($id: ID!) { caseStudy(id: $id) { ${CASE_STUDY_FIELDS} } }`;

export const aCaseStudy = (organisationId: string, overrides: Record<string, unknown> = {}) => ({
  organisationId,
  title: 'Retrofitting Soviet-era apartment blocks',
  summary: 'Deep energy renovation of 40 apartment blocks with owners associations',
  body: '# Retrofit\n\nInsulation, new windows and heat meters in 40 blocks.',
  city: 'Tbilisi',
  country: 'ge',
  coordinates: { latitude: 41.7151, longitude: 44.8271 },
  sectors: ['HOUSING', 'ENERGY'],
  sdgTargets: ['11.1', '7.3'],
  period: { fromYear: 2019, toYear: 2023 },
  narrative: { situationBefore: 'Cold flats and high bills', objectives: 'Halve heat demand', process: 'Owners voted block by block', results: '45% less heat' },
  buildingBlocks: [{ title: 'Revolving fund', enablingFactors: ['Owners associations'], barriers: ['Split incentives'], lessons: ['Start small'], facets: [{ facet: 'instrument', value: 'revolving-fund' }] }],
  outcomes: [{ description: 'Heat demand down', indicator: { kpiCode: 'EN: E: E: 1C', unit: 'kWh/m2', baseline: 210, achieved: 115, year: 2023 } }],
  cost: { amount: 1250000000, currency: 'EUR' },
  fundingSources: ['EBRD loan'],
  lessonsLearned: ['Owners need a single contact'],
  transferability: { citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE', preconditions: ['Owners associations exist'] },
  language: 'en',
  ...overrides,
});
