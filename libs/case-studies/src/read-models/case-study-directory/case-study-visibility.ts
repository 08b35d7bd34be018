import type { RequestActor, VisibilityRule } from '@sce/platform';
import type { DataSource } from 'typeorm';
import { memberOfSql, organisationsOfAccountAmong } from '../case-study-access/case-study-access';

// Reviewers review every organisation's submissions, and admins run the service: both see unpublished work.
const SEES_ALL_DRAFTS = ['ADMIN', 'REVIEWER'];
const seesAllDrafts = (actor: RequestActor) => actor.roles.some((role) => SEES_ALL_DRAFTS.includes(role));

async function mayWorkOn(organisationId: string, actor: RequestActor, db: DataSource): Promise<boolean> {
  if (seesAllDrafts(actor)) return true;
  return actor.actorId !== null && (await organisationsOfAccountAmong(db, actor.actorId, [organisationId])).length > 0;
}

function workersSql(alias: string, actor: RequestActor, otherwise: string) {
  if (seesAllDrafts(actor)) return { condition: '1 = 1', parameters: {} };
  if (!actor.actorId) return { condition: otherwise, parameters: {} };
  return { condition: `(${otherwise} OR ${memberOfSql(`${alias}.organisation_id`)})`, parameters: { caseStudyViewer: actor.actorId } };
}

/**
 * A published case study is public (its published text: see caseStudyDraftVisibility for the working draft
 * beside it). One not yet published, or archived, is seen only by its organisation's members, reviewers and
 * admins: to everyone else it does not exist, in lookups, lists, field resolvers and history alike.
 */
export const caseStudyVisibility: VisibilityRule<{ organisationId: string; status: string }> = {
  name: 'case-study',
  async allows(caseStudy, actor, db) {
    return caseStudy.status === 'PUBLISHED' || mayWorkOn(caseStudy.organisationId, actor, db);
  },
  sql(alias, actor) {
    return workersSql(alias, actor, `${alias}.status = 'PUBLISHED'`);
  },
};

/** Working drafts, submissions and change requests (and their revisions and history): members, reviewers and admins only. */
export const caseStudyDraftVisibility: VisibilityRule<{ organisationId: string }> = {
  name: 'case-study-draft',
  allows: (caseStudy, actor, db) => mayWorkOn(caseStudy.organisationId, actor, db),
  sql(alias, actor) {
    return workersSql(alias, actor, '1 = 0');
  },
};
