import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DISCORD_USER_AGENT, discordApiBase } from '../src/core/outbound/discord-api';
import { type Clock, createHttpClient, type ProviderError } from '../src/core/outbound/http-client';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import { createDiscordWebhookClient } from '../src/modules/notify/clients/discord';
import { renderAlert } from '../src/modules/notify/notify.templates';
import { createBattleNetUserClient } from '../src/modules/wow/clients/blizzard';
import { FakeBlizzard } from './fakes/blizzard';
import { FakeDiscord, rateLimited, spentBucket, webhookUrl } from './fakes/discord';
import { FakeServer, json } from './fakes/server';

/**
 * Time that moves only when the code under test waits: every pause is recorded and added to
 * the clock, so "paused 1.5 s" is checked exactly and the test never sleeps.
 */
function fakeTime() {
  const start = 1_800_000_000_000;
  let now = start;
  const pauses: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      pauses.push(ms);
      now += ms;
    },
  };
  return {
    clock,
    pauses,
    elapsed: () => now - start,
    limiter: createMemoryLimiter(clock.now, clock.sleep),
  };
}

const fail = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as ProviderError;
  }
  throw new Error('expected a failure');
};

describe('the core outbound client', () => {
  /** A provider the next modules could add (Wise Old Man's shape): a versioned base and an API key. */
  const players = new FakeServer((req) => {
    if (req.path === '/v2/players/zezima')
      return json({ id: 1, username: 'zezima', displayName: 'Zezima', type: 'regular', exp: 200_000_000 });
    if (req.path === '/v2/players/spent')
      return json({ id: 2, username: 'spent', displayName: 'Spent', type: 'regular', exp: 1 }, 200, {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '42',
      });
    if (req.path === '/v2/players/odd') return json({ id: 'three' });
    return json({ message: 'Player not found.' }, 404);
  });
  const zPlayer = z.object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    exp: z.number(),
  });

  beforeAll(() => players.start());
  afterAll(() => players.close());

  const provider = (time: ReturnType<typeof fakeTime>) =>
    createHttpClient(
      { limiter: time.limiter, timeoutMs: 1_000, retryBaseMs: 10, clock: time.clock },
      {
        name: 'wiseoldman',
        baseUrl: `${players.url}/v2/`,
        budget: { bucket: 'wom:test', rules: [{ capacity: 20, perMs: 60_000 }] },
        headers: { 'x-api-key': 'wom-key', 'user-agent': 'Guildhall (test)' },
      },
    );

  it('plugs a new provider in with a name, base URL, budget, headers and a schema per call', async () => {
    const time = fakeTime();
    const wom = provider(time);
    const player = await wom.request({
      path: '/players/zezima',
      query: { period: 'week', skip: undefined },
      schema: zPlayer,
    });
    expect(player).toMatchObject({ displayName: 'Zezima', exp: 200_000_000 });
    const seen = players.requests.at(-1)!;
    // The base URL's own path is kept; the query carries only what was given.
    expect(seen.path).toBe('/v2/players/zezima');
    expect(seen.rawQuery).toBe('?period=week');
    expect(seen.headers['x-api-key']).toBe('wom-key');
    expect(seen.headers['user-agent']).toBe('Guildhall (test)');

    const missing = await fail(wom.request({ path: '/players/nobody', schema: zPlayer }));
    expect(missing).toMatchObject({
      provider: 'wiseoldman',
      kind: 'not_found',
      status: 404,
      detail: 'Player not found.',
    });
    const odd = await fail(wom.request({ path: '/players/odd', schema: zPlayer }));
    expect(odd.kind).toBe('malformed');
  });

  it('reads X-RateLimit-Remaining: 0 and waits X-RateLimit-Reset-After before the next request', async () => {
    const time = fakeTime();
    const wom = provider(time);
    await wom.request({ path: '/players/spent', schema: zPlayer });
    expect(time.elapsed()).toBe(0);
    const before = players.requests.length;
    await wom.request({ path: '/players/zezima', schema: zPlayer });
    // 42 s, waited in the limiter's steps of at most a second, before the request went out.
    expect(time.elapsed()).toBe(42_000);
    expect(players.requests.length).toBe(before + 1);
  });
});

