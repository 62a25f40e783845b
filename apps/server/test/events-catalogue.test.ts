import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { grantModule } from '../src/modules/bot';
import * as engine from '../src/modules/events/wizard/engine';
import { wizards } from '../src/modules/events/wizard/wizards';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { createTestContext, makeCommunity, type TestContext, userWithRole } from './helpers';

/** The catalogue's and the wizards' REST routes on a migrated database, signed in as each role. */
describe('catalogue and wizard routes', () => {
  let t: TestContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let communityId: string;
  let officer: string;
  let member: string;
  let holder: string;
  const holderDiscordId = '1290000000000007777';

  beforeAll(async () => {
    t = await createTestContext();
    app = await buildApp(t.ctx);
    await app.ready();
    communityId = (await makeCommunity(t.ctx, { name: 'Paddock', game: 'racing' })).id;
    officer = (await userWithRole(app, t.ctx, communityId, 'officer')).cookie;
    member = (await userWithRole(app, t.ctx, communityId, 'member', 'plain member')).cookie;
    const h = await userWithRole(app, t.ctx, communityId, 'member', 'catalogue holder');
    holder = h.cookie;
    await t.ctx.db.insert(linkedAccounts).values({
      userId: h.userId,
      provider: 'discord',
      providerAccountId: holderDiscordId,
      displayName: 'holder',
    });
    await grantModule(
      t.ctx.db,
      communityId,
      { module: 'catalogue', subjectType: 'user', subjectId: holderDiscordId },
      'test',
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/v1/communities/${communityId}${url}`,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });

  it('creates, searches, updates and deletes tracks; names are unique per layout; images are https', async () => {
    const spa = await call('POST', '/catalogue/tracks', officer, {
      name: 'Spa',
      country: 'Belgium',
      layout: 'GP',
      lengthKm: 7.004,
    });
    expect(spa.statusCode).toBe(201);
    expect(spa.json()).toMatchObject({ name: 'Spa', layout: 'GP', lengthKm: 7.004, imageUrl: null });
    expect(
      (await call('POST', '/catalogue/tracks', officer, { name: 'SPA', layout: 'gp' })).json().error.code,
    ).toBe('ALREADY_EXISTS');
    expect(
      (await call('POST', '/catalogue/tracks', officer, { name: 'Spa', layout: 'Endurance' })).statusCode,
    ).toBe(201);
    const http = await call('POST', '/catalogue/tracks', officer, {
      name: 'Imola',
      imageUrl: 'http://img.example/i.png',
    });
    expect(http.statusCode).toBe(400);
    await call('POST', '/catalogue/tracks', officer, {
      name: 'Imola',
      country: 'Italy',
      imageUrl: 'https://img.example/i.png',
    });

    const found = await call('GET', '/catalogue/tracks?q=ital', member);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((x: { name: string }) => x.name)).toEqual(['Imola']);
    expect((await call('GET', '/catalogue/tracks?q=spa', member)).json().total).toBe(2);

    const id = spa.json().id as string;
    const renamed = await call('PATCH', `/catalogue/tracks/${id}`, officer, { layout: 'Grand Prix' });
    // Only what the change names changes.
    expect(renamed.json()).toMatchObject({
      id,
      name: 'Spa',
      country: 'Belgium',
      layout: 'Grand Prix',
      lengthKm: 7.004,
    });
    expect((await call('DELETE', `/catalogue/tracks/${id}`, officer)).statusCode).toBe(204);
    expect((await call('DELETE', `/catalogue/tracks/${id}`, officer)).statusCode).toBe(404);
  });

  it('lets officers and holders of the catalogue module write, and members only read', async () => {
    const denied = await call('POST', '/catalogue/vehicles', member, { name: 'BMW M4 GT3', category: 'GT3' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('MISSING_PERMISSION');
    const byHolder = await call('POST', '/catalogue/vehicles', holder, {
      name: 'BMW M4 GT3',
      category: 'GT3',
    });
    expect(byHolder.statusCode).toBe(201);
    expect(byHolder.json().createdBy).toMatch(/^user:/);
    expect((await call('GET', '/catalogue/vehicles?q=gt3', member)).json().total).toBe(1);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/communities/${communityId}/catalogue/vehicles` }))
        .statusCode,
    ).toBe(401);
  });

  it('keeps lists to the community own items, by kind', async () => {
    const car = (
      await call('POST', '/catalogue/vehicles', officer, { name: 'Audi R8 LMS', category: 'GT3' })
    ).json();
    const track = (await call('POST', '/catalogue/tracks', officer, { name: 'Suzuka' })).json();
    const wrongKind = await call('POST', '/catalogue/lists', officer, {
      kind: 'vehicle',
      name: 'GT3',
      itemIds: [track.id],
    });
    expect(wrongKind.json().error.code).toBe('REFERENCE_NOT_FOUND');
    const list = await call('POST', '/catalogue/lists', holder, {
      kind: 'vehicle',
      name: 'GT3',
      itemIds: [car.id],
    });
    expect(list.statusCode).toBe(201);
    const listed = await call('GET', '/catalogue/lists?kind=vehicle', member);
    expect(listed.json().items.map((l: { name: string; itemIds: string[] }) => [l.name, l.itemIds])).toEqual([
      ['GT3', [car.id]],
    ]);
    const patched = await call('PATCH', `/catalogue/lists/${list.json().id}`, officer, { name: 'GT3 2026' });
    expect(patched.json()).toMatchObject({ name: 'GT3 2026', itemIds: [car.id] });
    expect((await call('DELETE', `/catalogue/lists/${list.json().id}`, member)).statusCode).toBe(403);
    // A deleted vehicle leaves its lists.
    expect((await call('DELETE', `/catalogue/vehicles/${car.id}`, officer)).statusCode).toBe(204);
    expect((await call('GET', '/catalogue/lists?kind=vehicle', member)).json().items[0].itemIds).toEqual([]);
  });

  it('checks web form answers with the Discord steps: the first failing step and field', async () => {
    const empty = await call('POST', '/wizards/event/check', officer, { values: {} });
    expect(empty.json()).toEqual({
      valid: false,
      step: 'basics',
      field: 'title',
      message: {
        en: 'Give the event a title (1–100 characters).',
        es: 'Ponle un título al evento (1–100 caracteres).',
      },
    });
    const basics = { title: 'Suzuka 1000 km', date: '2031-08-30', time: '12:00', timeZone: 'Asia/Tokyo' };
    expect(
      (await call('POST', '/wizards/event/check', officer, { values: basics, step: 'schedule' })).json(),
    ).toEqual({
      valid: true,
      steps: ['basics', 'schedule'],
    });
    // The database checks run too: a track id of no track of this community.
    const unknownTrack = await call('POST', '/wizards/event/check', officer, {
      values: { ...basics, track: '00000000-0000-4000-8000-000000000000' },
      step: 'track',
    });
    expect(unknownTrack.json()).toMatchObject({ valid: false, step: 'track', field: 'track' });
    expect((await call('POST', '/wizards/event/check', member, { values: basics })).statusCode).toBe(403);
    expect(
      (await call('POST', '/wizards/tracklist/check', holder, { values: { name: '' } })).json(),
    ).toMatchObject({
      valid: false,
      step: 'name',
      field: 'name',
    });
  });

  it('answers the open wizard of the signed-in user, under their Discord account', async () => {
    expect((await call('GET', '/wizards/open', holder)).json()).toEqual({ wizard: null });
    const env = { app: t.ctx, communityId, actor: 'test', now: new Date() };
    const started = await engine.startWizard(env, wizards.vehiclelist, `discord:${holderDiscordId}`, {
      name: 'LMP2',
    });
    expect(started.ok).toBe(true);
    const open = await call('GET', '/wizards/open', holder);
    expect(open.json().wizard).toMatchObject({
      kind: 'vehiclelist',
      step: 'name',
      values: { name: 'LMP2' },
      version: 1,
    });
  });
});
