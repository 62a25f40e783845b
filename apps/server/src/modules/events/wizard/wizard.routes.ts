import {
  zIdParams,
  zOpenWizardAnswer,
  zWizardCheck,
  zWizardCheckResult,
  zWizardKind,
} from '@guildhall/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard } from '../../../core/auth';
import type { AppContext } from '../../../core/context';
import { AppError } from '../../../core/errors';
import { errorResponses } from '../../../core/http';
import { requireBotModule, wizardOwnerOf } from '../catalogue-access';
import type { WizardEnv } from './definition';
import { findOpenWizard, validateSteps } from './engine';
import { wizards } from './wizards';

/**
 * The web form's side of the wizard engine: it checks answers with the very step definitions
 * the Discord flow uses (same order, same first error), and finds a user's open wizard to resume.
 */
export const wizardRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const member = guard({ module: 'events', level: 'view' });
  const env = (communityId: string, actor: string): WizardEnv => ({
    app: ctx,
    communityId,
    actor,
    now: new Date(),
  });

  app.get(
    '/api/v1/communities/:id/wizards/open',
    {
      schema: {
        tags: ['events'],
        summary: 'Your open wizard, to resume it',
        params: zIdParams,
        response: { 200: zOpenWizardAnswer, ...errorResponses },
      },
      preHandler: member,
    },
    async (request) => {
      const owner = await wizardOwnerOf(ctx, request);
      const open = await findOpenWizard(env(request.params.id, owner), owner);
      if (!open) return { wizard: null };
      return {
        wizard: {
          key: open.key,
          kind: zWizardKind.parse(open.kind),
          step: open.step,
          values: open.data,
          recordId: open.recordId,
          version: open.version,
          expiresAt: open.expiresAt.toISOString(),
        },
      };
    },
  );

  for (const [kind, def] of Object.entries(wizards)) {
    app.post(
      `/api/v1/communities/:id/wizards/${kind}/check`,
      {
        schema: {
          tags: ['events'],
          summary: `Validate ${kind} wizard answers step by step: the first failing step and field`,
          params: zIdParams,
          body: zWizardCheck,
          response: { 200: zWizardCheckResult, ...errorResponses },
        },
        preHandler: [member, requireBotModule(ctx, def.permission)],
      },
      async (request) => {
        const { values, step } = request.body;
        if (step && !def.steps.some((s) => s.id === step))
          throw new AppError('INVALID_VALUE', `the ${kind} wizard has no step ${step}`);
        const owner = await wizardOwnerOf(ctx, request);
        const checked = await validateSteps(def, values, env(request.params.id, owner), { upTo: step });
        return checked.ok
          ? { valid: true as const, steps: checked.steps }
          : { valid: false as const, step: checked.step, field: checked.field, message: checked.message };
      },
    );
  }
};
