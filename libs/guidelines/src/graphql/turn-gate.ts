import type { EventEmitter } from 'node:events';

/**
 * Lets one holder at a time through, first come first served. A released turn passes to the next waiter only
 * after pending I/O has run (setImmediate), so requests that do not take turns (a list query arriving while
 * diffs queue) are served between two holders instead of behind all of them.
 */
export class TurnGate {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  /** Waits for the turn; the function returned gives it up (calling it again does nothing). */
  async enter(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      setImmediate(() => {
        const next = this.waiting.shift();
        if (next) next();
        else this.held = false;
      });
    };
  }

  /** How many wait for the turn. */
  get queued(): number {
    return this.waiting.length;
  }
}

// The requests holding a turn now: a request asking for two diffs (aliases) takes one turn, not two (it would
// wait for itself).
const holding = new WeakMap<object, Promise<unknown>>();

/**
 * Takes a turn for the whole of an HTTP request: from now until its response is written or its connection
 * closed (the JSON of a diff is written after the resolvers return, and is much of its cost). Without a
 * response (a subscription over WebSocket) it takes none.
 */
export async function holdTurnForRequest(gate: TurnGate, req: { res?: EventEmitter } | undefined): Promise<void> {
  const response = req?.res;
  if (!req || !response) return;
  const held = holding.get(req);
  if (held) {
    await held;
    return;
  }
  const entered = gate.enter().then((release) => {
    response.once('close', release);
    return release;
  });
  holding.set(req, entered);
  await entered;
}
