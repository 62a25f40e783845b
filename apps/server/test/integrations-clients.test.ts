import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../src/core/outbound/http-client';
import { createMemoryLimiter, createRateLimiter, RateLimitWaitError } from '../src/core/rate-limiter';
import { createDiscordWebhookClient, maskWebhookUrl } from '../src/modules/notify/clients/discord';
import { type Alert, renderAlert, renderTest } from '../src/modules/notify/notify.templates';
import { blizzardEndpoints, createBlizzardClient } from '../src/modules/wow/clients/blizzard';
import { createRaiderIoClient } from '../src/modules/wow/clients/raiderio';
import { guildSlug } from '../src/modules/wow/clients/slug';
import { createWclClient, parseBracket } from '../src/modules/wow/clients/warcraftlogs';
import { FakeBlizzard } from './fakes/blizzard';
import { FakeDiscord, invalidToken, rateLimited, unknownWebhook, webhookUrl } from './fakes/discord';
import { FakeRaiderIo, run } from './fakes/raiderio';
import { json } from './fakes/server';
import { FakeWarcraftLogs, graphqlError } from './fakes/warcraftlogs';
import { testRedisUrl } from './helpers';

const deps = () => ({ limiter: createMemoryLimiter(() => Date.now()), timeoutMs: 300, retryBaseMs: 20 });
const fail = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as ProviderError;
  }
  throw new Error('expected a failure');
};

describe('guild names', () => {
  it('are spelled the way the services do', () => {
    expect(guildSlug('Los Centinelas')).toBe('los-centinelas');
  });
});

describe('parse colours', () => {
  it('follow the Warcraft Logs brackets', () => {
    const cases: [number, string][] = [
      [0, 'grey'],
      [24.9, 'grey'],
      [25, 'green'],
      [49.9, 'green'],
      [50, 'blue'],
      [74.9, 'blue'],
      [75, 'purple'],
      [94.9, 'purple'],
      [95, 'orange'],
      [98.9, 'orange'],
      [99, 'pink'],
      [99.9, 'pink'],
      [100, 'gold'],
    ];
    for (const [p, colour] of cases) expect([p, parseBracket(p)]).toEqual([p, colour]);
  });
});

