import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisPubSub, type PubSub } from '../src/core/pubsub';
import type { Community } from '../src/modules/communities';
import { publishAccepted } from '../src/modules/telemetry/live';
import { createTestApp, makeCommunity, type TestApp, testRedisUrl, userWithRole } from './helpers';
import { latch } from './latch';
import { postEvents, telemetryEvent, telemetryKeys } from './telemetry-fixtures';

/**
 * The live stream over real HTTP: a client reads `text/event-stream` from a listening server
 * while batches are posted. Every wait is on something the stream itself says (a latch opened
 * by the n-th event, the first comment), never on time.
 */

interface StreamClient {
  status: number;
  contentType: string | undefined;
  /** Data of each `telemetry` event received so far, parsed. */
  events: { event_id: string; raid_id: string }[];
  /** Resolves once `n` events arrived. */
  received(n: number): Promise<void>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

function openStream(url: string, headers: Record<string, string>): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers });
    req.on('error', reject);
    req.on('response', (res) => {
      const events: StreamClient['events'] = [];
      const waiting: { n: number; open: () => void }[] = [];
      const ended = latch();
      const connected = latch();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (frame === ': connected') connected.open();
          const lines = frame.split('\n');
          if (lines[0] === 'event: telemetry') events.push(JSON.parse(lines[1]!.slice('data: '.length)));
          cut = buffer.indexOf('\n\n');
        }
        for (const w of waiting) if (events.length >= w.n) w.open();
      });
      res.on('end', () => ended.open());
      res.on('close', () => ended.open());
      const client: StreamClient = {
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        events,
        received: (n) =>
          new Promise<void>((open) => {
            if (events.length >= n) open();
            else waiting.push({ n, open });
          }),
        ended: ended.opened,
        close: () => req.destroy(),
      };
      // Answer once the server says it listens, so nothing posted after this can be missed.
      connected.opened.then(() => resolve(client));
    });
  });
}

let t: TestApp;
let base: string;
let community: Community;
let keys: Awaited<ReturnType<typeof telemetryKeys>>;

async function start(opts: { redis?: boolean } = {}) {
  t = await createTestApp({ ...opts, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  community = await makeCommunity(t.ctx);
  keys = await telemetryKeys(t.ctx, community.id);
}
afterEach(async () => {
  // Closing with streams open: the server ends them rather than waiting for the clients.
  await t?.close();
});

const streamUrl = (raid?: string) =>
  `${base}/api/v1/communities/${community.id}/telemetry/stream${raid ? `?raid=${raid}` : ''}`;
const ids = (events: { event_id: string }[]) => events.map((e) => e.event_id);

describe('GET /telemetry/stream, one process', () => {
  it('sends a raid’s accepted events, and only that raid’s, as Server-Sent Events', async () => {
    await start();
    expect(t.ctx.pubsub.kind).toBe('inprocess');
    const one = await openStream(streamUrl('raid001'), { 'x-api-key': keys.read });
    const all = await openStream(streamUrl(), { 'x-api-key': keys.read });
    expect([one.status, one.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const a = telemetryEvent();
    const b = telemetryEvent({ raid_id: 'raid002' });
    const bad = telemetryEvent({ damage_amount: null });
    const c = telemetryEvent();
    expect((await postEvents(t.app, community.id, [a, b, bad, c], { key: keys.telemetry })).statusCode).toBe(
      207,
    );
    const d = telemetryEvent();
    expect((await postEvents(t.app, community.id, [d], { key: keys.telemetry })).statusCode).toBe(201);
    await one.received(3);
    await all.received(4);
    expect(ids(one.events)).toEqual(ids([a, c, d] as { event_id: string }[]));
    expect(ids(all.events).sort()).toEqual(ids([a, b, c, d] as { event_id: string }[]).sort());
    // The stored event, defaults applied.
    expect(one.events[0]).toMatchObject({ event_id: a.event_id, raid_id: 'raid001', is_resisted: false });
    one.close();
    all.close();
  });

  it('lets a member with view on telemetry watch; refuses telemetry keys, other communities and anonymous callers', async () => {
    await start();
    const member = await userWithRole(t.app, t.ctx, community.id, 'member');
    const watching = await openStream(streamUrl('raid001'), { cookie: member.cookie });
    expect(watching.status).toBe(200);
    watching.close();
    const other = await makeCommunity(t.ctx);
    const otherRead = (await telemetryKeys(t.ctx, other.id)).read;
    const answers = [];
    for (const headers of [{ 'x-api-key': keys.telemetry }, { 'x-api-key': otherRead }, {}] as Record<
      string,
      string
    >[]) {
      const res = await t.app.inject({
        url: `/api/v1/communities/${community.id}/telemetry/stream`,
        headers,
      });
      answers.push([res.statusCode, res.json().error.code]);
    }
    expect(answers).toEqual([
      [403, 'MISSING_SCOPE'],
      [403, 'FORBIDDEN'],
      [401, 'UNAUTHENTICATED'],
    ]);
    const badRaid = await t.app.inject({
      url: `/api/v1/communities/${community.id}/telemetry/stream?raid=x`,
      headers: { 'x-api-key': keys.read },
    });
    expect(badRaid.statusCode).toBe(400);
  });

  it('unsubscribes when the client goes away', async () => {
    await start();
    const real = t.ctx.pubsub;
    const subscribed = latch();
    const unsubscribed = latch();
    const watched: PubSub = {
      ...real,
      async subscribe(channel, listener) {
        const off = await real.subscribe(channel, listener);
        subscribed.open();
        return async () => {
          await off();
          unsubscribed.open();
        };
      },
    };
    t.ctx.pubsub = watched;
    const client = await openStream(streamUrl('raid001'), { 'x-api-key': keys.read });
    await subscribed.opened;
    client.close();
    await unsubscribed.opened;
    t.ctx.pubsub = real;
  });

  it('answers 503 when the message bus cannot subscribe (Redis down), not a hanging stream', async () => {
    await start();
    const real = t.ctx.pubsub;
    t.ctx.pubsub = { ...real, subscribe: () => Promise.reject(new Error('ECONNREFUSED')) };
    const res = await t.app.inject({
      url: `/api/v1/communities/${community.id}/telemetry/stream`,
      headers: { 'x-api-key': keys.read },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([503, 'UNAVAILABLE']);
    t.ctx.pubsub = real;
  });

  it('ends open streams when the server shuts down', async () => {
    await start();
    const client = await openStream(streamUrl(), { 'x-api-key': keys.read });
    await t.app.close();
    await client.ended;
  });
});

describe.runIf(testRedisUrl)('GET /telemetry/stream through Redis', () => {
  it('delivers events accepted by any process: this one, and another publishing on the same Redis', async () => {
    await start({ redis: true });
    expect(t.ctx.pubsub.kind).toBe('redis');
    const client = await openStream(streamUrl('raid001'), { 'x-api-key': keys.read });
    const here = telemetryEvent();
    expect((await postEvents(t.app, community.id, [here], { key: keys.telemetry })).statusCode).toBe(201);
    await client.received(1);
    // A second API process: its own Redis connections, the same prefix.
    const other = createRedisPubSub({ url: testRedisUrl!, prefix: t.config.REDIS_PREFIX });
    const there = telemetryEvent({ timestamp: '2026-01-01T20:00:02.000000Z' });
    await publishAccepted(other, community.id, [
      there as never,
      telemetryEvent({ raid_id: 'raid009' }) as never,
    ]);
    await client.received(2);
    expect(ids(client.events)).toEqual([here.event_id, there.event_id] as string[]);
    await other.close();
    client.close();
  });
});
