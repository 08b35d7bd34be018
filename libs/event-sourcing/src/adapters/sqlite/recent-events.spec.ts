import type { RecordedEvent } from '../../event';
import { RecentEvents } from './recent-events';

const at = (globalPosition: number, streamId: string, streamRevision: number): RecordedEvent =>
  ({ globalPosition, streamId, streamRevision, id: `e${globalPosition}`, type: 'Happened', schemaVersion: 1, data: { n: globalPosition }, metadata: {}, recordedAt: '' }) as unknown as RecordedEvent;
const positions = (events: RecordedEvent[] | undefined) => events?.map((event) => event.globalPosition);

describe('RecentEvents: the log tail and whole streams this process wrote or read', () => {
  it('given events it committed, when the log is read after a kept position, then it answers from memory', () => {
    const recent = new RecentEvents(10);
    recent.committed([at(11, 'a', 0), at(12, 'b', 0), at(13, 'a', 1)]);
    expect(positions(recent.readAll(13, 10, 100))).toEqual([11, 12, 13]);
    expect(positions(recent.readAll(13, 11, 1))).toEqual([12]);
    expect(recent.readAll(13, 13, 100)).toEqual([]);
    // Before what it kept: the file answers.
    expect(recent.readAll(13, 9, 100)).toBeUndefined();
  });

  it('given a head it did not write, when anything is read, then it sends the reader to the file and keeps nothing', () => {
    const recent = new RecentEvents(0);
    recent.committed([at(1, 'a', 0)]);
    expect(recent.readStream(2, 'a', 0, undefined)).toBeUndefined();
    expect(recent.readAll(2, 1, 10)).toBeUndefined();
    // Its own next commit after the foreign one starts a new tail.
    recent.committed([at(3, 'b', 0)]);
    expect(positions(recent.readAll(3, 2, 10))).toEqual([3]);
    expect(recent.readStream(3, 'a', 0, undefined)).toBeUndefined();
  });

  it('given a whole stream read from the file, when it is extended and read again, then the new events follow', () => {
    const recent = new RecentEvents(5);
    recent.rememberStream(5, 'a', [at(1, 'a', 0), at(4, 'a', 1)]);
    recent.committed([at(6, 'a', 2)]);
    expect(positions(recent.readStream(6, 'a', 0, undefined))).toEqual([1, 4, 6]);
    expect(positions(recent.readStream(6, 'a', 1, 1))).toEqual([4]);
    // A stream known only from the middle is not kept.
    recent.committed([at(7, 'z', 3)]);
    expect(recent.readStream(7, 'z', 0, undefined)).toBeUndefined();
  });

  it('given more streams than its limit, when another is kept, then the least recently used goes', () => {
    const recent = new RecentEvents(0, { tail: 10, streamEvents: 8 });
    recent.committed([at(1, 'a', 0), at(2, 'b', 0), at(3, 'c', 0), at(4, 'd', 0)]);
    recent.readStream(4, 'a', 0, undefined);
    recent.rememberStream(4, 'e', [at(1, 'e', 0), at(2, 'e', 1)].map((event, i) => ({ ...event, globalPosition: i + 1 }) as RecordedEvent));
    recent.committed([at(5, 'f', 0), at(6, 'g', 0), at(7, 'h', 0)]);
    expect(recent.readStream(7, 'b', 0, undefined)).toBeUndefined();
    expect(positions(recent.readStream(7, 'a', 0, undefined))).toEqual([1]);
  });
});