describe('Discord webhooks on the core client', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());
  beforeEach(() => fake.clearInjections());

  const client = (time: ReturnType<typeof fakeTime>, apiBaseUrl = `${fake.url}/api/v10`) =>
    createDiscordWebhookClient({
      apiBaseUrl,
      timeoutMs: 1_000,
      limiter: time.limiter,
      retryBaseMs: 10,
      clock: time.clock,
    });
  const message = renderAlert({ kind: 'new_member', name: '@everyone' }, 'en', 'The Wardens', new Date());

  it('speak the versioned API; an unversioned base gets /v10', () => {
    expect(discordApiBase('https://discord.com/api')).toBe('https://discord.com/api/v10');
    expect(discordApiBase('https://discord.com/api/')).toBe('https://discord.com/api/v10');
    expect(discordApiBase('https://discord.com/api/v10')).toBe('https://discord.com/api/v10');
    expect(discordApiBase('http://127.0.0.1:9/api/v9')).toBe('http://127.0.0.1:9/api/v9');
  });

  it('a 429 with X-RateLimit-Reset-After 1.5 s pauses that webhook 1.5 s, not 25 minutes', async () => {
    const time = fakeTime();
    // Retry-After says 2 (whole seconds); the header with decimals and the body say 1.5.
    fake.inject(FakeDiscord.to('770000000000000001'), rateLimited(1.5));
    const outcome = await client(time).execute(webhookUrl('770000000000000001'), message);
    expect(outcome).toEqual({ ok: true, status: 200 });
    expect(time.elapsed()).toBe(1_500);
    const tries = fake.requests.filter(FakeDiscord.to('770000000000000001'));
    expect(tries).toHaveLength(2);
    expect(tries.every((r) => r.path.startsWith('/api/v10/webhooks/'))).toBe(true);
    expect(tries[0]!.headers['user-agent']).toBe(DISCORD_USER_AGENT);
    // Another webhook was never paused by it.
    const other = fakeTime();
    expect(await client(other).execute(webhookUrl('770000000000000002'), message)).toEqual({
      ok: true,
      status: 200,
    });
    expect(other.elapsed()).toBe(0);
  });

  it('a 429 longer than the inline wait is handed back with its precise wait', async () => {
    const time = fakeTime();
    fake.inject(FakeDiscord.to('770000000000000003'), rateLimited(12.25));
    const outcome = await client(time).execute(webhookUrl('770000000000000003'), message);
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'rate_limited',
      retryAfterMs: 12_250,
      error: 'You are being rate limited.',
    });
    expect(time.elapsed()).toBe(0);
  });

  it('a spent bucket (X-RateLimit-Remaining: 0) holds the next message until it refills', async () => {
    const time = fakeTime();
    const discord = client(time);
    fake.inject(FakeDiscord.to('770000000000000004'), spentBucket('770000000000000004', 0.75));
    expect(await discord.execute(webhookUrl('770000000000000004'), message)).toMatchObject({ ok: true });
    expect(time.elapsed()).toBe(0);
    expect(await discord.execute(webhookUrl('770000000000000004'), message)).toMatchObject({ ok: true });
    expect(time.elapsed()).toBe(750);
  });

  it('a global 429 pauses every webhook of the process; a shared one only its own', async () => {
    const time = fakeTime();
    const discord = client(time);
    fake.inject(FakeDiscord.to('770000000000000005'), rateLimited(0.5, true));
    expect(await discord.execute(webhookUrl('770000000000000005'), message)).toMatchObject({ ok: true });
    expect(time.elapsed()).toBe(500);

    // Longer than the inline wait: the first webhook hands it back, and another one is not
    // even tried while the global limit lasts.
    fake.inject(FakeDiscord.to('770000000000000005'), rateLimited(30, true));
    expect(await discord.execute(webhookUrl('770000000000000005'), message)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
    const before = fake.requests.length;
    expect(await discord.execute(webhookUrl('770000000000000007'), message)).toMatchObject({
      kind: 'rate_limited',
    });
    expect(fake.requests.length).toBe(before);

    // A shared (per-webhook) 429 of the same length leaves other webhooks alone.
    const later = fakeTime();
    const other = client(later);
    fake.inject(FakeDiscord.to('770000000000000008'), rateLimited(30));
    expect(await other.execute(webhookUrl('770000000000000008'), message)).toMatchObject({
      kind: 'rate_limited',
    });
    expect(await other.execute(webhookUrl('770000000000000009'), message)).toEqual({ ok: true, status: 200 });
  });

  it('every message forbids mentions, and one over the limits is never sent', async () => {
    const time = fakeTime();
    const discord = client(time);
    expect(await discord.execute(webhookUrl('770000000000000006'), message)).toMatchObject({ ok: true });
    const sent = fake.messagesTo('770000000000000006').at(-1)!.body;
    expect(sent.allowed_mentions).toEqual({ parse: [] });
    expect(sent.embeds![0]!.description).toBe('**\\@everyone** joined the guild.');
    // Stored messages from before this rule get it too.
    await discord.execute(webhookUrl('770000000000000006'), {
      content: '@everyone raid tonight',
      allowed_mentions: { parse: ['everyone'] },
    });
    expect(fake.messagesTo('770000000000000006').at(-1)!.body.allowed_mentions).toEqual({ parse: [] });

    const before = fake.requests.length;
    const tooLong = await discord.execute(webhookUrl('770000000000000006'), {
      embeds: [{ title: 'x', description: 'y'.repeat(4_097) }],
    });
    expect(tooLong).toMatchObject({ ok: false, kind: 'rejected', status: null });
    expect(tooLong.ok || tooLong.error).toContain('embeds.0.description 4097/4096');
    expect(fake.requests.length).toBe(before);
  });
});

