import { EventEmitter } from 'node:events';
import { holdTurnForRequest, TurnGate } from './turn-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnGate', () => {
  it('lets one holder through at a time, in the order they came', async () => {
    const gate = new TurnGate();
    const order: string[] = [];
    const holder = async (name: string) => {
      const release = await gate.enter();
      order.push(`${name} in`);
      await tick();
      order.push(`${name} out`);
      release();
    };
    await Promise.all(['a', 'b', 'c'].map(holder));
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('serves work that queued while a holder ran (a request that takes no turn) before the next holder', async () => {
    const gate = new TurnGate();
    const order: string[] = [];
    const release = await gate.enter();
    const next = gate.enter().then((give) => {
      order.push('next holder');
      give();
    });
    // Queued while the turn is held, as a list request arriving while a diff is written would be.
    setImmediate(() => order.push('other request'));
    release();
    await next;
    expect(order).toEqual(['other request', 'next holder']);
  });

  it('ignores a second release, and is free again once nobody waits', async () => {
    const gate = new TurnGate();
    const release = await gate.enter();
    release();
    release();
    await tick();
    expect(gate.queued).toBe(0);
    const again = await Promise.race([gate.enter(), tick().then(() => 'blocked')]);
    expect(again).not.toBe('blocked');
  });
});

describe('holdTurnForRequest', () => {
  it('holds the turn until the response closes, once per request however many fields ask', async () => {
    const gate = new TurnGate();
    const first = { res: new EventEmitter() };
    const second = { res: new EventEmitter() };
    await holdTurnForRequest(gate, first);
    await holdTurnForRequest(gate, first);
    let secondIn = false;
    const waiting = holdTurnForRequest(gate, second).then(() => (secondIn = true));
    await tick();
    expect(secondIn).toBe(false);
    first.res.emit('close');
    await waiting;
    expect(secondIn).toBe(true);
  });

  it('takes no turn without an HTTP response (a subscription)', async () => {
    const gate = new TurnGate();
    await holdTurnForRequest(gate, undefined);
    await holdTurnForRequest(gate, {});
    const release = await Promise.race([gate.enter(), tick().then(() => null)]);
    expect(release).not.toBeNull();
  });
});
