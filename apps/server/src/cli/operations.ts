import { zCommunityCreate } from '@guildhall/contracts';
import { z } from 'zod';
import { BackupToolMissingError, createBackup } from '../core/backup';
import type { AppContext } from '../core/context';
import { AppError } from '../core/errors';
import { waitForRun } from '../core/queue';
import { apiKeyScopes, createApiKey, listApiKeys, revokeApiKey } from '../modules/access';
import { cliActor } from '../modules/audit';
import { createCommunity, listCommunities, requireCommunity } from '../modules/communities';
import { buildModels, buildSummaryLines, loadMatchColumns } from '../modules/dota';
import { createLoginToken, ensureInstanceOwner } from '../modules/identity';
import { harvestableCommunities, harvestCommunity } from '../modules/osrs';
import { modules } from '../modules/registry';
import {
  communityRoster,
  type PipelineResult,
  type PipelineStage,
  runCommunityPipeline,
  summarisePipeline,
} from '../modules/telemetry';
import { runOsrsPipeline } from './osrs-run';

/**
 * The CLI's commands as data: each validates its arguments and answers lines of output,
 * the last one being the value scripts read (an id, a key). The same operation runs in
 * the CLI process or, when a server holds the embedded database, inside that server.
 */
interface Operation<A extends z.ZodType> {
  args: A;
  run(ctx: AppContext, args: z.infer<A>, io?: OperationIO): Promise<string[]>;
}

/** What the CLI process offers a long operation: a progress bar (absent through the admin channel). */
export interface OperationIO {
  progress?: (update: { label: string; done: number; total: number }) => void;
}

const op = <A extends z.ZodType>(o: Operation<A>) => o;

