import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessPubSub, createRedisPubSub, type PubSub } from './pubsub';

const redisUrl = process.env.TEST_REDIS_URL || undefined;
const opened: PubSub[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.close();
});

/** Collects what a listener hears; `next(n)` resolves once it heard n messages. */
function inbox() {
  const heard: string[] = [];
  const waiting: { n: number; open: () => void }[] = [];
  return {
    heard,
    listener: (m: string) => {
      heard.push(m);
      for (const w of waiting) if (heard.length >= w.n) w.open();
    },
    next: (n: number) =>
      new Promise<void>((open) => (heard.length >= n ? open() : waiting.push({ n, open }))),
  };
}

describe('in-process pub/sub', () => {
  it('delivers to every listener of the channel until it unsubscribes; one that throws does not stop the others', async () => {
    const errors: unknown[] = [];
    const ps = createInProcessPubSub({ onError: (e) => errors.push(e) });
    opened.push(ps);
    const a = inbox();
    const b = inbox();
    const offA = await ps.subscribe('c', a.listener);
    await ps.subscribe('c', () => {
      throw new Error('boom');
    });
    await ps.subscribe('c', b.listener);
    await ps.subscribe('other', () => errors.push('wrong channel'));
    await ps.publish('c', 'one');
    await b.next(1);
    await offA();
    await ps.publish('c', 'two');
    await b.next(2);
    expect(a.heard).toEqual(['one']);
    expect(b.heard).toEqual(['one', 'two']);
    expect(errors.map(String)).toEqual(['Error: boom', 'Error: boom']);
  });

  it('says whether a channel has listeners', async () => {
    const ps = createInProcessPubSub();
    opened.push(ps);
    expect(await ps.hasListeners('c')).toBe(false);
    const off = await ps.subscribe('c', () => {});
    expect([await ps.hasListeners('c'), await ps.hasListeners('d')]).toEqual([true, false]);
    await off();
    expect(await ps.hasListeners('c')).toBe(false);
  });
});

describe.runIf(redisUrl)('Redis pub/sub', () => {
  it('reaches listeners of another process with the same prefix, and none with another prefix', async () => {
    const prefix = `ghtest-${crypto.randomBytes(4).toString('hex')}`;
    const a = createRedisPubSub({ url: redisUrl!, prefix });
    const b = createRedisPubSub({ url: redisUrl!, prefix });
    const stranger = createRedisPubSub({ url: redisUrl!, prefix: `${prefix}-x` });
    opened.push(a, b, stranger);
    const onA = inbox();
    const onB = inbox();
    const onB2 = inbox();
    const foreign = inbox();
    expect(await b.hasListeners('c')).toBe(false);
    await a.subscribe('c', onA.listener);
    // Listeners in another process count.
    expect(await b.hasListeners('c')).toBe(true);
    const offB = await b.subscribe('c', onB.listener);
    await b.subscribe('c', onB2.listener);
    await stranger.subscribe('c', foreign.listener);
    await a.publish('c', 'from a');
    await b.publish('c', 'from b');
    await Promise.all([onA.next(2), onB.next(2), onB2.next(2)]);
    expect(onA.heard).toEqual(['from a', 'from b']);
    expect(onB.heard).toEqual(['from a', 'from b']);
    // b still hears through its other listener after one unsubscribed.
    await offB();
    await a.publish('c', 'three');
    await onB2.next(3);
    expect(onB.heard).toHaveLength(2);
    // The stranger subscribed before anything was published: had it heard any, it would be here.
    await stranger.publish('c', 'own');
    await foreign.next(1);
    expect(foreign.heard).toEqual(['own']);
  });
});
