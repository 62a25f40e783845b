import type {
  TActivityEvent,
  TAlertRule,
  TAlertRuleUpdate,
  TWebhook,
  TWebhookCreate,
  TWebhookTestResult,
  TWebhookUpdate,
} from '@guildhall/contracts';
import { zWebhookCreate } from '@guildhall/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { type Actor, recordAudit, systemActor } from '../audit';
import { type Community, requireCommunity } from '../communities';
import {
  createDiscordWebhookClient,
  type DeliveryOutcome,
  type DiscordMessage,
  maskWebhookUrl,
} from './clients/discord';
import * as repo from './notify.repo';
import { type AlertKind, alertKinds } from './notify.tables';
import { type Alert, type Language, renderAlert, renderTest } from './notify.templates';
import { noteWebhookBroken, resolveOpsAlert } from './ops-alerts.service';

export type { Alert } from './notify.templates';

export const DEFAULT_MILESTONES = [2000, 2500, 3000];
/** Attempts at a message that keeps failing with 5xx or timeouts before it is given up. */
const MAX_DELIVERY_ATTEMPTS = 6;
/** How long a delivery run holds the messages it claimed. */
const CLAIM_MS = 5 * 60_000;
/** More joins or leaves than this in one change become one summary message. */
const SUMMARY_OVER = 5;

// ---------------------------------------------------------------- webhooks

export function presentWebhook(row: repo.WebhookRow): TWebhook {
  return {
    id: row.id,
    name: row.name,
    url: row.maskedUrl,
    kinds: row.kinds ?? null,
    enabled: row.enabled,
    brokenAt: row.brokenAt?.toISOString() ?? null,
    brokenReason: row.brokenReason,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listWebhooks(db: Executor, communityId: string): Promise<TWebhook[]> {
  return (await repo.findWebhooks(db, communityId)).map(presentWebhook);
}

export async function createWebhook(
  ctx: AppContext,
  communityId: string,
  input: TWebhookCreate,
  actor: Actor,
): Promise<TWebhook> {
  const values = zWebhookCreate.parse(input);
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.insertWebhook(tx, {
      communityId,
      name: values.name,
      sealedUrl: ctx.box.seal(values.url),
      maskedUrl: maskWebhookUrl(values.url),
      kinds: values.kinds ?? null,
      enabled: values.enabled,
    });
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'webhook.create',
      target: { type: 'webhook', id: saved.id },
      details: { name: saved.name, kinds: saved.kinds },
    });
    return saved;
  });
  return presentWebhook(row);
}

export async function updateWebhook(
  ctx: AppContext,
  communityId: string,
  webhookId: string,
  patch: TWebhookUpdate,
  actor: Actor,
): Promise<TWebhook> {
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateWebhook(tx, communityId, webhookId, {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.kinds === undefined ? {} : { kinds: patch.kinds }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      ...(patch.url === undefined
        ? {}
        : {
            sealedUrl: ctx.box.seal(patch.url),
            maskedUrl: maskWebhookUrl(patch.url),
            brokenAt: null,
            brokenReason: null,
          }),
    });
    if (!updated) throw new AppError('WEBHOOK_NOT_FOUND', 'no such webhook in this community');
    // A new URL ends the broken episode: breaking again alerts again.
    if (patch.url !== undefined)
      await resolveOpsAlert({ ...ctx, db: tx as typeof ctx.db }, `webhook:${webhookId}`);
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'webhook.update',
      target: { type: 'webhook', id: webhookId },
      details: { changed: Object.keys(patch) },
    });
    return updated;
  });
  return presentWebhook(row);
}

export async function deleteWebhook(
  ctx: AppContext,
  communityId: string,
  webhookId: string,
  actor: Actor,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteWebhook(tx, communityId, webhookId)))
      throw new AppError('WEBHOOK_NOT_FOUND', 'no such webhook in this community');
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'webhook.delete',
      target: { type: 'webhook', id: webhookId },
    });
  });
}

const discordClient = (ctx: AppContext) =>
  createDiscordWebhookClient({
    apiBaseUrl: ctx.config.DISCORD_API_BASE_URL,
    timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS,
    limiter: ctx.limiter,
    retryBaseMs: 250,
  });