describe('Battle.net sign-in on the core client', () => {
  const fake = new FakeBlizzard('bnet-client', 'bnet-secret');
  beforeAll(() => fake.start());
  afterAll(() => fake.close());

  it('trades the code, reads the account and its characters, all within the Blizzard budget', async () => {
    const time = fakeTime();
    const account = {
      id: 4242,
      battletag: 'Nelly#1234',
      characters: [
        {
          name: 'Aldrena',
          realmSlug: 'stormvale',
          realmName: 'Stormvale',
          level: 80,
          classId: 8,
          className: 'Mage',
        },
      ],
    };
    fake.codes.set('good-code', account);
    const bnet = createBattleNetUserClient({
      limiter: time.limiter,
      timeoutMs: 1_000,
      clock: time.clock,
      apiBaseUrl: fake.url,
      oauthBaseUrl: fake.url,
      region: 'eu',
      clientId: 'bnet-client',
    });
    const refused = await fail(bnet.exchangeCode('bad-code', 'bnet-secret', 'http://localhost/cb'));
    expect(refused).toMatchObject({ provider: 'blizzard', status: 400, detail: 'invalid_grant' });
    const token = await bnet.exchangeCode('good-code', 'bnet-secret', 'http://localhost/cb');
    const tokenRequest = fake.requests.filter((r) => r.path === '/token').at(-1)!;
    expect(tokenRequest.headers.authorization).toBe(
      `Basic ${Buffer.from('bnet-client:bnet-secret').toString('base64')}`,
    );
    expect(new URLSearchParams(tokenRequest.body).get('redirect_uri')).toBe('http://localhost/cb');
    expect(await bnet.userInfo(token)).toEqual({ id: '4242', battletag: 'Nelly#1234' });
    expect((await bnet.characters(token)).map((c) => c.name)).toEqual(['Aldrena']);
    // The sign-in's calls share the client's Blizzard bucket: a 429 elsewhere holds them too.
    await time.limiter.block('blizzard:bnet-client', 5_000);
    expect(time.elapsed()).toBe(0);
    await bnet.userInfo(token);
    expect(time.elapsed()).toBe(5_000);
  });
});
