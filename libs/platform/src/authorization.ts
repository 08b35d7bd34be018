import { SetMetadata } from '@nestjs/common';

/** Who may call a resolver. Checked by the authorization guard before the resolver (and its command) runs. */
export type Policy =
  | { kind: 'anyone' }
  | { kind: 'signed-in' }
  | { kind: 'role'; roles: readonly string[] }
  | { kind: 'organisation-role'; roles: readonly string[]; organisationOf: (args: Record<string, any>) => string | undefined };

export const POLICY_KEY = 'sce:policy';

/** Anyone, signed in or not. The default for queries. */
export const Anyone = () => SetMetadata(POLICY_KEY, { kind: 'anyone' } satisfies Policy);
/** Any signed-in account (or API key). The default for mutations. */
export const SignedIn = () => SetMetadata(POLICY_KEY, { kind: 'signed-in' } satisfies Policy);
/** A signed-in account holding one of these platform roles. */
export const HasRole = (...roles: string[]) => SetMetadata(POLICY_KEY, { kind: 'role', roles } satisfies Policy);
/** A member of the organisation the arguments name, in one of these roles (OWNER, EDITOR, MEMBER). */
export const OrganisationRole = (roles: readonly string[], organisationOf: (args: Record<string, any>) => string | undefined) =>
  SetMetadata(POLICY_KEY, { kind: 'organisation-role', roles, organisationOf } satisfies Policy);

/** How the authorisation layer learns an account's role in an organisation (provided by the organisations context). */
export interface OrganisationMembership {
  roleOf(organisationId: string, accountId: string): Promise<string | null>;
}
export const ORGANISATION_MEMBERSHIP = Symbol('ORGANISATION_MEMBERSHIP');