/** Marks a webhook broken after Discord said 401/404, with an audit entry, once. */
async function markBroken(
  db: Executor,
  communityId: string,
  webhook: repo.WebhookRow,
  outcome: Extract<DeliveryOutcome, { kind: 'gone' }>,
): Promise<boolean> {
  const reason = `Discord answered ${outcome.status}: ${outcome.error}`.slice(0, 300);
  const newly = await repo.markWebhookBroken(db, webhook.id, reason, new Date());
  if (newly) {
    await recordAudit(db, {
      communityId,
      actor: systemActor,
      action: 'webhook.broken',
      target: { type: 'webhook', id: webhook.id },
      result: 'error',
      details: { name: webhook.name, status: outcome.status, error: outcome.error },
    });
  }
  return newly;
}

/** Tells the installation's operator, once the broken mark is committed. */
async function alertBroken(ctx: AppContext, communityId: string, webhook: repo.WebhookRow, status: number) {
  const community = await requireCommunity(ctx.db, communityId);
  await noteWebhookBroken(ctx, webhook, community.name, status).catch((err) =>
    ctx.log.warn({ err, webhookId: webhook.id }, 'ops alert for a broken webhook not queued'),
  );
}

/** Sends a test embed at once (not through the outbox) and says what Discord answered. */
export async function testWebhook(
  ctx: AppContext,
  communityId: string,
  webhookId: string,
  actor: Actor,
): Promise<TWebhookTestResult> {
  const community = await requireCommunity(ctx.db, communityId);
  const webhook = await repo.findWebhook(ctx.db, communityId, webhookId);
  if (!webhook) throw new AppError('WEBHOOK_NOT_FOUND', 'no such webhook in this community');
  const outcome = await discordClient(ctx).execute(
    ctx.box.open(webhook.sealedUrl),
    renderTest(community.language, community.name, new Date()),
  );
  const broke = await ctx.db.transaction(async (tx) => {
    const newly =
      !outcome.ok && outcome.kind === 'gone' && (await markBroken(tx, communityId, webhook, outcome));
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'webhook.test',
      target: { type: 'webhook', id: webhookId },
      result: outcome.ok ? 'ok' : 'error',
      details: { status: outcome.status },
    });
    return newly;
  });
  if (broke) await alertBroken(ctx, communityId, webhook, outcome.status ?? 404);
  return outcome.ok
    ? { delivered: true, status: outcome.status, error: null }
    : { delivered: false, status: outcome.status, error: outcome.error };
}

// ---------------------------------------------------------------- alert rules

export interface RuleSet {
  enabled: (kind: AlertKind) => boolean;
  thresholds: number[];
}

export async function loadRules(db: Executor, communityId: string): Promise<RuleSet> {
  const rows = await repo.findAlertRules(db, communityId);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const milestones = byKind.get('score_milestone')?.config.thresholds;
  return {
    enabled: (kind) => byKind.get(kind)?.enabled ?? true,
    thresholds: [...(milestones?.length ? milestones : DEFAULT_MILESTONES)].sort((a, b) => a - b),
  };
}

export async function listAlertRules(db: Executor, communityId: string): Promise<TAlertRule[]> {
  const rules = await loadRules(db, communityId);
  return alertKinds.map((kind) => ({
    kind,
    enabled: rules.enabled(kind),
    thresholds: kind === 'score_milestone' ? rules.thresholds : null,
  }));
}

export async function setAlertRule(
  ctx: AppContext,
  communityId: string,
  kind: AlertKind,
  input: TAlertRuleUpdate,
  actor: Actor,
): Promise<TAlertRule> {
  if (input.thresholds && kind !== 'score_milestone')
    throw new AppError('VALIDATION_FAILED', 'only the score_milestone rule takes thresholds');
  const thresholds = input.thresholds ? [...new Set(input.thresholds)].sort((a, b) => a - b) : undefined;
  await ctx.db.transaction(async (tx) => {
    const current = (await repo.findAlertRules(tx, communityId)).find((r) => r.kind === kind);
    await repo.upsertAlertRule(tx, {
      communityId,
      kind,
      enabled: input.enabled,
      config: thresholds ? { thresholds } : (current?.config ?? {}),
    });
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'alert_rule.update',
      target: { type: 'alert_rule', id: kind },
      details: { enabled: input.enabled, ...(thresholds ? { thresholds } : {}) },
    });
  });
  return (await listAlertRules(ctx.db, communityId)).find((r) => r.kind === kind)!;
}