export const publicUrl = (ctx: AppContext) => ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`;

export const operations = {
  migrate: op({
    args: z.object({}),
    // Opening the context migrates; there is nothing left to do.
    run: async (ctx) => [`database (${ctx.dbKind}) is up to date`],
  }),

  backup: op({
    args: z.object({ out: z.string().min(1).max(4096).optional() }),
    async run(ctx, args) {
      try {
        const { path, manifest } = await createBackup(ctx, args.out ? { dir: args.out } : {});
        const objects = manifest.files.filter((f) => f.path.startsWith('objects/')).length;
        const mib = manifest.files.reduce((n, f) => n + f.bytes, 0) / 1024 / 1024;
        return [
          `backed up the ${manifest.database.kind === 'pglite' ? 'embedded' : 'PostgreSQL'} database ` +
            `(schema ${manifest.database.migrations}), ${objects} lake and export file(s)` +
            `${manifest.files.some((f) => f.path === 'secret.key') ? ' and the generated secret' : ''}: ${mib.toFixed(1)} MiB`,
          path,
        ];
      } catch (err) {
        if (err instanceof BackupToolMissingError) throw new AppError('UNPROCESSABLE', err.message);
        throw err;
      }
    },
  }),

  'community.create': op({
    args: zCommunityCreate,
    async run(ctx, args) {
      const row = await createCommunity(ctx, args, cliActor);
      return [`created community ${row.name} (${row.game})`, row.id];
    },
  }),

  'community.list': op({
    args: z.object({}),
    async run(ctx) {
      const rows = await listCommunities(ctx.db);
      return rows.map((c) => `${c.id}  ${c.game.padEnd(6)}  ${c.name}`);
    },
  }),

  'apikey.create': op({
    args: z.object({
      community: z.string(),
      scope: z.array(z.enum(apiKeyScopes)).min(1),
      name: z.string().min(1).max(80).optional(),
    }),
    async run(ctx, args) {
      const community = await requireCommunity(ctx.db, args.community);
      const { row, key } = await createApiKey(
        ctx,
        community.id,
        { name: args.name ?? `${args.scope.join('+')} key`, scopes: args.scope },
        cliActor,
      );
      return [
        `created API key ${row.prefix}… (${row.scopes.join(', ')}) for ${community.name}; it is shown only once:`,
        key,
      ];
    },
  }),

  'apikey.revoke': op({
    args: z.object({ community: z.string(), id: z.string().uuid() }),
    async run(ctx, args) {
      const community = await requireCommunity(ctx.db, args.community);
      const row = await revokeApiKey(ctx, community.id, args.id, cliActor);
      return [`revoked API key ${row.prefix}…`, row.id];
    },
  }),

  'apikey.list': op({
    args: z.object({ community: z.string() }),
    async run(ctx, args) {
      const community = await requireCommunity(ctx.db, args.community);
      return (await listApiKeys(ctx.db, community.id)).map(
        (k) =>
          `${k.id}  ${k.prefix}…  ${k.scopes.join(',').padEnd(11)}  ${k.revokedAt ? 'revoked' : 'active '}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}  last upload ${k.lastUploadAt?.toISOString() ?? 'never'}  ${k.name}`,
      );
    },
  }),

  // The telemetry commands stream files into the lake in the CLI process itself (progress on
  // its terminal); only what needs the database runs here: which community, which members.
  'telemetry.community': op({
    args: z.object({ community: z.string().optional() }),
    async run(ctx, args) {
      if (args.community) {
        const community = await requireCommunity(ctx.db, args.community);
        return [community.name, community.id];
      }
      const all = await listCommunities(ctx.db);
      if (all.length !== 1) {
        throw new AppError(
          'BAD_REQUEST',
          all.length === 0
            ? 'there is no community yet: create one first (guildhall community create)'
            : 'there are several communities: pass --community <id> (see guildhall community list)',
        );
      }
      return [all[0]!.name, all[0]!.id];
    },
  }),

  'telemetry.roster': op({
    args: z.object({ community: z.string(), players: z.number().int().min(1).max(40) }),
    async run(ctx, args) {
      const community = await requireCommunity(ctx.db, args.community);
      return [JSON.stringify(await communityRoster(ctx.db, community.id, args.players))];
    },
  }),

  'jobs.list': op({
    args: z.object({ limit: z.number().int().min(1).max(200).default(20) }),
    async run(ctx, args) {
      const defs = ctx.queue
        .definitions()
        .map((d) => `job ${d.name.padEnd(20)} ${d.schedule ? `schedule ${d.schedule}` : 'on demand'}`);
      const runs = (await ctx.jobRuns.list({ limit: args.limit, offset: 0 })).map(
        (r) =>
          `run ${String(r.id).padStart(5)} ${r.jobName.padEnd(20)} ${r.status.padEnd(9)} attempts ${r.attempts} ${r.durationMs ?? '-'} ms ${r.createdAt.toISOString()}${r.lastError ? `  error: ${r.lastError}` : ''}`,
      );
      return [...defs, ...(runs.length ? runs : ['no job runs yet'])];
    },
  }),

  'jobs.run': op({
    args: z.object({
      name: z.string().min(1),
      community: z.string().optional(),
      timeoutSeconds: z.number().int().positive().default(600),
    }),
    async run(ctx, args, io) {
      if (args.community) await requireCommunity(ctx.db, args.community);
      const runId = await ctx.queue.enqueue(
        args.name,
        args.community ? { communityId: args.community } : {},
        { trigger: 'manual' },
      );
      // The run records how far it has got; the CLI draws it on stderr while it waits.
      const run = await waitForRun(ctx.jobRuns, runId, args.timeoutSeconds * 1000, (p) =>
        io?.progress?.({ label: p.label ?? args.name, done: p.done, total: p.total }),
      );
      const summary = `run ${run.id} ${run.jobName}: ${run.status} after ${run.attempts} attempt(s) in ${run.durationMs ?? 0} ms`;
      if (run.status === 'failed') throw new AppError('UNPROCESSABLE', `${summary}: ${run.lastError}`);
      return [summary, JSON.stringify(run.result ?? null)];
    },
  }),

  'login.link': op({
    args: z.object({}),
    async run(ctx) {
      const { user } = await ensureInstanceOwner(ctx.db);
      const token = await createLoginToken(ctx.db, user.id);
      return [
        'one-time login link for the owner (valid 24 hours):',
        `${publicUrl(ctx)}/auth/login?token=${token}`,
      ];
    },
  }),

  seed: op({
    args: z.object({ demo: z.boolean().default(false) }),
    async run(ctx, args) {
      if (!args.demo) throw new AppError('BAD_REQUEST', 'nothing to seed: pass --demo');
      const existing = (await listCommunities(ctx.db)).find((c) => c.name === DEMO_NAME);
      if (existing) return [`the demo community already exists`, existing.id];
      const community = await createCommunity(
        ctx,
        {
          name: DEMO_NAME,
          game: 'wow',
          region: 'eu',
          realm: 'Stormvale',
          timezone: 'Europe/Madrid',
          language: 'es',
        },
        cliActor,
      );
      const done: string[] = [];
      for (const m of modules) {
        if (m.seedDemo) {
          await m.seedDemo(ctx, community.id);
          done.push(m.name);
        }
      }
      return [
        `seeded the demo community ${DEMO_NAME}${done.length ? ` (${done.join(', ')})` : ''}`,
        community.id,
      ];
    },
  }),

  'pipeline.silver': op({
    args: z.object({ community: z.string().optional() }),
    run: (ctx, args, io) => runPipelineCommand(ctx, 'silver', args.community, io),
  }),
  'pipeline.gold': op({
    args: z.object({ community: z.string().optional() }),
    run: (ctx, args, io) => runPipelineCommand(ctx, 'gold', args.community, io),
  }),
  'pipeline.run': op({
    args: z.object({ community: z.string().optional() }),
    run: (ctx, args, io) => runPipelineCommand(ctx, 'run', args.community, io),
  }),

  'dota.build-models': op({
    args: z.object({ community: z.string() }),
    async run(ctx, args) {
      const community = await requireCommunity(ctx.db, args.community);
      return buildSummaryLines(await buildModels(ctx, community.id, loadMatchColumns));
    },
  }),

  'osrs.harvest': op({
    args: z.object({ community: z.string().optional() }),
    run: (ctx, args, io) => runOsrsHarvest(ctx, args.community, io),
  }),
  'osrs.run': op({
    args: z.object({ community: z.string().optional() }),
    run: (ctx, args, io) => runOsrsPipeline(ctx, args.community, io),
  }),
} satisfies Record<string, Operation<z.ZodType>>;

/** The Wise Old Man harvest of one clan or all: a line per clan, the summary last. */
async function runOsrsHarvest(ctx: AppContext, communityId: string | undefined, io?: OperationIO) {
  const communities = communityId
    ? [await requireCommunity(ctx.db, communityId)]
    : await harvestableCommunities(ctx);
  const lines: string[] = [];
  let harvested = 0;
  for (const c of communities) {
    const result = await harvestCommunity(ctx, c.id, {
      progress: (p) => io?.progress?.({ label: `harvest ${c.name}: ${p.step}`, ...p }),
    });
    if ('skipped' in result) {
      if (communityId) throw new AppError('BAD_REQUEST', `${c.name}: ${result.skipped.reason}`);
      lines.push(`${c.name}: skipped (${result.skipped.reason})`);
      continue;
    }
    harvested += 1;
    lines.push(
      `${c.name}: ${result.members} members (${result.joined} joined, ${result.left} left, ${result.renamed} renamed), ` +
        `${result.snapshots} snapshots, ${result.calls} Wise Old Man calls` +
        (result.unknownMetrics.length ? `; new metrics kept: ${result.unknownMetrics.join(', ')}` : ''),
    );
  }
  return [...lines, `harvested ${harvested} of ${communities.length} OSRS communities`];
}

/** The telemetry lake's pending work for one community or all; a line per community, the summary last. */
async function runPipelineCommand(
  ctx: AppContext,
  stage: PipelineStage,
  communityId: string | undefined,
  io?: OperationIO,
): Promise<string[]> {
  const communities = communityId
    ? [await requireCommunity(ctx.db, communityId)]
    : await listCommunities(ctx.db);
  const results: PipelineResult[] = [];
  const lines: string[] = [];
  for (const community of communities) {
    const result = await runCommunityPipeline(ctx, community.id, stage, (p) =>
      io?.progress?.({ label: `${p.stage} ${community.name}: ${p.step}`, done: p.done, total: p.total }),
    );
    results.push(result);
    if (result.silver?.raids.length || result.gold?.raids.length) {
      lines.push(
        `${community.name}: silver ${result.silver?.raids.length ?? 0} raids, gold ${result.gold?.raids.length ?? 0} raids`,
      );
    }
  }
  return [...lines, summarisePipeline(results)];
}

export const DEMO_NAME = 'Los Centinelas (demo)';

export type OperationName = keyof typeof operations;

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(operations, name);

/** Validates and runs one operation; argument errors become BAD_REQUEST with one readable line. */
export async function runOperation(
  ctx: AppContext,
  name: string,
  rawArgs: unknown,
  io?: OperationIO,
): Promise<string[]> {
  if (!isOperationName(name)) throw new AppError('BAD_REQUEST', `unknown command ${name}`);
  const operation: Operation<z.ZodType> = operations[name];
  const parsed = operation.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'VALIDATION_FAILED',
      `${issue.path.length ? `--${issue.path.join('.')}: ` : ''}${issue.message}`,
    );
  }
  return operation.run(ctx, parsed.data, io);
}
