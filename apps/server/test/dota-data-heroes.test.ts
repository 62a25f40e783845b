import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { heroesById } from '../src/modules/dota/heroes';
import { FakeOpenDota } from './fakes/opendota';
import { offline } from './fakes/server';
import { createTestApp, makeCommunity, type TestApp } from './helpers';

let t: TestApp;
let fake: FakeOpenDota;
let communityId: string;
let readKey: string;

beforeEach(async () => {
  fake = await new FakeOpenDota().start();
  t = await createTestApp({ env: { ...offline, OPENDOTA_BASE_URL: fake.url } });
  communityId = (await makeCommunity(t.ctx, { game: 'dota', realm: undefined })).id;
  readKey = (await createApiKey(t.ctx, communityId, { name: 'read', scopes: ['read'] }, cliActor)).key;
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

const getHeroes = (headers: Record<string, string> = { 'x-api-key': readKey }) =>
  t.app.inject({ method: 'GET', url: `/api/v1/communities/${communityId}/dota/heroes`, headers });

describe('hero catalogue', () => {
  it('answers the seeded catalogue by id, sized by the largest id', async () => {
    const res = await getHeroes();
    expect(res.statusCode).toBe(200);
    const body = res.json() as { maxHeroId: number; heroes: { id: number; localizedName: string }[] };
    expect(body.maxHeroId).toBe(155);
    expect(body.heroes.length).toBe(127);
    expect(body.heroes.find((h) => h.id === 145)?.localizedName).toBe('Kez');
    expect(body.heroes.some((h) => h.id === 24)).toBe(false);
    const byId = heroesById(body.heroes as never);
    expect(byId.length).toBe(156);
    expect(byId[24]).toBeUndefined();
    expect(fake.requests.length).toBe(0);
  });

  it('is refused without read access', async () => {
    expect((await getHeroes({})).statusCode).toBe(401);
    expect((await getHeroes({ 'x-api-key': 'gh_nope' })).statusCode).toBe(401);
  });

  it('is refreshed from OpenDota by the dota-heroes job', async () => {
    fake.heroes = [
      ...(fake.heroes as Record<string, unknown>[]).map((h) =>
        h.id === 2 ? { ...h, localized_name: 'Mogul Khan' } : h,
      ),
      {
        id: 156,
        name: 'npc_dota_hero_new',
        localized_name: 'Newcomer',
        primary_attr: 'all',
        attack_type: 'Ranged',
        roles: [],
      },
    ];
    const runId = await t.ctx.queue.enqueue('dota-heroes', {});
    await t.ctx.queue.start({ worker: true, scheduler: false });
    const run = await waitForRun(t.ctx.jobRuns, runId, 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({ heroes: 128, maxHeroId: 156 });
    const body = (await getHeroes()).json() as {
      maxHeroId: number;
      heroes: { id: number; localizedName: string }[];
    };
    expect(body.maxHeroId).toBe(156);
    expect(body.heroes.find((h) => h.id === 2)?.localizedName).toBe('Mogul Khan');
  });
});
