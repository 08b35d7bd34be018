import type { DataSource } from 'typeorm';
import type { RequestActor } from './request-context';
import { SetMetadata } from '@nestjs/common';

/** Who may call a resolver. Checked by the authorization guard before the resolver (and its command) runs. */
export type Policy =
  | { kind: 'anyone' }
  | { kind: 'signed-in' }
  | { kind: 'person' }
  | { kind: 'role'; roles: readonly string[] }
  | { kind: 'organisation-role'; roles: readonly string[]; organisationOf: OrganisationOf }
  | { kind: 'visible-parent'; rule: VisibilityRule<any> };

/** Who may see an entity in its current state, as a check on one loaded entity and as the same rule in SQL for lists. */
export interface VisibilityRule<Entity> {
  name: string;
  /** Whether the actor may see this entity (used on field resolvers: the parent, and on lookups by id). */
  allows(entity: Entity, actor: RequestActor, db: DataSource): Promise<boolean> | boolean;
  /**
   * The same rule as a SQL condition on a list query, so rows are filtered by the database, never after
   * fetching (which would break page sizes and counts). `alias` is the entity's table alias.
   */
  sql(alias: string, actor: RequestActor): { condition: string; parameters: Record<string, unknown> };
}

/** The organisation a call acts for: named in its arguments, or found through a registered lookup (e.g. a partnership's lead). */
export type OrganisationOf = (args: Record<string, any>) => string | undefined | { lookup: string; id: string | undefined };

export const POLICY_KEY = 'sce:policy';

/** Anyone, signed in or not. The default for queries. */
export const Anyone = () => SetMetadata(POLICY_KEY, { kind: 'anyone' } satisfies Policy);
/** Any signed-in account (or API key). The default for mutations. */
export const SignedIn = () => SetMetadata(POLICY_KEY, { kind: 'signed-in' } satisfies Policy);
/**
 * A person signed in with a bearer token, not an API key: for what must never be done by a leaked key
 * (making or revoking keys, erasing the account).
 */
export const PersonOnly = () => SetMetadata(POLICY_KEY, { kind: 'person' } satisfies Policy);
/** A signed-in account holding one of these platform roles. */
export const HasRole = (...roles: string[]) => SetMetadata(POLICY_KEY, { kind: 'role', roles } satisfies Policy);
/** A member of the organisation the arguments name, in one of these roles (OWNER, EDITOR, MEMBER). */
export const OrganisationRole = (roles: readonly string[], organisationOf: OrganisationOf) =>
  SetMetadata(POLICY_KEY, { kind: 'organisation-role', roles, organisationOf } satisfies Policy);

/**
 * A field resolver that answers only when its parent entity is visible to the caller under the rule: put
 * it on every field that reaches the entity's data, so a hidden entity leaks nothing through a side path.
 */
export const VisibleParent = (rule: VisibilityRule<any>) => SetMetadata(POLICY_KEY, { kind: 'visible-parent', rule } satisfies Policy);

/** How the authorisation layer learns an account's role in an organisation (provided by the organisations context). */
export interface OrganisationMembership {
  roleOf(organisationId: string, accountId: string): Promise<string | null>;
}
export const ORGANISATION_MEMBERSHIP = Symbol('ORGANISATION_MEMBERSHIP');

/** Lookups from an entity to the organisation that acts for it, registered by each context at start-up. */
export class OrganisationLookups {
  private readonly lookups = new Map<string, (id: string) => Promise<string | null>>();

  register(name: string, lookup: (id: string) => Promise<string | null>): void {
    if (this.lookups.has(name)) throw new Error(`Organisation lookup '${name}' is registered twice`);
    this.lookups.set(name, lookup);
  }

  async resolve(name: string, id: string): Promise<string | null> {
    const lookup = this.lookups.get(name);
    if (!lookup) throw new Error(`No organisation lookup '${name}' is registered`);
    return lookup(id);
  }
}
