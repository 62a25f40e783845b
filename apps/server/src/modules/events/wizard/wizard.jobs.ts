import { z } from 'zod';
import type { AppContext } from '../../../core/context';
import { defineJob } from '../../../core/queue';
import { deleteAllExpired } from './wizard-sessions.repo';

/** Expired wizards already count as closed; this clears their rows once a day. */
export const pruneWizardSessionsJob = (ctx: AppContext) =>
  defineJob({
    name: 'wizard-sessions-prune',
    payload: z.object({}),
    schedule: '41 4 * * *',
    retry: { attempts: 2, backoffMs: 60_000 },
    handler: async () => ({ deleted: await deleteAllExpired(ctx.db, new Date()) }),
  });
