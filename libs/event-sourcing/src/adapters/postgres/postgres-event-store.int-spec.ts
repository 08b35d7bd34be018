import { testEventStoreContract } from '../../testing/event-store-contract';
import { describeWithPostgres, dropSchema, postgresTestUrl, uniqueSchemaName } from '../../testing/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

describeWithPostgres('PostgresEventStore', () => {
  let schema: string;
  testEventStoreContract('postgres', {
    create: () => {
      schema = uniqueSchemaName('contract');
      return PostgresEventStore.create({ connectionString: postgresTestUrl()!, schema, idleRecheckMs: 5000 });
    },
    destroy: () => dropSchema(schema),
  });
});
