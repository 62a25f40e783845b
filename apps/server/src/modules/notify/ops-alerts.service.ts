import fs from 'node:fs';
import type { TOpsAlertSettings, TOpsAlertSettingsUpdate } from '@guildhall/contracts';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { createDiscordHttp } from '../../core/outbound/discord-api';
import { ProviderError } from '../../core/outbound/http-client';
import { providerHealth } from '../../core/outbound/provider-health';
import type { RunEnded } from '../../core/queue';
import { type Actor, recordAudit } from '../audit';
import { createDiscordWebhookClient, type DeliveryOutcome, maskWebhookUrl } from './clients/discord';
import { markOutboxFailed, markOutboxSent, rescheduleOutbox } from './notify.repo';
import type { OpsDestination } from './notify.tables';
import * as repo from './ops-alerts.repo';
import { type OpsAlert, renderOpsAlert } from './ops-alerts.templates';

export type { OpsAlert } from './ops-alerts.templates';

/** At most this many ops alerts an hour, whatever goes wrong at once. */
const MAX_PER_HOUR = 20;
const MAX_ATTEMPTS = 6;

/**
 * Queues an ops alert for a problem (`subject`) going on now: once per episode, and again only
 * after `OPS_ALERT_REPEAT_HOURS` if it still goes on. The dedupe key names the episode (when it
 * began) and the repeat window, so the outbox's unique key drops repeats; `resolveOpsAlert`
 * ends the episode and the next failure alerts afresh.
 */
export async function raiseOpsAlert(
  ctx: AppContext,
  subject: string,
  alert: OpsAlert,
  now: Date = new Date(),
): Promise<number> {
  const settings = await repo.findOpsSettings(ctx.db);
  const destinations: OpsDestination[] = [];
  if (settings?.sealedWebhookUrl || ctx.config.OPS_ALERT_WEBHOOK_URL) destinations.push('ops_webhook');
  if (settings?.botLogChannelId && ctx.config.DISCORD_TOKEN) destinations.push('ops_channel');
  return ctx.db.transaction(async (tx) => {
    const since = await repo.openEpisode(tx, subject, now);
    if (destinations.length === 0) return 0;
    const window = Math.floor(
      (now.getTime() - since.getTime()) / (ctx.config.OPS_ALERT_REPEAT_HOURS * 3_600_000),
    );
    const dedupeKey = `${subject}@${since.getTime()}#${window}`;
    if ((await repo.countOpsSince(tx, new Date(now.getTime() - 3_600_000))) >= MAX_PER_HOUR) {
      ctx.log.warn({ subject }, 'ops alert not queued: over the hourly cap');
      return 0;
    }
    const language = settings?.language ?? ctx.config.OPS_ALERT_LANGUAGE;
    const message = renderOpsAlert(alert, language, now) as unknown as Record<string, unknown>;
    return repo.insertOpsOutbox(
      tx,
      destinations.map((destination) => ({ destination, kind: alert.kind, dedupeKey, message })),
    );
  });
}

/** The problem is over: its next occurrence is a new episode with a new alert. */
export async function resolveOpsAlert(ctx: AppContext, subject: string): Promise<void> {
  await repo.closeEpisode(ctx.db, subject);
}

/** After every run: a job failing `OPS_ALERT_JOB_FAILURES` times in a row alerts; a success resolves. */
export async function noteRunEnded(ctx: AppContext, ended: RunEnded): Promise<void> {
  const subject = `job:${ended.job}`;
  if (ended.outcome === 'succeeded') return resolveOpsAlert(ctx, subject);
  if (ended.outcome !== 'failed') return;
  // Told before the run's own status is written: this run plus the n-1 finished before it.
  const n = ctx.config.OPS_ALERT_JOB_FAILURES;
  const before = await repo.latestFinishedRuns(ctx.db, ended.job, ended.runId, n - 1);
  if (before.length < n - 1 || before.some((r) => r.status !== 'failed')) return;
  await raiseOpsAlert(ctx, subject, {
    kind: 'job_failing',
    job: ended.job,
    failures: n,
    error: (ended.error ?? '').slice(0, 500),
  });
}

