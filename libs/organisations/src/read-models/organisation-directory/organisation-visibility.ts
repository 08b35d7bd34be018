import type { RequestActor, VisibilityRule } from '@sce/platform';
import { memberRoleOf } from '../organisation-members/organisation-members';

const ADMIN = 'ADMIN';

/**
 * A suspended organisation is hidden from the public: only its members and admins still see it (and its
 * members, partnerships and history). Every other organisation is public.
 */
export const organisationVisibility: VisibilityRule<{ id: string; status: string }> = {
  name: 'organisation',
  async allows(organisation, actor, db) {
    if (organisation.status !== 'SUSPENDED' || actor.roles.includes(ADMIN)) return true;
    return actor.actorId !== null && (await memberRoleOf(db, organisation.id, actor.actorId)) !== null;
  },
  sql(alias: string, actor: RequestActor) {
    if (actor.roles.includes(ADMIN)) return { condition: '1 = 1', parameters: {} };
    if (!actor.actorId) return { condition: `${alias}.status <> 'SUSPENDED'`, parameters: {} };
    return {
      condition: `(${alias}.status <> 'SUSPENDED' OR EXISTS (SELECT 1 FROM organisation_members visible_m WHERE visible_m.organisation_id = ${alias}.id AND visible_m.account_id = :visibleToActor))`,
      parameters: { visibleToActor: actor.actorId },
    };
  },
};
