// The operations the guideline specs send, written once.
export const GUIDELINE_FIELDS = `id status stage title revision latestVersion authorIds`;
export const TEXT_FIELDS = `revision title sections { sectionId heading body position }`;

export const DRAFT_GUIDELINE = `
  mutation Draft($input: DraftGuidelineInput!, $key: String) {
    draftGuideline(input: $input, idempotencyKey: $key) { guideline { ${GUIDELINE_FIELDS} draft { ${TEXT_FIELDS} } } position }
  }`;
export const EDIT_GUIDELINE = `
  mutation Edit($input: EditGuidelineInput!) {
    editGuideline(input: $input) { guideline { ${GUIDELINE_FIELDS} } position }
  }`;
export const ADD_AUTHOR = `mutation($g: ID!, $a: ID!) { addGuidelineAuthor(guidelineId: $g, accountId: $a) { guideline { authorIds } position } }`;
export const REQUEST_REVIEW = `mutation($g: ID!) { requestGuidelineReview(guidelineId: $g) { guideline { ${GUIDELINE_FIELDS} } position } }`;
export const REVIEW_GUIDELINE = `mutation($i: ReviewGuidelineInput!) { reviewGuideline(input: $i) { guideline { ${GUIDELINE_FIELDS} } position } }`;
export const PUBLISH_VERSION = `mutation($i: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $i) { guideline { ${GUIDELINE_FIELDS} } position } }`;
export const COMMENT = `mutation($i: CommentOnGuidelineInput!) { commentOnGuideline(input: $i) { commentId guideline { id } position } }`;
export const PROPOSE_AMENDMENT = `mutation($i: ProposeAmendmentInput!) { proposeAmendment(input: $i) { amendmentId guideline { id } position } }`;
export const ACCEPT_AMENDMENT = `mutation($g: ID!, $a: ID!) { acceptAmendment(guidelineId: $g, amendmentId: $a) { guideline { ${GUIDELINE_FIELDS} } position } }`;
export const CITE_EVIDENCE = `mutation($i: CiteEvidenceInput!) { citeEvidence(input: $i) { guideline { id } position } }`;

// The history queries.
export const AS_OF = `query($id: ID!, $at: DateTime!) {
  guideline(id: $id) {
    asOf(at: $at) {
      at
      draft { ${TEXT_FIELDS} }
      published { version { number revision } text { ${TEXT_FIELDS} } }
      evidence { sectionId caseStudyId note }
      comments { commentId text replies { text } resolvedBy }
    }
  }
}`;
const CREDIT = `accountId at revision changeNote amendmentId acceptedBy`;
export const BLAME = `query($id: ID!, $of: GuidelineTextRef!) {
  guideline(id: $id) { blame(of: $of) { of revision sections { sectionId position heading lastChange { ${CREDIT} } headingChange { ${CREDIT} } words { word offset credit { ${CREDIT} } } } } }
}`;
export const MARKDOWN = `query($id: ID!, $n: String!) { guideline(id: $id) { markdown(number: $n) } }`;
export const COMPARE = `query($a: GuidelineSide!, $b: GuidelineSide!) {
  compareGuidelines(a: $a, b: $b) {
    left { guidelineId title version revision }
    right { guidelineId title version revision }
    sections { key kind left { sectionId heading body position } right { sectionId heading body position } words { kind text } }
  }
}`;
export const STALE_EVIDENCE = `query($p: String) { guidelinesWithStaleEvidence(first: 100, consistency: { atLeast: $p }) { totalCount edges { node { id } } } }`;

export const aGuideline = (overrides: Record<string, unknown> = {}) => ({
  title: 'Open data for urban mobility',
  summary: 'How a city publishes mobility data that others can reuse',
  sectors: ['TRANSPORT'],
  language: 'en',
  sections: [
    { heading: 'Scope', body: 'This guideline covers timetables, real-time positions and counts of trips.' },
    { heading: 'Licence', body: 'Publish the data under an open licence that allows commercial reuse. Review the licence every two years.' },
    { heading: 'Formats', body: 'Use GTFS for timetables and GTFS Realtime for positions.' },
  ],
  ...overrides,
});
