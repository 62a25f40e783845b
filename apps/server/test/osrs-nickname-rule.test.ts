import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communities } from '../src/modules/communities/communities.tables';
import { setDiscordLink } from '../src/modules/osrs/discord.repo';
import { osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { nicknameMatcher } from '../src/modules/osrs/nickname-rule';
import { osrsMembers } from '../src/modules/osrs/osrs.tables';
import { TIMEOUT } from './bot-harness';
import { discordUser, snowflake } from './fakes/discord-bot';
import { ownerCookie, userWithRole } from './helpers';
import { countingSetup, guildMessage } from './osrs-discord-fixtures';

describe('osrs: the nickname rule', () => {
  it('reads an OSRS name from a Discord name by the rule: off, exact, or a {name} pattern', () => {
    expect(nicknameMatcher('off')('Zezima')).toBeUndefined();
    expect(nicknameMatcher(undefined)('  Lynx_Titan ')).toBe('lynx titan');
    expect(nicknameMatcher('exact')('Zezima | Maxed')).toBe('zezima | maxed');
    const bar = nicknameMatcher('{name} |*');
    expect(bar('Lynx_Titan | Maxed main')).toBe('lynx titan');
    expect(bar('zezima |')).toBe('zezima');
    expect(bar('A | b | c')).toBe('a');
    expect(bar('NoBarHere')).toBeUndefined();
    // Pattern characters are literal except `*` and {name}.
    const bracket = nicknameMatcher('[*] {name}');
    expect(bracket('[CC] Iron Tess')).toBe('iron tess');
    expect(bracket('CC Iron Tess')).toBeUndefined();
  });

  it(
    'is validated as a community setting, and links speakers by the configured rule',
    async () => {
      const { h, db, optIn, post } = await countingSetup();
      const cookie = await ownerCookie(h.t.app, h.t.ctx);
      const patch = (rule: unknown) =>
        h.t.app.inject({
          method: 'PATCH',
          url: `/api/v1/communities/${h.communityId}`,
          headers: { cookie },
          payload: { settings: { osrsNicknameRule: rule } },
        });
      const stored = async () =>
        (await db.select().from(communities).where(eq(communities.id, h.communityId)))[0]!.settings
          .osrsNicknameRule;
      for (const bad of ['nothing', '{name} {name}', '{nick} |*', `${'x'.repeat(80)}{name}`, 7])
        expect((await patch(bad)).statusCode).toBe(400);
      expect(await stored()).toBeUndefined();
      expect((await patch('{name} |*')).statusCode).toBe(200);
      expect(await stored()).toBe('{name} |*');

      const general = snowflake();
      await optIn(general);
      const [lynx, zezima] = await db
        .insert(osrsMembers)
        .values([
          { communityId: h.communityId, womId: 1, name: 'Lynx_Titan', role: 'member' },
          { communityId: h.communityId, womId: 2, name: 'Zezima', role: 'leader' },
        ])
        .returning();
      const links = async () =>
        Object.fromEntries(
          (
            await db.select().from(osrsDiscordLinks).where(eq(osrsDiscordLinks.communityId, h.communityId))
          ).map((l) => [l.memberId, `${l.source}:${l.discordUserId}`]),
        );
      const lynxUser = discordUser('Lynx Titan | maxed');
      const zezUser = discordUser('Zezima');
      const say = (who: ReturnType<typeof discordUser>) =>
        post(guildMessage(h.where.guildId, general, who, '2026-12-01T10:00:00.000Z'));
      await say(lynxUser);
      await say(zezUser); // no ` |`: the pattern does not fit
      expect(await links()).toEqual({ [lynx!.id]: `rule:${lynxUser.id}` });

      // Switched to exact and applied again: the pattern's link goes, the exact name links.
      expect((await patch('exact')).statusCode).toBe(200);
      const apply = (c = cookie) =>
        h.t.app.inject({
          method: 'POST',
          url: `/api/v1/communities/${h.communityId}/osrs/nickname-rule/apply`,
          headers: { cookie: c },
        });
      const member = await userWithRole(h.t.app, h.t.ctx, h.communityId, 'member');
      expect((await apply(member.cookie)).statusCode).toBe(403);
      const applied = await apply();
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toEqual({ rule: 'exact', links: 1, removed: 1 });
      expect(await links()).toEqual({ [zezima!.id]: `rule:${zezUser.id}` });

      // A manual link always wins; off drops every rule link and links nobody as they speak.
      await setDiscordLink(db, {
        memberId: lynx!.id,
        communityId: h.communityId,
        discordUserId: '42',
        source: 'manual',
      });
      expect((await patch('off')).statusCode).toBe(200);
      expect((await apply()).json()).toEqual({ rule: 'off', links: 0, removed: 1 });
      await say(zezUser);
      expect(await links()).toEqual({ [lynx!.id]: 'manual:42' });
    },
    TIMEOUT,
  );
});
