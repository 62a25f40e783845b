import type { AppContext } from '../../../core/context';
import { requireCommunity } from '../../communities';
import { loadCommunityCharacters } from '../../members';
import { withLakeLock } from './lake.repo';
import { type PipelineResult, type PipelineStage, runPipeline } from './pipeline';
import type { LakeDeps, LakeProgress } from './silver';

export { GOLD_RAID_TABLES, goldKeys } from './gold';
export { type PipelineResult, type PipelineStage, runPipeline, summarisePipeline } from './pipeline';
export { listRaids, memberHistory, pullDetail, raidDetail } from './read.service';
export { type LakeRoster, withoutRegion } from './roster';
export { type LakeDeps, type LakeProgress, type LakeProgressEvent, silverKeys } from './silver';
export { readLakeState } from './state';

/** The pipeline's dependencies from the app: the object store and the roster via the members module. */
export function lakeDeps(ctx: AppContext): LakeDeps {
  return {
    store: ctx.store,
    async loadRoster(communityId) {
      const community = await requireCommunity(ctx.db, communityId);
      const characters = await loadCommunityCharacters(ctx.db, communityId);
      return {
        realm: community.realm,
        characters: characters.map((c) => ({
          memberId: c.memberId,
          name: c.name,
          nameKey: c.nameKey,
          className: c.className,
          role: c.role,
          spec: c.spec,
        })),
      };
    },
  };
}

/**
 * The pipeline for one community as the CLI and the job run it. In-process builds of a
 * community queue behind each other; on PostgreSQL an advisory lock does the same across
 * processes (the embedded database has one process only).
 */
export function runCommunityPipeline(
  ctx: AppContext,
  communityId: string,
  stage: PipelineStage,
  progress?: LakeProgress,
): Promise<PipelineResult> {
  const run = () => runPipeline(lakeDeps(ctx), communityId, stage, progress);
  return ctx.dbKind === 'postgres' ? withLakeLock(ctx.db, communityId, run) : run();
}
