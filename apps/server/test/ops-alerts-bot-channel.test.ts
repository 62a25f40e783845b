import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOpsAlerts, noteBackupOutcome } from '../src/modules/notify/ops-alerts.service';
import { type FakeDiscordBot, snowflake, startFakeDiscordBot } from './fakes/discord-bot';
import { createTestApp, ownerCookie, type TestApp } from './helpers';

// Ops alerts through the bot: with DISCORD_TOKEN set and a log channel chosen, each alert is
// posted to that channel as the bot (Discord's REST fake), as well as to the webhook if any.
let bot: FakeDiscordBot;
let t: TestApp;
const channel = snowflake();

beforeAll(async () => {
  bot = await startFakeDiscordBot();
  t = await createTestApp({ env: { ...bot.env, OUTBOUND_TIMEOUT_MS: '30000' } });
});

afterAll(async () => {
  await t?.close();
  await bot?.close();
});

const posted = () =>
  bot.rest.posted.filter((m) => m.channelId === channel).map((m) => m.body.embeds?.[0]?.title ?? '');

describe('ops alerts in the bot log channel', () => {
  it('posts each alert once to the channel the owner chose, as the bot, with no mentions', async () => {
    const owner = await ownerCookie(t.app, t.ctx);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/ops-alerts',
      headers: { cookie: owner },
      payload: { botLogChannelId: channel },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ botConfigured: true, botLogChannelId: channel, webhookUrl: null });

    await noteBackupOutcome(t.ctx, { ok: false, error: 'pg_dump: not found' });
    await noteBackupOutcome(t.ctx, { ok: false, error: 'pg_dump: not found' });
    expect(await deliverOpsAlerts(t.ctx)).toMatchObject({ sent: 1 });
    expect(posted()).toEqual(['A backup failed']);
    expect(bot.rest.posted.find((m) => m.channelId === channel)?.body.allowed_mentions).toEqual({
      parse: [],
    });

    // Sent is sent: another delivery run posts nothing more.
    await deliverOpsAlerts(t.ctx);
    expect(posted()).toHaveLength(1);
  });

  it('keeps an alert the channel refuses as failed, without retrying it forever', async () => {
    bot.rest.noPermission.add(channel);
    await noteBackupOutcome(t.ctx, { ok: true });
    await noteBackupOutcome(t.ctx, { ok: false, error: 'disk full' });
    expect(await deliverOpsAlerts(t.ctx)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(posted()).toHaveLength(1);
    // A refusal (403 Missing Permissions) is final: the next run has nothing left to send.
    expect(await deliverOpsAlerts(t.ctx)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });
});