describe('token buckets', () => {
  it('take from every rule at once and refuse to wait past the limit', async () => {
    let now = 0;
    const limiter = createMemoryLimiter(() => now);
    const rules = [
      { capacity: 2, perMs: 1_000 },
      { capacity: 3, perMs: 60_000 },
    ];
    await limiter.take('p', rules);
    await limiter.take('p', rules);
    const err = await limiter.take('p', rules, { maxWaitMs: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitWaitError);
    expect(err.waitMs).toBe(500);
    now = 1_000;
    await limiter.take('p', rules); // the per-second rule refilled; the per-minute one has one left
    const hourly = await limiter.take('p', rules, { maxWaitMs: 0 }).catch((e) => e);
    expect(hourly.waitMs).toBeGreaterThan(10_000);
    // Other buckets are untouched.
    await limiter.take('q', rules, { maxWaitMs: 0 });
  });

  it('block the bucket for a Retry-After, and drain to what the provider says is left', async () => {
    let now = 0;
    const limiter = createMemoryLimiter(() => now);
    const rules = [{ capacity: 100, perMs: 3_600_000 }];
    await limiter.block('p', 5_000);
    expect((await limiter.take('p', rules, { maxWaitMs: 0 }).catch((e) => e)).waitMs).toBe(5_000);
    now = 5_000;
    await limiter.take('p', rules, { maxWaitMs: 0 });
    await limiter.drain('p', rules, 0);
    expect(await limiter.take('p', rules, { maxWaitMs: 0 }).catch((e) => e)).toBeInstanceOf(
      RateLimitWaitError,
    );
  });

  it.runIf(testRedisUrl)('are shared by every process through Redis', async () => {
    const prefix = `ghtest-bucket-${Date.now()}`;
    const a = createRateLimiter({ redisUrl: testRedisUrl, prefix });
    const b = createRateLimiter({ redisUrl: testRedisUrl, prefix });
    try {
      expect(a.kind).toBe('redis');
      const rules = [{ capacity: 3, perMs: 60_000 }];
      await a.take('shared', rules);
      await a.take('shared', rules);
      await b.take('shared', rules);
      expect(await b.take('shared', rules, { maxWaitMs: 0 }).catch((e) => e)).toBeInstanceOf(
        RateLimitWaitError,
      );
      await a.take('other', rules, { maxWaitMs: 0 });
      await b.block('other', 30_000);
      const blocked = await a.take('other', rules, { maxWaitMs: 0 }).catch((e) => e);
      expect(blocked.waitMs).toBeGreaterThan(25_000);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('Raider.IO client', () => {
  const fake = new FakeRaiderIo();
  beforeAll(async () => {
    await fake.start();
    fake.add({
      region: 'eu',
      realmSlug: 'pozzo-delleternità',
      realm: "Pozzo dell'Eternità",
      name: 'Aldréna',
      className: 'Druid',
      spec: 'Restoration',
      role: 'HEALING',
      score: 2512.34,
      itemLevel: 712.4,
      runs: [
        run('ARAK', 'Ara-Kara, City of Echoes', 12, 1, 310.5),
        run('ARAK', 'Ara-Kara, City of Echoes', 11, 3, 300),
      ],
    });
  });
  afterAll(() => fake.close());
  const client = () => createRaiderIoClient({ ...deps(), baseUrl: fake.url });

  it('sends realm and name URL-encoded as UTF-8 and reads the documented profile', async () => {
    const found = await client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna');
    if (found.kind !== 'found') throw new Error(`expected a profile, got ${found.kind}`);
    const profile = found.profile;
    const req = fake.requests.at(-1)!;
    expect(req.query.get('fields')).toBe('mythic_plus_scores_by_season:current,mythic_plus_best_runs,gear');
    expect(req.rawQuery).toContain('realm=pozzo-delleternit%C3%A0');
    expect(req.rawQuery).toContain('name=Aldr%C3%A9na');
    expect(profile).toMatchObject({
      score: 2512.3,
      itemLevel: 712.4,
      spec: 'Restoration',
      role: 'healer',
      season: 'season-tww-3',
    });
    expect(profile.bestRuns).toHaveLength(1);
    expect(profile.bestRuns[0]).toMatchObject({ shortName: 'ARAK', level: 12, upgrades: 1 });
  });

  it("tells Raider.IO's 400 for an unknown character from its 400 for an unknown realm", async () => {
    expect(await client().characterProfile('eu', 'pozzo-delleternità', 'Nobody')).toEqual({
      kind: 'character_not_found',
    });
    // The old guess for `Azjol-Nerub`: Raider.IO knows the realm only as `azjolnerub`.
    expect(await client().characterProfile('eu', 'azjol-nerub', 'Aldréna')).toEqual({
      kind: 'realm_not_found',
      message: 'Failed to find realm azjol-nerub',
    });
  });

  it('fails a 404 as not_found', async () => {
    fake.inject(FakeRaiderIo.forName('Aldréna'), json({ statusCode: 404, error: 'Not Found' }, 404));
    expect((await fail(client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna'))).kind).toBe(
      'not_found',
    );
  });

  it('honours Retry-After on 429 and blocks the bucket for everyone', async () => {
    const d = deps();
    const c = createRaiderIoClient({ ...d, baseUrl: fake.url });
    fake.inject(
      FakeRaiderIo.forName('Aldréna'),
      json({ message: 'Too Many Requests' }, 429, { 'retry-after': '1' }),
    );
    const before = fake.requests.length;
    await c.characterProfile('eu', 'pozzo-delleternità', 'Aldréna');
    expect(fake.requests.length - before).toBe(2);

    fake.inject(
      FakeRaiderIo.forName('Aldréna'),
      json({ message: 'slow down' }, 429, { 'retry-after': '120' }),
    );
    const err = await fail(c.characterProfile('eu', 'pozzo-delleternità', 'Aldréna'));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(120_000);
    // Every other call on that budget now waits rather than hitting the provider.
    const after = fake.requests.length;
    expect((await fail(c.characterProfile('eu', 'pozzo-delleternità', 'Anyone'))).kind).toBe('rate_limited');
    expect(fake.requests.length).toBe(after);
  });

  it('retries 5xx, then gives up; times out; refuses malformed bodies', async () => {
    fake.inject(FakeRaiderIo.forName('Aldréna'), json({ error: 'bad gateway' }, 502), 1);
    await client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna');

    fake.inject(FakeRaiderIo.forName('Aldréna'), json({ error: 'down' }, 503), 3);
    const before = fake.requests.length;
    expect((await fail(client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna'))).kind).toBe(
      'server',
    );
    expect(fake.requests.length - before).toBe(3);

    fake.inject(FakeRaiderIo.forName('Aldréna'), { status: 200, hang: true }, 3);
    expect((await fail(client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna'))).kind).toBe(
      'timeout',
    );

    fake.inject(FakeRaiderIo.forName('Aldréna'), { status: 200, raw: '{"name": "Aldr' });
    expect((await fail(client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna'))).kind).toBe(
      'malformed',
    );
    fake.inject(FakeRaiderIo.forName('Aldréna'), json({ name: 'Aldréna', realm: 42 }));
    expect((await fail(client().characterProfile('eu', 'pozzo-delleternità', 'Aldréna'))).kind).toBe(
      'malformed',
    );
  });
});

describe('Warcraft Logs client', () => {
  const fake = new FakeWarcraftLogs('wcl-id', 'wcl-secret');
  beforeAll(async () => {
    await fake.start();
    fake.guilds.push({
      id: 777,
      name: 'Los Centinelas',
      server: 'stormvale',
      region: 'eu',
      attendance: [],
      reports: [],
    });
  });
  afterAll(() => fake.close());

  it('caches the token until it expires and refreshes it on 401', async () => {
    const client = createWclClient({
      ...deps(),
      baseUrl: fake.url,
      clientId: 'wcl-id',
      clientSecret: 'wcl-secret',
    });
    await client.guild('eu', 'stormvale', 'Los Centinelas');
    await client.guild('eu', 'stormvale', 'Los Centinelas');
    expect(fake.tokensIssued).toBe(1);
    const token = fake.requests.find((r) => r.path === '/oauth/token')!;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('wcl-id:wcl-secret').toString('base64')}`);
    fake.revokeTokens();
    expect((await client.guild('eu', 'stormvale', 'Los Centinelas'))?.id).toBe(777);
    expect(fake.tokensIssued).toBe(2);
  });

  it('fails on refused credentials, GraphQL errors and unknown guilds', async () => {
    const bad = createWclClient({ ...deps(), baseUrl: fake.url, clientId: 'wcl-id', clientSecret: 'wrong' });
    expect((await fail(bad.guild('eu', 'stormvale', 'Los Centinelas'))).kind).toBe('unauthorized');
    const client = createWclClient({
      ...deps(),
      baseUrl: fake.url,
      clientId: 'wcl-id',
      clientSecret: 'wcl-secret',
    });
    fake.inject(
      FakeWarcraftLogs.op('Guild'),
      graphqlError('Field "attendance" exceeded the complexity limit.'),
    );
    const err = await fail(client.guild('eu', 'stormvale', 'Los Centinelas'));
    expect(err.kind).toBe('graphql');
    expect(err.message).toContain('complexity');
    expect(await client.guild('eu', 'stormvale', 'Nobody Here')).toBeUndefined();
  });

  it('stops before the provider when rateLimitData says the hour is spent', async () => {
    const d = deps();
    const client = createWclClient({
      ...d,
      maxWaitMs: 1_000,
      baseUrl: fake.url,
      clientId: 'wcl-id',
      clientSecret: 'wcl-secret',
    });
    fake.rate = { limitPerHour: 3600, pointsSpentThisHour: 3599, pointsResetIn: 900 };
    await client.guild('eu', 'stormvale', 'Los Centinelas'); // spends the last point
    const before = fake.requests.length;
    const err = await fail(client.guild('eu', 'stormvale', 'Los Centinelas'));
    expect(err.kind).toBe('rate_limited');
    expect(fake.requests.length).toBe(before);
    fake.rate = { limitPerHour: 3600, pointsSpentThisHour: 0, pointsResetIn: 1800 };
  });
});

describe('Blizzard client', () => {
  const fake = new FakeBlizzard('bz-id', 'bz-secret');
  beforeAll(async () => {
    await fake.start();
    fake.guilds.set('area-52|los-centinelas', {
      name: 'Los Centinelas',
      id: 9,
      members: [{ name: 'Thrall', realmSlug: 'area-52', level: 80, classId: 6, raceId: 2, rank: 0 }],
    });
    fake.media.set('area-52|thrall', {
      avatar: 'https://render.worldofwarcraft.com/us/character/area-52/1/1-avatar.jpg',
      mainRaw: 'https://render.worldofwarcraft.com/us/character/area-52/1/1-main-raw.png',
    });
  });
  afterAll(() => fake.close());
  const endpoints = () =>
    blizzardEndpoints({ BLIZZARD_API_BASE_URL: fake.url, BLIZZARD_OAUTH_BASE_URL: fake.url }, 'us');

  it('resolves region hosts from the configured templates', () => {
    expect(
      blizzardEndpoints(
        {
          BLIZZARD_API_BASE_URL: 'https://{region}.api.blizzard.com',
          BLIZZARD_OAUTH_BASE_URL: 'https://oauth.battle.net',
        },
        'eu',
      ),
    ).toEqual({ apiBaseUrl: 'https://eu.api.blizzard.com', oauthBaseUrl: 'https://oauth.battle.net' });
  });

  it('reads the roster (ids to names) and media, with a fresh token after a 401', async () => {
    const client = createBlizzardClient({
      ...deps(),
      ...endpoints(),
      region: 'us',
      clientId: 'bz-id',
      clientSecret: 'bz-secret',
    });
    const roster = await client.guildRoster('area-52', 'Los Centinelas');
    expect(roster.members).toEqual([
      {
        name: 'Thrall',
        realmSlug: 'area-52',
        realmName: null,
        level: 80,
        className: 'Death Knight',
        race: 'Orc',
        rank: 0,
      },
    ]);
    expect(fake.requests.at(-1)!.query.get('namespace')).toBe('profile-us');
    fake.revokeAppTokens();
    expect(await client.characterMedia('area-52', 'Thrall')).toEqual({
      avatarUrl: 'https://render.worldofwarcraft.com/us/character/area-52/1/1-avatar.jpg',
      renderUrl: 'https://render.worldofwarcraft.com/us/character/area-52/1/1-main-raw.png',
    });
    expect(fake.appTokensIssued).toBe(2);
    expect(await client.characterMedia('area-52', 'Nobody')).toBeUndefined();
  });
});

describe('Discord webhook client', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());
  const client = () =>
    createDiscordWebhookClient({
      apiBaseUrl: `${fake.url}/api/v10`,
      timeoutMs: 300,
      limiter: createMemoryLimiter(() => Date.now()),
      retryBaseMs: 20,
    });
  const message = { embeds: [{ title: 'Hi', description: 'there', color: 1 }] };

  it('masks URLs, waits out short 429s and classifies failures', async () => {
    expect(maskWebhookUrl(webhookUrl('112233445566778899'))).toBe(
      'https://discord.com/api/webhooks/1122…8899/••••',
    );
    fake.inject(FakeDiscord.to('100001'), rateLimited(0.05));
    expect(await client().execute(webhookUrl('100001'), message)).toEqual({ ok: true, status: 200 });
    expect(fake.messagesTo('100001')).toHaveLength(1);

    fake.inject(FakeDiscord.to('100002'), rateLimited(60));
    expect(await client().execute(webhookUrl('100002'), message)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
    });
    fake.inject(FakeDiscord.to('100003'), invalidToken());
    expect(await client().execute(webhookUrl('100003'), message)).toMatchObject({
      kind: 'gone',
      status: 401,
    });
    fake.inject(FakeDiscord.to('100004'), unknownWebhook());
    expect(await client().execute(webhookUrl('100004'), message)).toMatchObject({
      kind: 'gone',
      status: 404,
    });
    fake.inject(FakeDiscord.to('100005'), json({ message: 'oops' }, 500), 3);
    expect(await client().execute(webhookUrl('100005'), message)).toMatchObject({
      kind: 'transient',
      status: 500,
    });
    fake.inject(FakeDiscord.to('100006'), json({ message: 'Invalid Form Body', code: 50035 }, 400));
    expect(await client().execute(webhookUrl('100006'), message)).toMatchObject({
      kind: 'rejected',
      status: 400,
    });
    expect(fake.delivered).toHaveLength(1);
  });
});

describe('alert messages', () => {
  it('exist in English and Spanish for every kind, with names escaped', () => {
    const alerts: Alert[] = [
      { kind: 'new_member', name: 'Ysolde_*x*' },
      { kind: 'member_left', name: 'Brannoc' },
      { kind: 'score_milestone', name: 'Aldrena', threshold: 2500, score: 2512.3 },
      { kind: 'online_record', count: 25, day: '2025-12-11' },
      { kind: 'boss_kill', boss: 'Fractillus', difficulty: 'heroic', zone: 'Manaforge Omega' },
    ];
    const at = new Date('2025-12-11T21:00:00Z');
    const seen = new Set<string>();
    for (const alert of alerts) {
      const en = renderAlert(alert, 'en', 'Guild', at).embeds![0]!;
      const es = renderAlert(alert, 'es', 'Guild', at).embeds![0]!;
      expect(en.title).not.toBe(es.title);
      expect(en.description).not.toBe(es.description);
      seen.add(en.title ?? '');
      expect(en.timestamp).toBe('2025-12-11T21:00:00.000Z');
    }
    expect(seen.size).toBe(alerts.length);
    expect(renderAlert(alerts[0]!, 'en', 'G', at).embeds![0]!.description).toBe(
      '**Ysolde\\_\\*x\\*** joined the guild.',
    );
    expect(renderAlert(alerts[3]!, 'en', 'G', at).embeds![0]!).toMatchObject({
      title: 'GAT report',
      description: '25 members online — record of the day (2025-12-11).',
    });
    expect(renderAlert(alerts[4]!, 'es', 'G', at).embeds![0]!.description).toContain('(Heroico)');
    expect(renderTest('es', 'Los Centinelas', at).embeds![0]!.title).toBe('Mensaje de prueba');
  });
});
