import { testEventStoreContract } from '../../testing/event-store-contract';
import { dropSchema, postgresTestUrl, uniqueSchemaName } from '../../testing/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore', () => {
  let schema: string;
  testEventStoreContract('postgres', {
    create: () => {
      schema = uniqueSchemaName('contract');
      return PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema, idleRecheckMs: 5000 });
    },
    destroy: () => dropSchema(schema),
  });
});
