import { describe, expect, it, onTestFinished } from 'vitest';
import { createBotRest, createDiscordActions } from '../src/modules/bot/discord-actions';
import { BOT_TOKEN, discordUser, FakeDiscordRest, snowflake } from './fakes/discord-bot';

async function actions() {
  const rest = await new FakeDiscordRest().start();
  onTestFinished(() => rest.close());
  const client = createBotRest({ DISCORD_API_BASE_URL: `${rest.url}/api/v10`, DISCORD_TOKEN: BOT_TOKEN });
  return { rest, discord: createDiscordActions(client) };
}

describe("the bot's Discord actions: Discord's refusals become outcomes, not exceptions", () => {
  it('posts to a channel, pinging nobody; a channel it may not post in is MISSING_PERMISSIONS (50013)', async () => {
    const { rest, discord } = await actions();
    const open = snowflake();
    const closed = snowflake();
    rest.noPermission.add(closed);
    const sent = await discord.postMessage(open, { content: '@everyone raid at 20:00' });
    expect(sent.ok).toBe(true);
    expect(rest.posted).toEqual([
      { channelId: open, body: { content: '@everyone raid at 20:00', allowed_mentions: { parse: [] } } },
    ]);
    expect(await discord.postMessage(closed, { content: 'x' })).toEqual({
      ok: false,
      code: 'MISSING_PERMISSIONS',
      message: 'Missing Permissions',
      status: 403,
    });
  });

  it('opens a DM channel and writes there; a user who refuses DMs is CANNOT_DM (50007)', async () => {
    const { rest, discord } = await actions();
    const ana = discordUser('Ana');
    const tom = discordUser('Tom');
    rest.closedDms.add(tom.id);
    expect((await discord.sendDm(ana.id, { content: 'Reminder: race in 1 h' })).ok).toBe(true);
    expect(await discord.sendDm(tom.id, { content: 'Reminder' })).toMatchObject({
      ok: false,
      code: 'CANNOT_DM',
    });
    expect(rest.posted.map((p) => p.body.content)).toEqual(['Reminder: race in 1 h']);
  });

  it('never sends a message over the limits: it throws before any request', async () => {
    const { rest, discord } = await actions();
    await expect(discord.postMessage(snowflake(), { content: 'x'.repeat(2001) })).rejects.toThrow(
      /content 2001\/2000/,
    );
    expect(rest.requests).toHaveLength(0);
  });
});
