// Injection tokens for the infrastructure the composition root builds (see @sce/composition).
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const PROJECTION_LEADERSHIP = Symbol('PROJECTION_LEADERSHIP');
export const WRITE_GATE = Symbol('WRITE_GATE');
/** () => Promise<object | undefined>: what the log's driver has to say in /health (PostgreSQL: position headroom). */
export const EVENT_STORE_HEALTH = Symbol('EVENT_STORE_HEALTH');
/** The CaseStudySearchIndex (@sce/search) the configuration chose: embedded, PostgreSQL or Meilisearch. */
export const CASE_STUDY_SEARCH = Symbol('CASE_STUDY_SEARCH');
/** The GuidelineSearchIndex (@sce/search): the same engine, in a store of its own. */
export const GUIDELINE_SEARCH = Symbol('GUIDELINE_SEARCH');
