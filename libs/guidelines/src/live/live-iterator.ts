import type { GuidelineLiveEvent, GuidelineLiveFeed } from './guideline-live-feed';

// A subscriber that stops reading (a stalled socket) must not hold an unbounded backlog: past this it is ended.
const MAX_BACKLOG = 1_000;

/**
 * One subscriber's stream of the live feed: each event passes through `accept` (authorisation, payload),
 * which answers null to skip it. A hand-written iterator rather than an async generator, so that return()
 * (the client completes or disconnects) leaves the feed at once instead of after the next event.
 */
export async function liveIterator<T>(feed: GuidelineLiveFeed, accept: (event: GuidelineLiveEvent) => Promise<T | null>): Promise<AsyncIterableIterator<T>> {
  const backlog: GuidelineLiveEvent[] = [];
  let wake: ((event: GuidelineLiveEvent | null) => void) | null = null;
  let done = false;
  const finish = () => {
    done = true;
    backlog.length = 0;
    wake?.(null);
    wake = null;
  };
  let stop: (() => Promise<void>) | null = null;
  const close = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      finish();
      await stop?.();
    }
    return { value: undefined, done: true };
  };
  stop = await feed.listen((event) => {
    if (done) return;
    if (wake) {
      const resume = wake;
      wake = null;
      resume(event);
    } else if (backlog.length < MAX_BACKLOG) backlog.push(event);
    else void close();
  });
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        const event = backlog.shift() ?? (await new Promise<GuidelineLiveEvent | null>((resolve) => (wake = resolve)));
        if (!event) break;
        const value = await accept(event);
        if (value !== null && !done) return { value, done: false };
      }
      return { value: undefined, done: true };
    },
    return: close,
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
