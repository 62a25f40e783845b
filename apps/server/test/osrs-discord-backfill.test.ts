import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { createBotRest } from '../src/modules/bot';
import { osrsActivityChannels } from '../src/modules/osrs/discord.tables';
import { type BackfillProgress, backfillChannel, snowflakeAt } from '../src/modules/osrs/discord-backfill';
import { TIMEOUT } from './bot-harness';
import { discordUser } from './fakes/discord-bot';
import { countingSetup, guildMessage } from './osrs-discord-fixtures';

const HOUR = 3_600_000;
const addedAt = new Date('2026-12-01T12:00:00.000Z');

describe('osrs: backfilling an opted-in channel from its history', () => {
  it(
    'pages backwards 100 at a time from the opt-in, stops at the max age, reports progress, and never counts twice',
    async () => {
      const { h, db, activity, hours, channelRow } = await countingSetup();
      const channel = h.fake.rest.guildChannels.add(h.where.guildId, { name: 'general', type: 0 });
      await db
        .insert(osrsActivityChannels)
        .values({ communityId: h.communityId, channelId: channel.id, kind: 'count', addedAt });
      const ana = discordUser('Ana');
      const ben = discordUser('Ben');
      const robot = { ...discordUser('Bot'), bot: true };
      // Oldest first, as the fake stores them; ids follow time, as Discord's snowflakes do.
      const history: APIMessage[] = [];
      const say = (at: Date, who: typeof ana, n: number) =>
        history.push(
          guildMessage(h.where.guildId, channel.id, who, at.toISOString(), {
            id: String(BigInt(snowflakeAt(at)) + BigInt(n)),
          }),
        );
      for (let i = 0; i < 20; i++) say(new Date('2026-10-01T10:00:00.000Z'), ana, i); // older than 30 days
      for (let i = 209; i >= 0; i--)
        say(new Date(addedAt.getTime() - (i + 1) * HOUR), i === 5 ? robot : i % 2 ? ben : ana, 0);
      for (let i = 0; i < 5; i++) say(new Date(addedAt.getTime() + HOUR), ana, i); // the gateway's, after opt-in
      h.fake.rest.guildChannels.messages.set(channel.id, history);

      const rest = createBotRest(h.t.ctx.config);
      const progress: BackfillProgress[] = [];
      const report = await backfillChannel(h.t.ctx, rest, h.communityId, channel.id, {
        maxDays: 30,
        now: addedAt,
        onPage: (p) => progress.push(p),
      });
      expect(report).toEqual({ status: 'done', pages: 3, read: 230, counted: 209 });
      expect(progress.map((p) => [p.page, p.read])).toEqual([
        [1, 100],
        [2, 200],
        [3, 230],
      ]);
      expect((await channelRow(channel.id))?.backfilledAt?.toISOString()).toBe(addedAt.toISOString());

      const rows = await activity();
      const total = (id: string) =>
        rows.filter((r) => r.discordUserId === id).reduce((s, r) => s + r.messages, 0);
      // 210 within the window: Ana the even hours back (105), Ben the odd ones but the bot's (104).
      expect(total(ana.id)).toBe(105);
      expect(total(ben.id)).toBe(104);
      expect(total(robot.id)).toBe(0);
      expect((await hours()).reduce((s, r) => s + r.messages, 0)).toBe(209);

      // Again: nothing read, nothing counted twice.
      const before = h.fake.rest.requests.length;
      expect(await backfillChannel(h.t.ctx, rest, h.communityId, channel.id, { now: addedAt })).toEqual({
        status: 'skipped',
        reason: 'ALREADY_BACKFILLED',
      });
      expect(h.fake.rest.requests.length).toBe(before);
      expect((await hours()).reduce((s, r) => s + r.messages, 0)).toBe(209);
    },
    TIMEOUT,
  );
});