/** A backup's outcome (the scheduled job's, OSRS's pre-run one, the CLI's). */
export async function noteBackupOutcome(ctx: AppContext, outcome: { ok: boolean; error?: string }) {
  if (outcome.ok) return resolveOpsAlert(ctx, 'backup');
  await raiseOpsAlert(ctx, 'backup', { kind: 'backup_failed', error: (outcome.error ?? '').slice(0, 500) });
}

export async function noteWebhookBroken(
  ctx: AppContext,
  webhook: { id: string; name: string },
  community: string,
  status: number,
): Promise<void> {
  await raiseOpsAlert(ctx, `webhook:${webhook.id}`, {
    kind: 'webhook_broken',
    community,
    webhook: webhook.name,
    status,
  });
}

export type StatFs = (path: string) => { blocks: number; bavail: number };

const realStatfs: StatFs = (p) => {
  const s = fs.statfsSync(p);
  return { blocks: s.blocks, bavail: s.bavail };
};

/**
 * The periodic checks: providers that have answered only 5xx/429 for longer than the threshold,
 * and the disk under the data directory past its threshold (both resolve once well again).
 */
export async function checkOps(
  ctx: AppContext,
  opts: { now?: Date; statfs?: StatFs } = {},
): Promise<{ raised: number }> {
  const now = opts.now ?? new Date();
  let raised = 0;
  const health = providerHealth();
  const threshold = ctx.config.OPS_ALERT_PROVIDER_MINUTES * 60_000;
  for (const streak of health.failing) {
    const minutes = Math.floor((now.getTime() - streak.failingSince) / 60_000);
    if (now.getTime() - streak.failingSince < threshold) continue;
    raised += await raiseOpsAlert(
      ctx,
      `provider:${streak.provider}`,
      { kind: 'provider_failing', provider: streak.provider, minutes, lastStatus: String(streak.lastStatus) },
      now,
    );
  }
  for (const provider of health.healthy) await resolveOpsAlert(ctx, `provider:${provider}`);

  const dir = ctx.config.dataDir;
  fs.mkdirSync(dir, { recursive: true });
  const { blocks, bavail } = (opts.statfs ?? realStatfs)(dir);
  const usedPercent = blocks > 0 ? Math.round((1 - bavail / blocks) * 1000) / 10 : 0;
  if (usedPercent >= ctx.config.OPS_ALERT_DISK_PERCENT) {
    raised += await raiseOpsAlert(
      ctx,
      `disk:${dir}`,
      { kind: 'disk_filling', path: dir, usedPercent, threshold: ctx.config.OPS_ALERT_DISK_PERCENT },
      now,
    );
  } else await resolveOpsAlert(ctx, `disk:${dir}`);
  return { raised };
}

const zChannelMessage = z.object({ id: z.string() });