/** The highest milestone crossed going from `previous` to `score`, if any. */
export function crossedMilestone(
  thresholds: number[],
  previous: number | null,
  score: number,
): number | null {
  let crossed: number | null = null;
  for (const t of thresholds) if ((previous ?? 0) < t && score >= t) crossed = t;
  return crossed;
}

// ---------------------------------------------------------------- the outbox

/** One alert to queue; the key makes queueing it twice (a rerun) a no-op. */
export interface QueuedAlert {
  alert: Alert;
  dedupeKey: string;
  at: Date;
}

/**
 * Queues alerts for every webhook that takes them, in the caller's transaction: they are
 * sent only if the change that caused them commits. Disabled rules queue nothing.
 */
export async function queueAlerts(
  tx: Executor,
  community: Community,
  alerts: QueuedAlert[],
): Promise<number> {
  if (alerts.length === 0) return 0;
  const rules = await loadRules(tx, community.id);
  const wanted = alerts.filter((a) => rules.enabled(a.alert.kind));
  if (wanted.length === 0) return 0;
  const hooks = await repo.findDeliverableWebhooks(tx, community.id);
  const rows = hooks.flatMap((hook) =>
    wanted
      .filter((a) => !hook.kinds || hook.kinds.includes(a.alert.kind))
      .map((a) => ({
        communityId: community.id,
        webhookId: hook.id,
        kind: a.alert.kind,
        dedupeKey: a.dedupeKey,
        message: renderAlert(
          a.alert,
          community.language as Language,
          community.name,
          a.at,
        ) as unknown as Record<string, unknown>,
      })),
  );
  return repo.insertOutbox(tx, rows);
}

/** An activity event as the upload and the syncs record it: typed `{ kind, data }` per kind. */
export type ActivityEventLike = TActivityEvent & {
  id: number;
  characterId: string | null;
  memberId: string | null;
  at: Date;
};

/**
 * Turns activity events (joins, leaves, milestones, online records, boss kills) into alerts
 * and queues them in the same transaction. Many joins or leaves at once (a first upload)
 * become one summary per kind rather than a flood.
 */
export async function queueAlertsForEvents(
  tx: Executor,
  community: Community,
  events: ActivityEventLike[],
): Promise<number> {
  if (events.length === 0) return 0;
  const rules = await loadRules(tx, community.id);
  const alerts: QueuedAlert[] = [];
  for (const [kind, alertKind] of [
    ['join', 'new_member'],
    ['leave', 'member_left'],
  ] as const) {
    const list = events.filter(
      (e): e is Extract<ActivityEventLike, { kind: 'join' | 'leave' }> => e.kind === kind,
    );
    if (list.length === 0) continue;
    if (list.length <= SUMMARY_OVER) {
      for (const e of list)
        alerts.push({
          alert: { kind: alertKind, name: e.data.name },
          dedupeKey: `${kind}:${e.id}`,
          at: e.at,
        });
    } else {
      // Every name goes to the template, which cuts the list to Discord's limits ("and N more").
      alerts.push({
        alert: { kind: alertKind, names: list.map((e) => e.data.name) },
        dedupeKey: `${kind}:${list[0]!.id}-${list.at(-1)!.id}`,
        at: list.at(-1)!.at,
      });
    }
  }
  for (const e of events) {
    if (e.kind === 'score_milestone') {
      const { score, previous, milestone, name } = e.data;
      const threshold = previous !== null ? crossedMilestone(rules.thresholds, previous, score) : milestone;
      if (threshold === null || !rules.thresholds.includes(threshold)) continue;
      alerts.push({
        alert: { kind: 'score_milestone', name, threshold, score },
        dedupeKey: `score_milestone:${e.characterId ?? e.memberId ?? name}:${threshold}`,
        at: e.at,
      });
    } else if (e.kind === 'online_record') {
      alerts.push({
        alert: { kind: 'online_record', count: e.data.count, day: e.data.day },
        dedupeKey: `online_record:${e.id}`,
        at: e.at,
      });
    } else if (e.kind === 'boss_kill') {
      const { boss, difficulty, zone, zoneId, encounterId } = e.data;
      alerts.push({
        alert: { kind: 'boss_kill', boss, difficulty, zone },
        dedupeKey: `boss_kill:${zoneId ?? ''}:${encounterId ?? boss}:${difficulty}`,
        at: e.at,
      });
    }
  }
  return queueAlerts(tx, community, alerts);
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  brokenWebhooks: number;
}

