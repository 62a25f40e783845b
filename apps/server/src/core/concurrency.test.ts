import { describe, expect, it } from 'vitest';
import { latch } from '../../test/latch';
import { forEachLimit } from './concurrency';

/** Lets every promise reaction already queued run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachLimit', () => {
  it('runs each item once, at most `limit` at a time, starting them in order', async () => {
    const gates = Array.from({ length: 5 }, latch);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const done = forEachLimit([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await gates[i]!.opened;
      running--;
    });
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await done;
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('opens one resource per lane, hands it to each item of that lane and closes it', async () => {
    const opened: number[] = [];
    const closed: number[] = [];
    const seen = new Map<number, number>();
    let n = 0;
    await forEachLimit(
      ['a', 'b', 'c', 'd', 'e'],
      3,
      async (_item, lane: number) => {
        seen.set(lane, (seen.get(lane) ?? 0) + 1);
        await settle();
      },
      {
        open: async () => {
          opened.push(++n);
          return n;
        },
        close: (lane) => closed.push(lane),
      },
    );
    expect(opened).toEqual([1, 2, 3]);
    expect(closed.sort()).toEqual([1, 2, 3]);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('opens no more lanes than items, and none for no items', async () => {
    let opens = 0;
    const lane = { open: async () => ++opens, close: () => {} };
    await forEachLimit([], 4, async () => {}, lane);
    expect(opens).toBe(0);
    await forEachLimit([1], 4, async () => {}, lane);
    expect(opens).toBe(1);
  });

  it('after a failure takes no further item, lets the started ones finish, closes the lanes, then throws', async () => {
    const slow = latch();
    const started: number[] = [];
    const finished: number[] = [];
    let closes = 0;
    const done = forEachLimit(
      [0, 1, 2, 3, 4, 5],
      2,
      async (i) => {
        started.push(i);
        if (i === 0) await slow.opened;
        if (i === 1) throw new Error('item 1 failed');
        finished.push(i);
      },
      { open: async () => undefined, close: () => closes++ },
    );
    let settled = false;
    done.catch(() => {}).finally(() => (settled = true));
    await settle();
    // Item 0 still runs: the call has not returned.
    expect(settled).toBe(false);
    slow.open();
    await expect(done).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
    expect(closes).toBe(2);
  });
});
