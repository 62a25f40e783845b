import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventChange, onEventChanged } from '../src/modules/events';
import { eventsKey, memberWithDiscord, nextYear } from './events-fixtures';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';

describe('events API: create, read, edit with a version, state machine, permissions', () => {
  let t: TestApp;
  let cid: string;
  let officer: Record<string, string>;
  let key: Record<string, string>;
  const changes: EventChange['kind'][] = [];
  let stopListening: () => void;

  beforeAll(async () => {
    t = await createTestApp();
    cid = (await makeCommunity(t.ctx, { timezone: 'America/Santiago' })).id;
    officer = { cookie: (await userWithRole(t.app, t.ctx, cid, 'officer', 'Officer Ana')).cookie };
    key = await eventsKey(t.ctx, cid);
    stopListening = onEventChanged((_ctx, change) => {
      if (change.event.communityId === cid) changes.push(change.kind);
    });
  });
  afterAll(async () => {
    stopListening();
    await t.close();
  });

  const url = (rest = '') => `/api/v1/communities/${cid}/events${rest}`;
  const create = (payload: object, headers = officer) =>
    t.app.inject({ method: 'POST', url: url(), headers, payload });

  it('creates a draft from title, start and capacity; stores UTC and the community zone', async () => {
    const startsAt = nextYear('03-10T21:30:00-03:00');
    const res = await create({ title: 'Copa Andina — Ronda 1', startsAt, capacity: 20 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'draft', capacity: 20, version: 1, timeZone: 'America/Santiago' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.startsAt).toBe(new Date(startsAt).toISOString());
    expect(body.startsAt.endsWith('Z')).toBe(true);
    expect(body.createdBy).toMatch(/^user:/);
    expect(body.signups).toEqual({ confirmed: 0, waitlisted: 0 });

    // An events key creates too; a named zone wins over the community's.
    const byKey = await create(
      { title: 'Raid night', startsAt: nextYear(), capacity: 25, timeZone: 'Europe/Madrid' },
      key,
    );
    expect(byKey.statusCode).toBe(201);
    expect(byKey.json()).toMatchObject({
      timeZone: 'Europe/Madrid',
      createdBy: expect.stringMatching(/^api_key:/),
    });
  });

  it('refuses a title already used in the community, whatever its case, with a clear 409', async () => {
    await create({ title: 'Noche de Liga', startsAt: nextYear(), capacity: 10 });
    const dup = await create({ title: '  noche de LIGA ', startsAt: nextYear(), capacity: 10 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('EVENT_TITLE_TAKEN');
    // Another community may use it.
    const other = await makeCommunity(t.ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${other.id}/events`,
      headers: { cookie: await ownerCookie(t.app, t.ctx) },
      payload: { title: 'Noche de Liga', startsAt: nextYear(), capacity: 10 },
    });
    expect(res.statusCode).toBe(201);
    // The default zone of a community that never chose one is UTC.
    const plain = await makeCommunity(t.ctx, { timezone: undefined });
    const utc = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${plain.id}/events`,
      headers: { cookie: await ownerCookie(t.app, t.ctx) },
      payload: { title: 'x', startsAt: nextYear(), capacity: 1 },
    });
    expect(utc.json().timeZone).toBe('UTC');
  });

  it('validates: ISO start with an offset, an IANA zone, a non-negative capacity, a sane window', async () => {
    const bad = [
      { title: 'a', startsAt: '2030-01-01 19:00', capacity: 1 },
      { title: 'a', startsAt: '2030-01-01T19:00:00', capacity: 1 },
      { title: 'a', startsAt: nextYear(), capacity: 1, timeZone: 'Mars/Olympus' },
      { title: 'a', startsAt: nextYear(), capacity: 1, timeZone: 'CET+1' },
      { title: 'a', startsAt: nextYear(), capacity: -1 },
      { title: '   ', startsAt: nextYear(), capacity: 1 },
      { startsAt: nextYear(), capacity: 1 },
      { title: 'a', startsAt: nextYear(), capacity: 1, caps: { roles: { tank: -2 } } },
      {
        title: 'a',
        startsAt: nextYear(),
        capacity: 1,
        racing: { rules: { regulationUrl: 'https://x.org/r', regulationChannelId: '150965416099840000' } },
      },
    ];
    for (const payload of bad) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const window = await create({
      title: 'window',
      startsAt: nextYear(),
      capacity: 1,
      registrationOpensAt: nextYear('06-10T00:00:00Z'),
      registrationClosesAt: nextYear('06-01T00:00:00Z'),
    });
    expect(window.statusCode).toBe(400);
    expect(window.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lists with search, dates, status and paging; reads one; 404 for unknown ids', async () => {
    const list = await t.app.inject({ url: url('?q=copa'), headers: officer });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { title: string }) => e.title)).toEqual(['Copa Andina — Ronda 1']);
    const dated = await t.app.inject({
      url: url(
        `?from=${encodeURIComponent(nextYear('03-01T00:00:00Z'))}&to=${encodeURIComponent(nextYear('03-31T00:00:00Z'))}`,
      ),
      headers: key,
    });
    expect(dated.json().total).toBe(1);
    const paged = await t.app.inject({ url: url('?limit=1&offset=1&status=draft'), headers: officer });
    expect(paged.json().items).toHaveLength(1);
    expect(paged.json().total).toBeGreaterThanOrEqual(3);
    const wildcard = await t.app.inject({ url: url('?q=%25'), headers: officer });
    expect(wildcard.json().total).toBe(0);

    const id = list.json().items[0].id;
    const one = await t.app.inject({ url: url(`/${id}`), headers: officer });
    expect(one.json()).toMatchObject({ id, title: 'Copa Andina — Ronda 1' });
    for (const missing of ['nope', '00000000-0000-4000-8000-000000000000']) {
      const res = await t.app.inject({ url: url(`/${missing}`), headers: officer });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('EVENT_NOT_FOUND');
    }
  });

  it('edits only at the version read: a stale version is a 409 and nothing is overwritten', async () => {
    const id = (await create({ title: 'Versioned', startsAt: nextYear(), capacity: 5 })).json().id;
    const first = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: officer,
      payload: { version: 1, description: 'from the web' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, description: 'from the web' });
    expect(first.json().updatedAt >= first.json().createdAt).toBe(true);

    const stale = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: key,
      payload: { version: 1, description: 'from Discord' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const now = await t.app.inject({ url: url(`/${id}`), headers: officer });
    expect(now.json()).toMatchObject({ version: 2, description: 'from the web' });

    const second = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: key,
      payload: { version: 2, title: 'Versioned (edited)' },
    });
    expect(second.json()).toMatchObject({ version: 3, updatedBy: expect.stringMatching(/^api_key:/) });

    // Renaming onto another event's title is the same 409 as creating it.
    const clash = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: officer,
      payload: { version: 3, title: 'noche de liga' },
    });
    expect(clash.json().error.code).toBe('EVENT_TITLE_TAKEN');
    const missingVersion = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: officer,
      payload: { title: 'no version' },
    });
    expect(missingVersion.statusCode).toBe(400);
  });

  it('lets exactly one of two simultaneous edits of one version win, and one of two same-title creations', async () => {
    const id = (await create({ title: 'Race for the edit', startsAt: nextYear(), capacity: 5 })).json().id;
    const edits = await Promise.all(
      ['from the web', 'from Discord'].map((description) =>
        t.app.inject({
          method: 'PATCH',
          url: url(`/${id}`),
          headers: officer,
          payload: { version: 1, description },
        }),
      ),
    );
    expect(edits.map((e) => e.statusCode).sort()).toEqual([200, 409]);
    const winner = edits.find((e) => e.statusCode === 200)!.json();
    const stored = (await t.app.inject({ url: url(`/${id}`), headers: officer })).json();
    expect(stored).toMatchObject({ version: 2, description: winner.description });

    const twins = await Promise.all(
      ['Twin Title', 'twin title'].map((title) => create({ title, startsAt: nextYear(), capacity: 1 })),
    );
    expect(twins.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(twins.find((r) => r.statusCode === 409)!.json().error.code).toBe('EVENT_TITLE_TAKEN');
  });

  it('moves draft → scheduled → active → completed → archived, stamped, and refuses the rest with 409', async () => {
    changes.length = 0;
    const id = (await create({ title: 'Lifecycle', startsAt: nextYear(), capacity: 5 })).json().id;
    const act = (action: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url: url(`/${id}/${action}`),
        headers: officer,
        ...(payload ? { payload } : {}),
      });

    for (const early of ['start', 'complete', 'archive']) {
      const res = await act(early);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.code).toBe('EVENT_TRANSITION_NOT_ALLOWED');
    }
    const published = await act('publish', { version: 1 });
    expect(published.json()).toMatchObject({ status: 'scheduled', version: 2 });
    expect(published.json().publishedAt).toEqual(expect.any(String));
    expect((await act('publish')).statusCode).toBe(409);
    expect((await act('start', { version: 1 })).json().error.code).toBe('VERSION_CONFLICT');
    expect((await act('start')).json().status).toBe('active');
    expect((await act('complete')).json().status).toBe('completed');
    const archived = await act('archive');
    expect(archived.json()).toMatchObject({ status: 'archived', version: 5 });
    expect(archived.json().archivedAt).toEqual(expect.any(String));
    expect((await act('cancel')).json().error.code).toBe('EVENT_TRANSITION_NOT_ALLOWED');
    const edit = await t.app.inject({
      method: 'PATCH',
      url: url(`/${id}`),
      headers: officer,
      payload: { version: 5, title: 'too late' },
    });
    expect(edit.json().error.code).toBe('EVENT_TRANSITION_NOT_ALLOWED');
    expect(changes).toEqual(['created', 'published', 'started', 'completed', 'archived']);

    const other = (await create({ title: 'Cancelled one', startsAt: nextYear(), capacity: 5 })).json().id;
    await t.app.inject({ method: 'POST', url: url(`/${other}/publish`), headers: officer });
    const cancelled = await t.app.inject({ method: 'POST', url: url(`/${other}/cancel`), headers: key });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(cancelled.json().cancelledAt).toEqual(expect.any(String));
    const archivedCancelled = await t.app.inject({
      method: 'POST',
      url: url(`/${other}/archive`),
      headers: key,
    });
    expect(archivedCancelled.json().status).toBe('archived');
  });

  it('needs an officer or an events key to write; members read; others are refused', async () => {
    const member = await memberWithDiscord(t.app, t.ctx, cid);
    const payload = { title: 'Not allowed', startsAt: nextYear(), capacity: 1 };
    const asMember = await create(payload, member.headers);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json().error.code).toBe('MISSING_PERMISSION');
    expect((await t.app.inject({ url: url(), headers: member.headers })).statusCode).toBe(200);
    const anon = await t.app.inject({ method: 'POST', url: url(), payload });
    expect(anon.statusCode).toBe(401);
    const { cookie } = await userWithRole(t.app, t.ctx, (await makeCommunity(t.ctx)).id, 'owner', 'Stranger');
    const stranger = await create(payload, { cookie });
    expect(stranger.statusCode).toBe(403);
    const otherKey = await eventsKey(t.ctx, (await makeCommunity(t.ctx)).id);
    expect((await create(payload, otherKey)).statusCode).toBe(403);
    const { createApiKey } = await import('../src/modules/access');
    const { cliActor } = await import('../src/modules/audit');
    const readKey = await createApiKey(t.ctx, cid, { name: 'r', scopes: ['read'] }, cliActor);
    const noScope = await create(payload, { 'x-api-key': readKey.key });
    expect(noScope.json().error.code).toBe('MISSING_SCOPE');
  });
});
