import { WrongExpectedRevisionError } from '../../errors';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { NO_STREAM_REVISION } from '../../event-store.port';
import { checkConnectionString, checkedAppendResult, firstPositionOf, toStreamState } from './kurrentdb-event-store';

// The adapter's own logic, without a server (none runs here): what it makes of URLs and of the client's answers.
describe('KurrentDbEventStore without a server', () => {
  describe('connection string', () => {
    it('refuses throwOnAppendFailure=false, in any spelling the client accepts', () => {
      for (const url of ['kurrentdb://localhost:2113?tls=false&throwOnAppendFailure=false', 'kurrentdb://localhost:2113?ThrowOnAppendFailure=false']) {
        expect(() => checkConnectionString(url)).toThrow(/throwOnAppendFailure=false/);
      }
    });

    it('accepts the default and an explicit throwOnAppendFailure=true', () => {
      expect(checkConnectionString('kurrentdb://localhost:2113?tls=false').hosts).toEqual([{ address: 'localhost', port: 2113 }]);
      expect(checkConnectionString('kurrentdb://localhost:2113?tls=false&throwOnAppendFailure=true').throwOnAppendFailure).toBe(true);
    });
  });

  describe('append answer', () => {
    it('reads an unsuccessful append (a client that does not throw) as a conflict at the revision the server reported', () => {
      const refused = () => checkedAppendResult('s-1', 3, { success: false, nextExpectedRevision: 5n, position: undefined });
      expect(refused).toThrow(WrongExpectedRevisionError);
      expect(refused).toThrow(expect.objectContaining({ streamId: 's-1', expected: 3, actual: 5 }));
      expect(() => checkedAppendResult('s-2', 'no_stream', { success: false, nextExpectedRevision: -1n, position: undefined })).toThrow(
        expect.objectContaining({ expected: 'no_stream', actual: -1 }),
      );
    });

    it('keeps a missing position missing instead of 0, and takes the commit position otherwise', () => {
      expect(checkedAppendResult('s-1', 'any', { success: true, nextExpectedRevision: 1n, position: undefined })).toEqual({ nextExpectedRevision: 1, lastPosition: undefined });
      expect(checkedAppendResult('s-1', 'any', { success: true, nextExpectedRevision: 2n, position: { commit: 4096n, prepare: 4096n } })).toEqual({
        nextExpectedRevision: 2,
        lastPosition: 4096,
      });
    });
  });

  describe('first position of an append, read after its commit', () => {
    it('is the last position for one event, without a read', async () => {
      let reads = 0;
      expect(await firstPositionOf(1, 900, async () => (reads++, 100))).toBe(900);
      expect(reads).toBe(0);
    });

    it('is the position read back for several events', async () => {
      expect(await firstPositionOf(3, 900, async () => 700)).toBe(700);
    });

    it('never fails the committed append: a failed or empty read falls back to the last position', async () => {
      await expect(firstPositionOf(3, 900, async () => Promise.reject(new Error('connection reset')))).resolves.toBe(900);
      await expect(firstPositionOf(3, 900, async () => undefined)).resolves.toBe(900);
    });
  });

  describe('expected revision', () => {
    it('sends -1 as no stream, like the keyword, and the keywords as the client names them', () => {
      expect(toStreamState(NO_STREAM_REVISION)).toBe(NO_STREAM);
      expect(toStreamState('no_stream')).toBe(NO_STREAM);
      expect(toStreamState('any')).toBe(ANY);
      expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    });

    it('sends a revision as the unsigned number the server expects, and has nothing to send for one no stream can be at', () => {
      expect(toStreamState(0)).toBe(0n);
      expect(toStreamState(41)).toBe(41n);
      for (const impossible of [-2, 1.5, Number.MAX_SAFE_INTEGER + 2]) expect(toStreamState(impossible)).toBeUndefined();
    });
  });
});
