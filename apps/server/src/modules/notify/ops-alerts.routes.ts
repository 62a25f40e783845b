import { DISCORD_WEBHOOK_URL } from '@guildhall/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installationOwnerOnly } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { getOpsSettings, updateOpsSettings } from './ops-alerts.service';

const zOpsSettings = z.object({
  webhookUrl: z.string().nullable(),
  webhookFromConfig: z.boolean(),
  botLogChannelId: z.string().nullable(),
  botConfigured: z.boolean(),
  language: z.enum(['en', 'es']),
});

const zOpsSettingsUpdate = z.object({
  webhookUrl: z.string().max(300).regex(DISCORD_WEBHOOK_URL, 'a Discord webhook URL').nullable().optional(),
  botLogChannelId: z
    .string()
    .regex(/^\d{17,20}$/, 'a Discord channel id')
    .nullable()
    .optional(),
  language: z.enum(['en', 'es']).optional(),
});

/** The installation's ops alert settings: its owner only (the webhook URL is shown masked). */
export function registerOpsAlertRoutes(app: FastifyInstance, ctx: AppContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/ops-alerts',
    { onRequest: installationOwnerOnly, schema: { tags: ['admin'], response: { 200: zOpsSettings } } },
    () => getOpsSettings(ctx),
  );
  typed.put(
    '/api/v1/admin/ops-alerts',
    {
      onRequest: installationOwnerOnly,
      config: { noStore: true },
      schema: { tags: ['admin'], body: zOpsSettingsUpdate, response: { 200: zOpsSettings } },
    },
    (request) => updateOpsSettings(ctx, request.body),
  );
}
