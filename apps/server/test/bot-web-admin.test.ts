import type { APIGuildMember, APIRole, GuildMemberFlags, RoleFlags } from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findGuildLink } from '../src/modules/bot/bot.repo';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { discordOfficer } from './bot-fixtures';
import { fakeGuild, PERMISSIONS, snowflake, startFakeDiscordBot } from './fakes/discord-bot';
import { createTestApp, makeCommunity, sessionCookie, userWithRole } from './helpers';

const ORIGIN = 'http://guildhall.test';
const TIMEOUT = 180_000;

async function setup() {
  const fake = await startFakeDiscordBot();
  const t = await createTestApp({ env: { ...fake.env, PUBLIC_URL: ORIGIN } });
  onTestFinished(async () => {
    await t.close();
    await fake.close();
  });
  const community = await makeCommunity(t.ctx);
  const officer = await discordOfficer(t.ctx, community.id);
  const [account] = await t.ctx.db
    .select()
    .from(linkedAccounts)
    .where(eq(linkedAccounts.providerAccountId, officer.user.id));
  const cookie = await sessionCookie(t.app, t.ctx, account!.userId);
  /** A server the bot is in, where the officer's Discord account has the given role bits. */
  const serverWith = (permissions: string) => {
    const guild = fakeGuild('Paddock');
    const roleId = snowflake();
    guild.roles = [
      { ...role(guild.id, '@everyone'), permissions: PERMISSIONS.member },
      { ...role(roleId, 'Stewards'), permissions },
    ];
    fake.rest.guilds.set(guild.id, {
      guild,
      members: new Map([
        [
          officer.user.id,
          {
            user: officer.user,
            roles: [roleId],
            joined_at: '2026-01-10T18:00:00.000000+00:00',
            deaf: false,
            mute: false,
            flags: 0 as GuildMemberFlags,
          } satisfies APIGuildMember,
        ],
      ]),
    });
    return guild.id;
  };
  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, as = cookie) =>
    t.app.inject({
      method,
      url: `/api/v1/communities/${community.id}${path}`,
      headers: { cookie: as, origin: ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return { fake, t, community, officer, cookie, serverWith, request };
}

function role(id: string, name: string): APIRole {
  return {
    id,
    name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
  };
}

describe('the Discord side on the web', () => {
  it(
    'links a server the officer manages on Discord, and refuses one they do not or the bot is not in',
    async () => {
      const { t, community, serverWith, request, fake } = await setup();
      const managed = serverWith(PERMISSIONS.manageGuild);
      const notManaged = serverWith(PERMISSIONS.member);

      const refused = await request('POST', '/bot/servers', { guildId: notManaged });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/Manage Server/);
      expect(await findGuildLink(t.ctx.db, notManaged)).toBeUndefined();

      const absent = await request('POST', '/bot/servers', { guildId: snowflake() });
      expect(absent.statusCode).toBe(404);
      expect(absent.json().error.code).toBe('DISCORD_SERVER_NOT_FOUND');

      const linked = await request('POST', '/bot/servers', { guildId: managed });
      expect(linked.statusCode).toBe(201);
      expect(linked.json()).toEqual({ guildId: managed, guildName: 'Paddock' });
      expect((await findGuildLink(t.ctx.db, managed))?.communityId).toBe(community.id);
      // Its commands are registered once linked.
      await fake.rest.until(() => fake.rest.commandsByGuild.get(managed));

      const overview = (await request('GET', '/bot')).json();
      expect(overview.servers.map((s: { guildId: string }) => s.guildId)).toEqual([managed]);
      expect(overview.discordAccount).not.toBeNull();
      expect(overview.inviteUrl).toContain('scope=bot+applications.commands');

      // Another community cannot take the server over, whoever asks.
      const other = await makeCommunity(t.ctx);
      const otherOfficer = await discordOfficer(t.ctx, other.id, 'Rafa');
      const [acc] = await t.ctx.db
        .select()
        .from(linkedAccounts)
        .where(eq(linkedAccounts.providerAccountId, otherOfficer.user.id));
      const takeover = await t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${other.id}/bot/servers`,
        headers: { cookie: await sessionCookie(t.app, t.ctx, acc!.userId), origin: ORIGIN },
        payload: { guildId: managed },
      });
      expect(takeover.statusCode).toBe(409);

      expect((await request('DELETE', `/bot/servers/${managed}`)).statusCode).toBe(204);
      expect(await findGuildLink(t.ctx.db, managed)).toBeUndefined();
      expect((await request('DELETE', `/bot/servers/${managed}`)).statusCode).toBe(404);
    },
    TIMEOUT,
  );

  it(
    'asks an officer without a Discord sign-in to sign in with Discord first',
    async () => {
      const { t, community, serverWith, request } = await setup();
      const { cookie } = await userWithRole(t.app, t.ctx, community.id, 'officer');
      const res = await request(
        'POST',
        '/bot/servers',
        { guildId: serverWith(PERMISSIONS.manageGuild) },
        cookie,
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('DISCORD_ACCOUNT_NOT_LINKED');
    },
    TIMEOUT,
  );

  it(
    'grants and revokes modules to roles and users; members may not',
    async () => {
      const { t, community, request } = await setup();
      const roleId = snowflake();
      const grant = { module: 'tickets', subjectType: 'role', subjectId: roleId };
      expect((await request('PUT', '/bot/grants', grant)).statusCode).toBe(204);
      expect((await request('PUT', '/bot/grants', grant)).statusCode).toBe(204); // idempotent
      expect((await request('GET', '/bot')).json().grants).toEqual([grant]);
      expect((await request('PUT', '/bot/grants', { ...grant, module: 'nothing' })).statusCode).toBe(400);
      expect((await request('PUT', '/bot/grants', { ...grant, subjectId: '12' })).statusCode).toBe(400);

      const member = await userWithRole(t.app, t.ctx, community.id, 'member');
      expect((await request('PUT', '/bot/grants', grant, member.cookie)).statusCode).toBe(403);
      expect((await request('GET', '/bot', undefined, member.cookie)).statusCode).toBe(403);

      expect((await request('DELETE', '/bot/grants', grant)).statusCode).toBe(204);
      expect((await request('DELETE', '/bot/grants', grant)).statusCode).toBe(404);
      expect((await request('GET', '/bot')).json().grants).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "makes a linked server's Manage Server holders officers of the community on the web, and nobody else",
    async () => {
      const { t, community, serverWith, request, fake } = await setup();
      const guildId = serverWith(PERMISSIONS.manageGuild);
      expect((await request('POST', '/bot/servers', { guildId })).statusCode).toBe(201);

      // Two people signed in with Discord and with no membership in the community.
      const outsider = async (name: string, permissions: string) => {
        const other = await makeCommunity(t.ctx);
        const actor = await discordOfficer(t.ctx, other.id, name);
        const roleId = snowflake();
        const known = fake.rest.guilds.get(guildId)!;
        known.guild.roles.push({ ...role(roleId, name), permissions });
        known.members.set(actor.user.id, {
          user: actor.user,
          roles: [roleId],
          joined_at: '2026-01-10T18:00:00.000000+00:00',
          deaf: false,
          mute: false,
          flags: 0 as GuildMemberFlags,
        });
        const [acc] = await t.ctx.db
          .select()
          .from(linkedAccounts)
          .where(eq(linkedAccounts.providerAccountId, actor.user.id));
        return sessionCookie(t.app, t.ctx, acc!.userId);
      };
      const admin = await outsider('Marta', PERMISSIONS.manageGuild);
      const plain = await outsider('Leo', PERMISSIONS.member);
      expect((await request('GET', '/bot', undefined, admin)).statusCode).toBe(200);
      expect(
        (
          await request(
            'PUT',
            '/bot/grants',
            { module: 'events', subjectType: 'role', subjectId: snowflake() },
            admin,
          )
        ).statusCode,
      ).toBe(204);
      expect((await request('GET', '/bot', undefined, plain)).statusCode).toBe(403);
      // An officer's powers, not the owner's: roles stay the owner's to change.
      const memberships = `/api/v1/communities/${community.id}/memberships`;
      const list = await t.app.inject({ url: memberships, headers: { cookie: admin } });
      expect(list.statusCode).toBe(200);
      const change = await t.app.inject({
        method: 'PUT',
        url: `${memberships}/${list.json().items[0].userId}`,
        headers: { cookie: admin, origin: ORIGIN },
        payload: { role: 'member' },
      });
      expect(change.statusCode).toBe(403);
    },
    TIMEOUT,
  );
});
