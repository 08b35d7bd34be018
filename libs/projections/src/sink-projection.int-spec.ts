import { RevisionGuardedDocuments } from './sink-projection';
import { testSinkProjectionContract, type TickDocument } from './testing/sink-projection-contract';

testSinkProjectionContract('the in-memory reference sink', async () => new RevisionGuardedDocuments<TickDocument>());
