import { MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { TIMEOUT } from './bot-harness';
import { discordUser, snowflake } from './fakes/discord-bot';
import { countingSetup, guildMessage, snowflakeAt, threadCreate } from './osrs-discord-fixtures';

const DAY = '2026-12-01';
const totals = (rows: { discordUserId: string; messages: number; questions: number; answers: number }[]) => {
  const out: Record<string, [number, number, number]> = {};
  for (const r of rows) {
    const t = out[r.discordUserId] ?? [0, 0, 0];
    out[r.discordUserId] = t;
    t[0] += r.messages;
    t[1] += r.questions;
    t[2] += r.answers;
  }
  return out;
};

describe('osrs: threads of counted channels through the gateway', () => {
  it(
    'counts an opened help thread as its owner’s question and other members’ messages in it as answers',
    async () => {
      const { h, optIn, post, openThread, activity, hours } = await countingSetup();
      const help = snowflake();
      await optIn(help, 'help');
      const ana = discordUser('Ana');
      const tom = discordUser('Tom');
      const robot = { ...discordUser('Wise Bot'), bot: true };
      const g = h.where.guildId;

      // A thread opened on its own (a forum post): a question, and no message by itself.
      const thread = threadCreate(g, help, ana.id, `${DAY}T10:00:00.000Z`);
      await openThread(thread);
      expect(totals(await activity())).toEqual({ [ana.id]: [0, 1, 0] });
      expect(await hours()).toEqual([]);
      // The same dispatch again (a reconnect replays it): nothing twice.
      await openThread(thread);
      expect(totals(await activity())).toEqual({ [ana.id]: [0, 1, 0] });

      // In the thread: the owner's own message is a message; anyone else's answers, replies or not.
      await post(guildMessage(g, thread.id, ana, `${DAY}T10:01:00.000Z`));
      await post(guildMessage(g, thread.id, tom, `${DAY}T10:05:00.000Z`));
      await post(guildMessage(g, thread.id, robot, `${DAY}T10:06:00.000Z`));
      expect(totals(await activity())).toEqual({ [ana.id]: [1, 1, 0], [tom.id]: [1, 0, 1] });
      // Counted under the help channel, the thread's parent.
      expect(new Set((await activity()).map((r) => r.channelId))).toEqual(new Set([help]));
      expect((await hours()).map((r) => r.messages)).toEqual([2]);
    },
    TIMEOUT,
  );

  it(
    'does not count twice a thread made from a question already counted, nor Discord’s notice of it',
    async () => {
      const { h, optIn, post, openThread, activity } = await countingSetup();
      const help = snowflake();
      const general = snowflake();
      const quiet = snowflake();
      await optIn(help, 'help');
      await optIn(general, 'count');
      const ana = discordUser('Ana');
      const tom = discordUser('Tom');
      const g = h.where.guildId;

      // Ana asks in the channel (a question), then makes a thread from that message (its id).
      const asked = guildMessage(g, help, ana, `${DAY}T09:00:00.000Z`, {
        id: snowflakeAt(Date.parse(`${DAY}T09:00:00.000Z`)),
      });
      await post(asked);
      await openThread(threadCreate(g, help, ana.id, `${DAY}T09:05:00.000Z`, { id: asked.id }));
      await post({ ...guildMessage(g, help, ana, `${DAY}T09:05:00.000Z`), type: MessageType.ThreadCreated });
      await post(guildMessage(g, asked.id, tom, `${DAY}T09:06:00.000Z`));
      expect(totals(await activity())).toEqual({ [ana.id]: [1, 1, 0], [tom.id]: [1, 0, 1] });

      // A thread of a plain counted channel: messages count, nobody asks or answers.
      const chat = threadCreate(g, general, ana.id, `${DAY}T11:00:00.000Z`);
      await openThread(chat);
      await post(guildMessage(g, chat.id, tom, `${DAY}T11:01:00.000Z`));
      // A thread of a channel not counted: nothing.
      const elsewhere = threadCreate(g, quiet, ana.id, `${DAY}T12:00:00.000Z`);
      await openThread(elsewhere);
      await post(guildMessage(g, elsewhere.id, tom, `${DAY}T12:01:00.000Z`));
      expect(totals(await activity())).toEqual({ [ana.id]: [1, 1, 0], [tom.id]: [2, 0, 1] });
    },
    TIMEOUT,
  );
});
