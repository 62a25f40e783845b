import { GatewayIntentBits } from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setDiscordLink } from '../src/modules/osrs/discord.repo';
import { osrsDiscordLinks } from '../src/modules/osrs/discord.tables';
import { osrsMembers } from '../src/modules/osrs/osrs.tables';
import { TIMEOUT } from './bot-harness';
import { discordUser, snowflake } from './fakes/discord-bot';
import { countingSetup, guildMessage } from './osrs-discord-fixtures';

const byKey = <R extends { discordUserId: string; channelId: string; day: string }>(rows: R[]) =>
  Object.fromEntries(rows.map((r) => [`${r.discordUserId}/${r.channelId}/${r.day}`, r]));

describe('osrs: counting Discord messages through the gateway', () => {
  it(
    'counts per member, channel and UTC day and per hour; ignores bots, webhooks and channels not opted in',
    async () => {
      const { h, optIn, post, activity, hours } = await countingSetup();
      // Messages arrive with GUILD_MESSAGES; their text (MESSAGE_CONTENT, privileged) is never asked for.
      const intents = h.fake.gateway.identifies[0]!.intents;
      expect(intents & GatewayIntentBits.GuildMessages).toBe(GatewayIntentBits.GuildMessages);
      expect(intents & GatewayIntentBits.MessageContent).toBe(0);
      const general = snowflake();
      const pvm = snowflake();
      const offTopic = snowflake();
      await optIn(general);
      await optIn(pvm);
      const zezima = discordUser('Zezima');
      const lynx = discordUser('Lynx Titan');
      const robot = { ...discordUser('Wise Bot'), bot: true };
      const at = (channel: string, who: typeof zezima, ts: string) =>
        guildMessage(h.where.guildId, channel, who, ts);

      await post(at(general, zezima, '2026-11-30T23:59:00.000Z'));
      await post(at(general, zezima, '2026-11-30T23:10:00.000Z'));
      await post(at(general, zezima, '2026-12-01T00:01:00.000+00:00'));
      await post(at(pvm, zezima, '2026-12-01T10:00:00.000Z'));
      await post(at(pvm, lynx, '2026-12-01T10:30:00.000Z'));
      // Not counted: a bot, a webhook, a channel not opted in.
      await post(at(general, robot, '2026-12-01T10:30:00.000Z'));
      await post(
        guildMessage(h.where.guildId, general, lynx, '2026-12-01T10:30:00.000Z', { webhookId: snowflake() }),
      );
      await post(at(offTopic, lynx, '2026-12-01T10:30:00.000Z'));

      const rows = byKey(await activity());
      expect(Object.keys(rows).sort()).toEqual(
        [
          `${zezima.id}/${general}/2026-11-30`,
          `${zezima.id}/${general}/2026-12-01`,
          `${zezima.id}/${pvm}/2026-12-01`,
          `${lynx.id}/${pvm}/2026-12-01`,
        ].sort(),
      );
      expect(rows[`${zezima.id}/${general}/2026-11-30`]).toMatchObject({
        messages: 2,
        questions: 0,
        answers: 0,
      });
      expect(rows[`${zezima.id}/${general}/2026-12-01`]?.messages).toBe(1);
      expect(rows[`${lynx.id}/${pvm}/2026-12-01`]?.messages).toBe(1);

      const perHour = Object.fromEntries((await hours()).map((r) => [r.hour.toISOString(), r.messages]));
      expect(perHour).toEqual({
        '2026-11-30T23:00:00.000Z': 2,
        '2026-12-01T00:00:00.000Z': 1,
        '2026-12-01T10:00:00.000Z': 2,
      });
    },
    TIMEOUT,
  );

  it(
    'in a help channel counts a message that replies to no one as a question, and a reply to another member as an answer',
    async () => {
      const { h, optIn, post, activity } = await countingSetup();
      const help = snowflake();
      const general = snowflake();
      await optIn(help, 'help');
      await optIn(general);
      const asker = discordUser('Iron Noob');
      const helper = discordUser('Maxed Main');
      const msg = (channel: string, who: typeof asker, replyTo?: ReturnType<typeof guildMessage>) =>
        guildMessage(h.where.guildId, channel, who, '2026-12-01T12:00:00.000Z', replyTo ? { replyTo } : {});

      const question = msg(help, asker);
      await post(question);
      const answer = msg(help, helper, question);
      await post(answer);
      await post(msg(help, asker, answer)); // thanks: a reply, to another member → an answer by the rules
      await post(msg(help, helper, answer)); // replying to oneself: neither
      await post(msg(general, helper, msg(general, asker))); // not a help channel: only a message

      const rows = byKey(await activity());
      expect(rows[`${asker.id}/${help}/2026-12-01`]).toMatchObject({ messages: 2, questions: 1, answers: 1 });
      expect(rows[`${helper.id}/${help}/2026-12-01`]).toMatchObject({
        messages: 2,
        questions: 0,
        answers: 1,
      });
      expect(rows[`${helper.id}/${general}/2026-12-01`]).toMatchObject({
        messages: 1,
        questions: 0,
        answers: 0,
      });
    },
    TIMEOUT,
  );

  it(
    'links a speaker whose nickname is an OSRS name (case, spaces and underscores alike), never over a manual link',
    async () => {
      const { h, db, optIn, post } = await countingSetup();
      const general = snowflake();
      await optIn(general);
      const [lynx, zezima] = await db
        .insert(osrsMembers)
        .values([
          { communityId: h.communityId, womId: 1, name: 'Lynx_Titan', role: 'member' },
          { communityId: h.communityId, womId: 2, name: 'Zezima', role: 'leader' },
        ])
        .returning();
      await setDiscordLink(db, {
        memberId: zezima!.id,
        communityId: h.communityId,
        discordUserId: '999',
        source: 'manual',
      });
      const speaker = discordUser('lynx titan');
      await post(guildMessage(h.where.guildId, general, speaker, '2026-12-01T10:00:00.000Z'));
      await post(guildMessage(h.where.guildId, general, discordUser('ZEZIMA'), '2026-12-01T10:00:00.000Z'));
      await post(
        guildMessage(h.where.guildId, general, discordUser('Someone Else'), '2026-12-01T10:00:00.000Z'),
      );
      const links = await db
        .select()
        .from(osrsDiscordLinks)
        .where(eq(osrsDiscordLinks.communityId, h.communityId));
      expect(Object.fromEntries(links.map((l) => [l.memberId, [l.source, l.discordUserId]]))).toEqual({
        [lynx!.id]: ['rule', speaker.id],
        [zezima!.id]: ['manual', '999'],
      });
    },
    TIMEOUT,
  );
});