/**
 * Sends due messages. 429s are waited out (Retry-After) or rescheduled; 5xx and timeouts
 * are retried with backoff, then rescheduled, then given up; 401/404 mark the webhook
 * broken (with an audit entry) and its messages stay queued until its URL is fixed.
 */
export async function deliverOutbox(
  ctx: AppContext,
  opts: { communityId?: string; log?: FastifyBaseLogger; maxMessages?: number } = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, brokenWebhooks: 0 };
  const client = discordClient(ctx);
  const max = opts.maxMessages ?? 500;
  const hooks = new Map<string, repo.WebhookRow | undefined>();
  const broken = new Set<string>();
  let handled = 0;
  while (handled < max) {
    const now = new Date();
    const batch = await repo.claimDueOutbox(ctx.db, {
      communityId: opts.communityId,
      now,
      holdUntil: new Date(now.getTime() + CLAIM_MS),
      limit: Math.min(50, max - handled),
    });
    if (batch.length === 0) break;
    const skipped: number[] = [];
    for (const claimed of batch) {
      handled += 1;
      // The claim joins community webhooks: ops alerts (no webhook) are delivered by deliverOpsAlerts.
      const { webhookId, communityId } = claimed;
      if (!webhookId || !communityId) continue;
      const row = { ...claimed, webhookId, communityId };
      if (broken.has(row.webhookId)) {
        skipped.push(row.id);
        continue;
      }
      if (!hooks.has(row.webhookId))
        hooks.set(row.webhookId, await repo.findWebhook(ctx.db, row.communityId, row.webhookId));
      const hook = hooks.get(row.webhookId);
      if (!hook) continue;
      const outcome = await client.execute(
        ctx.box.open(hook.sealedUrl),
        row.message as unknown as DiscordMessage,
      );
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        await repo.markOutboxSent(ctx.db, row.id, new Date(), attempts);
        report.sent += 1;
        continue;
      }
      opts.log?.warn(
        { webhookId: hook.id, outbox: row.id, status: outcome.status, kind: outcome.kind },
        'alert not delivered',
      );
      switch (outcome.kind) {
        case 'rate_limited':
          // Waiting is Discord's request, not a failure: the attempt is not counted.
          await repo.rescheduleOutbox(ctx.db, row.id, {
            attempts: row.attempts,
            nextAttemptAt: new Date(Date.now() + outcome.retryAfterMs),
            lastError: `rate limited: ${outcome.error}`,
          });
          report.retrying += 1;
          break;
        case 'transient':
          if (attempts >= MAX_DELIVERY_ATTEMPTS) {
            await repo.markOutboxFailed(ctx.db, row.id, attempts, outcome.error);
            report.failed += 1;
          } else {
            await repo.rescheduleOutbox(ctx.db, row.id, {
              attempts,
              nextAttemptAt: new Date(Date.now() + 30_000 * 2 ** (attempts - 1)),
              lastError: outcome.error,
            });
            report.retrying += 1;
          }
          break;
        case 'gone': {
          const newly = await ctx.db.transaction(async (tx) => {
            const marked = await markBroken(tx, row.communityId, hook, outcome);
            // The message stays pending: it goes out if the webhook's URL is fixed.
            await repo.rescheduleOutbox(tx, row.id, {
              attempts,
              nextAttemptAt: new Date(),
              lastError: outcome.error,
            });
            return marked;
          });
          if (newly) await alertBroken(ctx, row.communityId, hook, outcome.status);
          broken.add(hook.id);
          report.brokenWebhooks += 1;
          break;
        }
        case 'rejected':
          await repo.markOutboxFailed(ctx.db, row.id, attempts, outcome.error);
          report.failed += 1;
          break;
      }
    }
    await repo.releaseOutbox(ctx.db, skipped);
  }
  return report;
}

export async function listOutbox(db: Executor, communityId: string, page: { limit: number; offset: number }) {
  const { rows, total } = await repo.findOutbox(db, communityId, page);
  return {
    items: rows.map((r) => ({
      id: r.id,
      // A community's rows: always to one of its webhooks, always a community alert kind.
      webhookId: r.webhookId ?? '',
      kind: r.kind as AlertKind,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
    total,
  };
}

export const pruneDelivered = (db: Executor, days: number) =>
  repo.pruneOutbox(db, new Date(Date.now() - days * 86_400_000));
