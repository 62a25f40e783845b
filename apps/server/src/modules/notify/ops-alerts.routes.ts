import { zOpsAlertSettings, zOpsAlertSettingsUpdate } from '@guildhall/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, installationOwnerOnly } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { getOpsSettings, updateOpsSettings } from './ops-alerts.service';

/** The installation's ops alert settings: its owner only (the webhook URL is shown masked). */
export function registerOpsAlertRoutes(app: FastifyInstance, ctx: AppContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/ops-alerts',
    { onRequest: installationOwnerOnly, schema: { tags: ['admin'], response: { 200: zOpsAlertSettings } } },
    () => getOpsSettings(ctx),
  );
  typed.put(
    '/api/v1/admin/ops-alerts',
    {
      onRequest: installationOwnerOnly,
      config: { noStore: true },
      schema: { tags: ['admin'], body: zOpsAlertSettingsUpdate, response: { 200: zOpsAlertSettings } },
    },
    (request) => updateOpsSettings(ctx, request.body, actorOf(request.principal)),
  );
}
