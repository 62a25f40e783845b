import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createInvite } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createUser } from '../src/modules/identity';
import {
  createTestApp,
  makeCommunity,
  ownerCookie,
  sessionCookie,
  type TestApp,
  userWithRole,
} from './helpers';

const ORIGIN = 'http://guildhall.test';
let t: TestApp;
let owner: string;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_URL: ORIGIN } });
  owner = await ownerCookie(t.app, t.ctx);
});
afterAll(() => t.close());

const as = (cookie: string, opts: InjectOptions): InjectOptions => ({
  ...opts,
  headers: { ...opts.headers, cookie, origin: ORIGIN },
});

async function newUser(name: string) {
  const user = await createUser(t.ctx.db, { displayName: name, isInstanceOwner: false });
  return { userId: user.id, cookie: await sessionCookie(t.app, t.ctx, user.id) };
}

async function roleIn(cookie: string, cid: string) {
  const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
  return (me.json().communities as { id: string; role: string }[]).find((c) => c.id === cid)?.role ?? null;
}

describe('invite links', () => {
  it('an officer creates a member link; a signed-in stranger accepts it once and becomes a member', async () => {
    const c = await makeCommunity(t.ctx, { name: 'Invited Guild' });
    const officer = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Officer Ana');
    const created = await t.app.inject(
      as(officer.cookie, {
        method: 'POST',
        url: `/api/v1/communities/${c.id}/invites`,
        payload: { role: 'member', expiresInHours: 48 },
      }),
    );
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toContain('no-store');
    const invite = created.json();
    expect(invite).toMatchObject({ role: 'member', state: 'open', createdBy: 'Officer Ana' });
    expect(invite.url).toBe(`${ORIGIN}/invite/${invite.token}`);

    // Only the hash is stored: the token appears nowhere in the table.
    const stored = await t.app.inject({
      url: `/api/v1/communities/${c.id}/invites`,
      headers: { cookie: officer.cookie },
    });
    expect(JSON.stringify(stored.json())).not.toContain(invite.token);
    const { rows } = (await t.ctx.db.execute(
      `select token_hash from invites where id = '${invite.id}'`,
    )) as unknown as {
      rows: { token_hash: string }[];
    };
    expect(rows[0]!.token_hash).not.toBe(invite.token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    // Anyone may see whose invite it is; accepting needs a signed-in person.
    const preview = await t.app.inject({ url: `/api/v1/invites/${invite.token}` });
    expect(preview.json()).toMatchObject({
      state: 'open',
      role: 'member',
      community: { id: c.id, name: 'Invited Guild', game: 'wow' },
    });
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invites/${invite.token}/accept`,
      headers: { origin: ORIGIN },
    });
    expect(anonymous.statusCode).toBe(401);

    const guest = await newUser('New Raider');
    expect(await roleIn(guest.cookie, c.id)).toBeNull();
    const accepted = await t.app.inject(
      as(guest.cookie, { method: 'POST', url: `/api/v1/invites/${invite.token}/accept` }),
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ communityId: c.id, role: 'member' });
    expect(await roleIn(guest.cookie, c.id)).toBe('member');

    // Single use: a second person (or the same one) is refused with a clear code.
    const other = await newUser('Latecomer');
    const again = await t.app.inject(
      as(other.cookie, { method: 'POST', url: `/api/v1/invites/${invite.token}/accept` }),
    );
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('INVITE_USED');
    expect(await roleIn(other.cookie, c.id)).toBeNull();
    expect((await t.app.inject({ url: `/api/v1/invites/${invite.token}` })).json().state).toBe('used');

    const list = await t.app.inject({
      url: `/api/v1/communities/${c.id}/invites`,
      headers: { cookie: owner },
    });
    expect(list.json().items[0]).toMatchObject({ id: invite.id, state: 'used', usedBy: 'New Raider' });

    const audit = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?action=invite.accept`,
      headers: { cookie: owner },
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'invite.accept',
      actorId: guest.userId,
      targetId: invite.id,
      details: { role: 'member', invitedAs: 'member', previousRole: null },
    });
    const made = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?action=invite.create`,
      headers: { cookie: owner },
    });
    expect(made.json().items[0]).toMatchObject({ actorId: officer.userId, targetId: invite.id });
  });

  it('refuses an expired link and a revoked one, and keeps a higher role', async () => {
    const c = await makeCommunity(t.ctx);
    // Created two days ago for one hour: expired now, without waiting.
    const old = await createInvite(
      t.ctx,
      c.id,
      { role: 'officer', expiresInHours: 1 },
      cliActor,
      new Date(Date.now() - 2 * 86_400_000),
    );
    const guest = await newUser('Too Late');
    const expired = await t.app.inject(
      as(guest.cookie, { method: 'POST', url: `/api/v1/invites/${old.token}/accept` }),
    );
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('INVITE_EXPIRED');
    expect((await t.app.inject({ url: `/api/v1/invites/${old.token}` })).json().state).toBe('expired');
    expect(await roleIn(guest.cookie, c.id)).toBeNull();

    const live = await createInvite(t.ctx, c.id, { role: 'member' }, cliActor);
    const revoked = await t.app.inject(
      as(owner, { method: 'DELETE', url: `/api/v1/communities/${c.id}/invites/${live.row.id}` }),
    );
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().state).toBe('revoked');
    const refused = await t.app.inject(
      as(guest.cookie, { method: 'POST', url: `/api/v1/invites/${live.token}/accept` }),
    );
    expect(refused.json().error.code).toBe('INVITE_REVOKED');
    const twice = await t.app.inject(
      as(owner, { method: 'DELETE', url: `/api/v1/communities/${c.id}/invites/${live.row.id}` }),
    );
    expect(twice.json().error.code).toBe('INVITE_NOT_FOUND');

    // An officer opening a member link stays officer; the link is spent all the same.
    const officer = await userWithRole(t.app, t.ctx, c.id, 'officer');
    const member = await createInvite(t.ctx, c.id, { role: 'member' }, cliActor);
    const kept = await t.app.inject(
      as(officer.cookie, { method: 'POST', url: `/api/v1/invites/${member.token}/accept` }),
    );
    expect(kept.json()).toEqual({ communityId: c.id, role: 'officer' });

    const unknown = await t.app.inject({ url: '/api/v1/invites/not-a-real-token-at-all-xyz' });
    expect(unknown.json()).toEqual({ state: 'unknown', community: null, role: null, expiresAt: null });
  });

  it('lets only officers and owners manage links, never members or API keys', async () => {
    const c = await makeCommunity(t.ctx);
    const member = await userWithRole(t.app, t.ctx, c.id, 'member');
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/communities/${c.id}/invites` },
      { method: 'POST' as const, url: `/api/v1/communities/${c.id}/invites`, payload: { role: 'member' } },
    ]) {
      expect((await t.app.inject(as(member.cookie, req))).statusCode).toBe(403);
    }
    const { key } = await createApiKey(t.ctx, c.id, { name: 'k', scopes: ['read'] }, cliActor);
    const byKey = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/invites`,
      headers: { 'x-api-key': key },
      payload: { role: 'member' },
    });
    expect(byKey.statusCode).toBe(403);
    // Another community's officer cannot see these links.
    const elsewhere = await makeCommunity(t.ctx);
    const stranger = await userWithRole(t.app, t.ctx, elsewhere.id, 'officer');
    const foreign = await t.app.inject({
      url: `/api/v1/communities/${c.id}/invites`,
      headers: { cookie: stranger.cookie },
    });
    expect(foreign.statusCode).toBe(403);
  });
});
