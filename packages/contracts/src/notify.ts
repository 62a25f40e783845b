import { z } from 'zod';
import { zInt, zListOf, zText } from './common';

export const zAlertKind = z.enum([
  'new_member',
  'member_left',
  'score_milestone',
  'online_record',
  'boss_kill',
]);
export type TAlertKind = z.infer<typeof zAlertKind>;

/** Discord webhook URLs as Discord hands them out (any of its hosts, with or without an API version). */
export const DISCORD_WEBHOOK_URL =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{5,25})\/([A-Za-z0-9_-]{20,200})\/?$/;

const zWebhookUrl = z
  .string()
  .trim()
  .max(300)
  .regex(DISCORD_WEBHOOK_URL, 'a Discord webhook URL: https://discord.com/api/webhooks/<id>/<token>');

export const zWebhookCreate = z.object({
  name: zText(80).trim().min(1),
  url: zWebhookUrl,
  /** Alert kinds sent to this webhook; omitted or null sends every enabled kind. */
  kinds: z.array(zAlertKind).max(10).nullable().optional(),
  enabled: z.boolean().default(true),
});
export type TWebhookCreate = z.input<typeof zWebhookCreate>;

export const zWebhookUpdate = z
  .object({
    name: zText(80).trim().min(1),
    /** A new URL also clears the broken mark. */
    url: zWebhookUrl,
    kinds: z.array(zAlertKind).max(10).nullable(),
    enabled: z.boolean(),
  })
  .partial();
export type TWebhookUpdate = z.infer<typeof zWebhookUpdate>;

export const zWebhook = z.object({
  id: z.string(),
  name: z.string(),
  /** Masked: the token never comes back. */
  url: z.string(),
  kinds: z.array(zAlertKind).nullable(),
  enabled: z.boolean(),
  /** Set when Discord answered 401/404 (the webhook was deleted or its token revoked). */
  brokenAt: z.string().nullable(),
  brokenReason: z.string().nullable(),
  createdAt: z.string(),
});
export type TWebhook = z.infer<typeof zWebhook>;
export const zWebhookList = zListOf(zWebhook);

export const zWebhookTestResult = z.object({
  delivered: z.boolean(),
  /** Discord's HTTP status, when it answered. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type TWebhookTestResult = z.infer<typeof zWebhookTestResult>;

export const zAlertRule = z.object({
  kind: zAlertKind,
  enabled: z.boolean(),
  /** Score milestones, for `score_milestone` only. */
  thresholds: z.array(z.number().int()).nullable(),
});
export type TAlertRule = z.infer<typeof zAlertRule>;
export const zAlertRuleList = zListOf(zAlertRule);

export const zAlertRuleUpdate = z.object({
  enabled: z.boolean(),
  /** Custom milestones (for example 1800, 2200, 2750); score_milestone only. */
  thresholds: z.array(zInt().min(100).max(6000)).min(1).max(12).optional(),
});
export type TAlertRuleUpdate = z.infer<typeof zAlertRuleUpdate>;

export const zOutboxItem = z.object({
  id: z.number().int(),
  webhookId: z.string(),
  kind: zAlertKind,
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const zOutboxList = zListOf(zOutboxItem);

/** The installation's ops alert settings, as its owner sees them (the webhook URL masked). */
export const zOpsAlertSettings = z.object({
  webhookUrl: z.string().nullable(),
  /** The webhook comes from OPS_ALERT_WEBHOOK_URL, not from these settings. */
  webhookFromConfig: z.boolean(),
  botLogChannelId: z.string().nullable(),
  botConfigured: z.boolean(),
  language: z.enum(['en', 'es']),
});
export type TOpsAlertSettings = z.infer<typeof zOpsAlertSettings>;

export const zOpsAlertSettingsUpdate = z.object({
  webhookUrl: z.string().max(300).regex(DISCORD_WEBHOOK_URL, 'a Discord webhook URL').nullable().optional(),
  botLogChannelId: z
    .string()
    .regex(/^\d{17,20}$/, 'a Discord channel id')
    .nullable()
    .optional(),
  language: z.enum(['en', 'es']).optional(),
});
export type TOpsAlertSettingsUpdate = z.infer<typeof zOpsAlertSettingsUpdate>;
