import { SetMetadata } from '@nestjs/common';

/** Who may call a resolver. Checked by the authorization guard before the resolver (and its command) runs. */
export type Policy =
  | { kind: 'anyone' }
  | { kind: 'signed-in' }
  | { kind: 'role'; roles: readonly string[] }
  | { kind: 'organisation-role'; roles: readonly string[]; organisationOf: OrganisationOf };

/** The organisation a call acts for: named in its arguments, or found through a registered lookup (e.g. a partnership's lead). */
export type OrganisationOf = (args: Record<string, any>) => string | undefined | { lookup: string; id: string | undefined };

export const POLICY_KEY = 'sce:policy';

/** Anyone, signed in or not. The default for queries. */
export const Anyone = () => SetMetadata(POLICY_KEY, { kind: 'anyone' } satisfies Policy);
/** Any signed-in account (or API key). The default for mutations. */
export const SignedIn = () => SetMetadata(POLICY_KEY, { kind: 'signed-in' } satisfies Policy);
/** A signed-in account holding one of these platform roles. */
export const HasRole = (...roles: string[]) => SetMetadata(POLICY_KEY, { kind: 'role', roles } satisfies Policy);
/** A member of the organisation the arguments name, in one of these roles (OWNER, EDITOR, MEMBER). */
export const OrganisationRole = (roles: readonly string[], organisationOf: OrganisationOf) =>
  SetMetadata(POLICY_KEY, { kind: 'organisation-role', roles, organisationOf } satisfies Policy);

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