/** Sends due ops alerts to the installation's webhook or the bot's log channel. */
export async function deliverOpsAlerts(
  ctx: AppContext,
): Promise<{ sent: number; retrying: number; failed: number }> {
  const report = { sent: 0, retrying: 0, failed: 0 };
  const now = new Date();
  const rows = await repo.claimDueOps(ctx.db, now, new Date(now.getTime() + 5 * 60_000), 50);
  if (rows.length === 0) return report;
  const settings = await repo.findOpsSettings(ctx.db);
  const webhookUrl = settings?.sealedWebhookUrl
    ? ctx.box.open(settings.sealedWebhookUrl)
    : ctx.config.OPS_ALERT_WEBHOOK_URL;
  const deps = { limiter: ctx.limiter, timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS, retryBaseMs: 250 };
  const webhooks = createDiscordWebhookClient({ ...deps, apiBaseUrl: ctx.config.DISCORD_API_BASE_URL });
  for (const row of rows) {
    let outcome: DeliveryOutcome;
    if (row.destination === 'ops_channel') {
      const channel = settings?.botLogChannelId;
      if (!channel || !ctx.config.DISCORD_TOKEN)
        outcome = { ok: false, kind: 'rejected', status: null, error: 'no bot log channel' };
      else {
        try {
          await createDiscordHttp(
            { ...deps, maxWaitMs: 10_000 },
            {
              apiBaseUrl: ctx.config.DISCORD_API_BASE_URL,
              budget: { bucket: `discord:channel:${channel}`, rules: [] },
            },
          ).request({
            path: `/channels/${channel}/messages`,
            headers: { authorization: `Bot ${ctx.config.DISCORD_TOKEN}` },
            json: { ...row.message, allowed_mentions: { parse: [] } },
            schema: zChannelMessage,
          });
          outcome = { ok: true, status: 200 };
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err;
          outcome =
            err.kind === 'server' ||
            err.kind === 'timeout' ||
            err.kind === 'network' ||
            err.kind === 'rate_limited'
              ? { ok: false, kind: 'transient', status: err.status ?? null, error: err.message }
              : { ok: false, kind: 'rejected', status: err.status ?? null, error: err.message };
        }
      }
    } else if (!webhookUrl) outcome = { ok: false, kind: 'rejected', status: null, error: 'no ops webhook' };
    else outcome = await webhooks.execute(webhookUrl, row.message as never);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      await markOutboxSent(ctx.db, row.id, new Date(), attempts);
      report.sent += 1;
    } else if (outcome.kind === 'rejected' || outcome.kind === 'gone' || attempts >= MAX_ATTEMPTS) {
      ctx.log.warn({ outbox: row.id, error: outcome.error }, 'ops alert not delivered');
      await markOutboxFailed(ctx.db, row.id, attempts, outcome.error);
      report.failed += 1;
    } else {
      const wait = outcome.kind === 'rate_limited' ? outcome.retryAfterMs : 30_000 * 2 ** (attempts - 1);
      await rescheduleOutbox(ctx.db, row.id, {
        attempts,
        nextAttemptAt: new Date(Date.now() + wait),
        lastError: outcome.error,
      });
      report.retrying += 1;
    }
  }
  return report;
}

/** The installation's ops alert settings, as the owner sees them (the webhook masked). */
export async function getOpsSettings(ctx: AppContext): Promise<TOpsAlertSettings> {
  const s = await repo.findOpsSettings(ctx.db);
  return {
    webhookUrl:
      s?.maskedWebhookUrl ??
      (ctx.config.OPS_ALERT_WEBHOOK_URL ? maskWebhookUrl(ctx.config.OPS_ALERT_WEBHOOK_URL) : null),
    webhookFromConfig: !s?.sealedWebhookUrl && !!ctx.config.OPS_ALERT_WEBHOOK_URL,
    botLogChannelId: s?.botLogChannelId ?? null,
    botConfigured: !!ctx.config.DISCORD_TOKEN,
    language: s?.language ?? ctx.config.OPS_ALERT_LANGUAGE,
  };
}

/** Saves the owner's changes and audits them (which fields changed, never the webhook's secret). */
export async function updateOpsSettings(
  ctx: AppContext,
  input: TOpsAlertSettingsUpdate,
  actor: Actor,
): Promise<TOpsAlertSettings> {
  await ctx.db.transaction(async (tx) => {
    await saveOpsSettings(tx, ctx, input);
    await recordAudit(tx, {
      communityId: null,
      actor,
      action: 'ops-alerts.update',
      details: {
        ...(input.webhookUrl === undefined
          ? {}
          : { webhook: input.webhookUrl ? maskWebhookUrl(input.webhookUrl) : null }),
        ...(input.botLogChannelId === undefined ? {} : { botLogChannelId: input.botLogChannelId }),
        ...(input.language === undefined ? {} : { language: input.language }),
      },
    });
  });
  return getOpsSettings(ctx);
}

async function saveOpsSettings(db: Executor, ctx: AppContext, input: TOpsAlertSettingsUpdate) {
  await repo.saveOpsSettings(db, {
    ...(input.webhookUrl === undefined
      ? {}
      : input.webhookUrl === null
        ? { sealedWebhookUrl: null, maskedWebhookUrl: null }
        : {
            sealedWebhookUrl: ctx.box.seal(input.webhookUrl),
            maskedWebhookUrl: maskWebhookUrl(input.webhookUrl),
          }),
    ...(input.botLogChannelId === undefined ? {} : { botLogChannelId: input.botLogChannelId }),
    ...(input.language === undefined ? {} : { language: input.language }),
  });
}
