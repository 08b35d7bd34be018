import type { RecordedEvent } from '@sce/event-sourcing';
import { rowProjection } from '@sce/projections';
import type { OrganisationEvent } from '../../domain/organisation.events';
import { OrganisationRow } from './organisation-row.entity';

export const ORGANISATION_DIRECTORY = 'organisation-directory';

/** Pure: the directory row after one more event of its organisation. */
export function evolveOrganisationRow(row: OrganisationRow | null, recorded: RecordedEvent): OrganisationRow | null {
  const event = recorded as unknown as RecordedEvent<OrganisationEvent>;
  const stamp = { revision: recorded.streamRevision, updatedAt: recorded.metadata.occurredAt };
  switch (event.type) {
    case 'OrganisationRegistered': {
      const { organisationId, ...profile } = event.data;
      return Object.assign(new OrganisationRow(), { id: organisationId, ...profile, status: 'REGISTERED', registeredAt: recorded.metadata.occurredAt, ...stamp });
    }
    case 'OrganisationProfileUpdated':
      return row && Object.assign(new OrganisationRow(), row, event.data.changes, stamp);
    case 'OrganisationVerified':
      return row && Object.assign(new OrganisationRow(), row, { status: 'VERIFIED' }, stamp);
    case 'OrganisationSuspended':
      return row && Object.assign(new OrganisationRow(), row, { status: 'SUSPENDED' }, stamp);
    default:
      // Membership events still move the revision the directory shows.
      return row && Object.assign(new OrganisationRow(), row, stamp);
  }
}

export const organisationDirectoryProjection = rowProjection<OrganisationRow>({
  name: ORGANISATION_DIRECTORY,
  entity: OrganisationRow,
  primaryKey: 'id',
  handles: [
    'OrganisationRegistered',
    'OrganisationProfileUpdated',
    'OrganisationMemberAdded',
    'OrganisationMemberRoleChanged',
    'OrganisationMemberRemoved',
    'OrganisationVerified',
    'OrganisationSuspended',
  ] satisfies OrganisationEvent['type'][],
  rowIdOf: (event) => (event.data as { organisationId: string }).organisationId,
  evolve: evolveOrganisationRow,
});
