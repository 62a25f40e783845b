import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { osrsMembers } from '../src/modules/osrs/osrs.tables';
import { member, TIMEOUT, text } from './bot-harness';
import { subcommand } from './events-wizard-fixtures';
import { discordUser, PERMISSIONS, snowflake } from './fakes/discord-bot';
import { ownerCookie } from './helpers';
import { countingSetup, guildMessage, threadCreate } from './osrs-discord-fixtures';

const AT = '2026-12-01T10:00:00.000Z';

describe('osrs: the per-message lookups are cached and forgotten when channels, threads or links change', () => {
  it(
    'counts a channel as soon as it is opted in (REST or /osrs), and stops as soon as it is removed',
    async () => {
      const { h, post, openThread, activity } = await countingSetup({ commands: true });
      const cookie = await ownerCookie(h.t.app, h.t.ctx);
      const ana = discordUser('Ana');
      const messages = async () => (await activity()).reduce((n, r) => n + r.messages, 0);
      const channel = snowflake();
      const url = `/api/v1/communities/${h.communityId}/osrs/channels/${channel}`;

      // Not counted, and remembered as such; opting in forgets that at once.
      await post(guildMessage(h.where.guildId, channel, ana, AT));
      expect(await messages()).toBe(0);
      const put = await h.t.app.inject({
        method: 'PUT',
        url,
        headers: { cookie },
        payload: { kind: 'help' },
      });
      expect(put.statusCode).toBe(201);
      await post(guildMessage(h.where.guildId, channel, ana, AT));
      expect(await messages()).toBe(1);
      expect((await h.t.app.inject({ method: 'DELETE', url, headers: { cookie } })).statusCode).toBe(204);
      await post(guildMessage(h.where.guildId, channel, ana, AT));
      expect(await messages()).toBe(1);

      // The same through the command, in the channel it runs in.
      await post(guildMessage(h.where.guildId, h.where.channelId, ana, AT));
      const add = subcommand(
        member('Marta', { permissions: PERMISSIONS.manageGuild }),
        h.where,
        'osrs',
        'channel-add',
      );
      h.fake.interact(add);
      expect(text((await h.fake.rest.callbackOf(add.id)).body)).toMatch(
        /^Messages in this channel are now counted/,
      );
      await post(guildMessage(h.where.guildId, h.where.channelId, ana, AT));
      expect(await messages()).toBe(2);

      // A thread's message seen before its THREAD_CREATE is not counted; after it, it is.
      const thread = threadCreate(h.where.guildId, h.where.channelId, ana.id, AT);
      await post(guildMessage(h.where.guildId, thread.id, ana, AT));
      await openThread(thread);
      await post(guildMessage(h.where.guildId, thread.id, ana, AT));
      expect(await messages()).toBe(3);
    },
    TIMEOUT,
  );

  it(
    'runs the nickname rule again for a speaker once their link was removed',
    async () => {
      const { h, db, optIn, post } = await countingSetup();
      const cookie = await ownerCookie(h.t.app, h.t.ctx);
      const general = snowflake();
      await optIn(general);
      const [zezima] = await db
        .insert(osrsMembers)
        .values({ communityId: h.communityId, womId: 5, name: 'Zezima', role: 'member' })
        .returning();
      const speaker = discordUser('Zezima');
      const links = async () =>
        (await db.select().from(osrsDiscordLinks).where(eq(osrsDiscordLinks.memberId, zezima!.id))).map(
          (l) => `${l.source}:${l.discordUserId}`,
        );
      await post(guildMessage(h.where.guildId, general, speaker, AT));
      expect(await links()).toEqual([`rule:${speaker.id}`]);
      const url = `/api/v1/communities/${h.communityId}/osrs/members/5/discord`;
      expect((await h.t.app.inject({ method: 'DELETE', url, headers: { cookie } })).statusCode).toBe(204);
      expect(await links()).toEqual([]);
      await post(guildMessage(h.where.guildId, general, speaker, AT));
      expect(await links()).toEqual([`rule:${speaker.id}`]);
    },
    TIMEOUT,
  );
});
