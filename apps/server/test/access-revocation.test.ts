import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../src/core/queue';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createLoginToken, createSession } from '../src/modules/identity';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';

const ORIGIN = 'http://guildhall.test';
let t: TestApp;
let owner: string;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_URL: ORIGIN } });
  owner = await ownerCookie(t.app, t.ctx);
});
afterAll(() => t.close());

/** Cookie writes come from the dashboard's own origin, as a browser sends them. */
const as = (cookie: string, opts: InjectOptions): InjectOptions => ({
  ...opts,
  headers: { ...opts.headers, cookie, origin: ORIGIN },
});

describe('removing a role', () => {
  it("takes the roster away on the member's very next request, and the audit says who did it", async () => {
    const c = await makeCommunity(t.ctx);
    const member = await userWithRole(t.app, t.ctx, c.id, 'member', 'Leaving Raider');
    const officer = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Officer Ana');
    const roster = { url: `/api/v1/communities/${c.id}/roster`, headers: { cookie: member.cookie } };
    expect((await t.app.inject(roster)).statusCode).toBe(200);

    const removed = await t.app.inject(
      as(officer.cookie, {
        method: 'DELETE',
        url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
      }),
    );
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject(roster);
    expect(after.statusCode).toBe(403);
    expect(after.json().error.code).toBe('FORBIDDEN');

    const list = await t.app.inject({
      url: `/api/v1/communities/${c.id}/memberships`,
      headers: { cookie: owner },
    });
    expect(list.json().items.map((m: { userId: string }) => m.userId)).not.toContain(member.userId);
    const audit = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?action=membership.remove`,
      headers: { cookie: owner },
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'membership.remove',
      actorId: officer.userId,
      actorName: 'Officer Ana',
      targetId: member.userId,
      details: { role: 'member' },
    });

    const again = await t.app.inject(
      as(officer.cookie, {
        method: 'DELETE',
        url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
      }),
    );
    expect(again.statusCode).toBe(404);
  });

  it('officers remove members only; owners remove officers and owners; the last owner stays', async () => {
    const c = await makeCommunity(t.ctx);
    const officerA = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Officer A');
    const officerB = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Officer B');
    const ownerA = await userWithRole(t.app, t.ctx, c.id, 'owner', 'Owner A');
    const member = await userWithRole(t.app, t.ctx, c.id, 'member', 'Member');
    const remove = (cookie: string, userId: string) =>
      t.app.inject(
        as(cookie, { method: 'DELETE', url: `/api/v1/communities/${c.id}/memberships/${userId}` }),
      );

    for (const target of [officerB.userId, ownerA.userId]) {
      const res = await remove(officerA.cookie, target);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const byMember = await remove(member.cookie, officerA.userId);
    expect(byMember.statusCode).toBe(403);

    // The only owner can neither leave nor demote themself.
    const last = await remove(ownerA.cookie, ownerA.userId);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('LAST_OWNER');
    const demote = await t.app.inject(
      as(owner, {
        method: 'PUT',
        url: `/api/v1/communities/${c.id}/memberships/${ownerA.userId}`,
        payload: { role: 'officer' },
      }),
    );
    expect(demote.json().error?.code).toBe('LAST_OWNER');

    expect((await remove(ownerA.cookie, officerB.userId)).statusCode).toBe(204);
    // An officer may step down.
    expect((await remove(officerA.cookie, officerA.userId)).statusCode).toBe(204);

    // With a second owner, one owner may go.
    const ownerB = await userWithRole(t.app, t.ctx, c.id, 'owner', 'Owner B');
    expect((await remove(ownerB.cookie, ownerA.userId)).statusCode).toBe(204);
    const roles = await t.app.inject({
      url: `/api/v1/communities/${c.id}/memberships`,
      headers: { cookie: owner },
    });
    expect(
      roles.json().items.map((m: { displayName: string; role: string }) => [m.displayName, m.role]),
    ).toEqual([
      ['Member', 'member'],
      ['Owner B', 'owner'],
    ]);
  });

  it('an API key cannot remove anyone', async () => {
    const c = await makeCommunity(t.ctx);
    const member = await userWithRole(t.app, t.ctx, c.id, 'member');
    const { key } = await createApiKey(t.ctx, c.id, { name: 'k', scopes: ['read', 'upload'] }, cliActor);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
      headers: { 'x-api-key': key },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('permission grants', () => {
  it('accept only the modules there are and the two levels', async () => {
    const c = await makeCommunity(t.ctx);
    const member = await userWithRole(t.app, t.ctx, c.id, 'member');
    const put = (permissions: unknown) =>
      t.app.inject(
        as(owner, {
          method: 'PUT',
          url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
          payload: { permissions },
        }),
      );
    expect((await put({ ['x'.repeat(5000)]: 'view' })).statusCode).toBe(400);
    expect((await put({ notamodule: 'view' })).statusCode).toBe(400);
    expect((await put({ wow: 'admin' })).statusCode).toBe(400);
    expect(
      (await put(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`m${i}`, 'view'])))).statusCode,
    ).toBe(400);
    expect((await put({ wow: 'manage', admin: 'view' })).statusCode).toBe(204);
    const list = await t.app.inject({
      url: `/api/v1/communities/${c.id}/memberships`,
      headers: { cookie: owner },
    });
    const mine = list.json().items.find((m: { userId: string }) => m.userId === member.userId);
    expect(mine.permissions).toEqual({ wow: 'manage', admin: 'view' });
  });

  it('a role for a user that does not exist is a 404, not a 500', async () => {
    const c = await makeCommunity(t.ctx);
    const res = await t.app.inject(
      as(owner, {
        method: 'PUT',
        url: `/api/v1/communities/${c.id}/memberships/00000000-0000-4000-8000-000000000000`,
        payload: { role: 'member' },
      }),
    );
    expect(res.statusCode).toBe(404);
  });
});

describe('deactivating a user', () => {
  it('ends their sessions at once, refuses every new sign-in, and is recorded', async () => {
    const c = await makeCommunity(t.ctx);
    const user = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Gone Officer');
    const link = await createLoginToken(t.ctx.db, user.userId);
    const me = () => t.app.inject({ url: '/api/v1/me', headers: { cookie: user.cookie } });
    expect((await me()).json().user.id).toBe(user.userId);

    const officerTry = await t.app.inject(
      as(user.cookie, { method: 'POST', url: `/api/v1/admin/users/${user.userId}/deactivate` }),
    );
    expect(officerTry.statusCode).toBe(403);

    const off = await t.app.inject(
      as(owner, { method: 'POST', url: `/api/v1/admin/users/${user.userId}/deactivate` }),
    );
    expect(off.statusCode).toBe(200);
    expect(off.json().deactivatedAt).toEqual(expect.any(String));

    expect((await me()).json().user).toBeNull();
    const roster = await t.app.inject({
      url: `/api/v1/communities/${c.id}/roster`,
      headers: { cookie: user.cookie },
    });
    expect(roster.statusCode).toBe(401);

    // The login link printed before is spent; any sign-in that reaches a session is refused.
    const login = await t.app.inject(`/auth/login?token=${link}`);
    expect(login.statusCode).toBe(401);
    await expect(createSession(t.ctx.db, user.userId)).rejects.toMatchObject({ code: 'ACCOUNT_DEACTIVATED' });

    const users = await t.app.inject({ url: '/api/v1/admin/users', headers: { cookie: owner } });
    expect(users.json().items.find((u: { id: string }) => u.id === user.userId).deactivatedAt).not.toBeNull();
    const audit = await t.app.inject({ url: '/api/v1/admin/audit?action=user.', headers: { cookie: owner } });
    expect(audit.json().items[0]).toMatchObject({
      action: 'user.deactivate',
      actorName: 'Owner',
      targetId: user.userId,
      details: { sessionsEnded: 1 },
    });

    const on = await t.app.inject(
      as(owner, { method: 'POST', url: `/api/v1/admin/users/${user.userId}/reactivate` }),
    );
    expect(on.json().deactivatedAt).toBeNull();
    const fresh = await createLoginToken(t.ctx.db, user.userId);
    expect((await t.app.inject(`/auth/login?token=${fresh}`)).statusCode).toBe(302);
  });

  it("the installation's owner cannot be switched off, and only the owner sees users", async () => {
    const users = await t.app.inject({ url: '/api/v1/admin/users', headers: { cookie: owner } });
    const self = users.json().items.find((u: { isInstanceOwner: boolean }) => u.isInstanceOwner);
    const res = await t.app.inject(
      as(owner, { method: 'POST', url: `/api/v1/admin/users/${self.id}/deactivate` }),
    );
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject('/api/v1/admin/users')).statusCode).toBe(401);
  });
});

describe('installation-wide jobs', () => {
  it("a community's officer cannot run them; the installation's owner can", async () => {
    const c = await makeCommunity(t.ctx);
    const officer = await userWithRole(t.app, t.ctx, c.id, 'officer');
    t.ctx.queue.register([
      defineJob({
        name: 'test-community-echo',
        scope: 'community',
        payload: z.object({ communityId: z.string() }),
        retry: { attempts: 1, backoffMs: 1 },
        handler: async () => null,
      }),
    ]);
    const before = await t.ctx.jobRuns.count({});
    for (const name of ['job-runs-prune', 'notify-deliver', 'test-community-echo']) {
      const res = await t.app.inject(
        as(officer.cookie, { method: 'POST', url: `/api/v1/communities/${c.id}/jobs/${name}` }),
      );
      expect([name, res.statusCode]).toEqual([name, name === 'job-runs-prune' ? 403 : 202]);
    }
    expect(await t.ctx.jobRuns.count({})).toBe(before + 2);

    const byOfficer = await t.app.inject(
      as(officer.cookie, { method: 'POST', url: '/api/v1/admin/jobs/job-runs-prune' }),
    );
    expect(byOfficer.statusCode).toBe(403);
    const byOwner = await t.app.inject(
      as(owner, {
        method: 'POST',
        url: '/api/v1/admin/jobs/job-runs-prune',
        payload: { payload: { olderThanDays: 30 } },
      }),
    );
    expect(byOwner.statusCode).toBe(202);
    const defs = await t.app.inject({ url: '/api/v1/admin/jobs', headers: { cookie: owner } });
    expect(defs.json().definitions).toContainEqual({
      name: 'job-runs-prune',
      scope: 'installation',
      schedule: '17 4 * * *',
    });
  });
});
