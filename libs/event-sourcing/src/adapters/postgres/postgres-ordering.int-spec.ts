import type { RecordedEvent } from '../../event';
import { anEvent, waitUntil } from '../../testing/event-store-contract';
import { storesOnOneSchema } from '../../testing/postgres-test-database';

const WRITERS = 8;
const APPENDS_PER_WRITER = 150;
const STREAMS = 40;

// Separate store instances have separate connection pools: as far as PostgreSQL can tell, separate processes.
describe('PostgreSQL global order under concurrent writers', () => {
  const open = storesOnOneSchema('ordering', { poolSize: 4 });

  it('delivers every event exactly once to each of 2 subscribers, in the same order, each stream in revision order', async () => {
    const writerStores = await Promise.all(Array.from({ length: WRITERS / 2 }, open));
    const subscriberStores = [await open(), await open()];
    const received: RecordedEvent[][] = [[], []];
    const subscriptions = subscriberStores.map((store, i) =>
      store.subscribeToAll({ batchSize: 37 }, async (batch) => {
        received[i].push(...batch);
        // Slow consumers make the subscribers read while writers are still committing.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      }),
    );

    let appended = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const store = writerStores[writer % writerStores.length];
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const size = 1 + (i % 3); // some appends carry several events
          const events = Array.from({ length: size }, (_, k) => anEvent('Written', { writer, i, k }));
          await store.appendToStream(`stream-${(writer * 7 + i) % STREAMS}`, events, { expectedRevision: 'any' });
          appended += size;
        }
      }),
    );

    await waitUntil(() => received.every((events) => events.length >= appended), 30000);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));

    for (const events of received) {
      expect(events).toHaveLength(appended);
      expect(new Set(events.map((event) => event.id)).size).toBe(appended);
      const revisions = new Map<string, number>();
      for (const event of events) {
        expect(event.streamRevision).toBe((revisions.get(event.streamId) ?? -1) + 1);
        revisions.set(event.streamId, event.streamRevision);
      }
    }
    expect(received[1].map((event) => event.id)).toEqual(received[0].map((event) => event.id));
    const positions = received[0].map((event) => event.globalPosition);
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);
  });
});
