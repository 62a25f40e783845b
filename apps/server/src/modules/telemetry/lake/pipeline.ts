import { createKeyedMutex } from '../../../core/keyed-mutex';
import { buildGold, type GoldResult } from './gold';
import { buildSilver, type LakeDeps, type LakeProgress, type SilverResult } from './silver';

export type PipelineStage = 'silver' | 'gold' | 'run';

export interface PipelineResult {
  communityId: string;
  silver?: SilverResult;
  gold?: GoldResult;
}

// One build per community at a time in this process (the job and the CLI may overlap).
const running = createKeyedMutex();

/**
 * `silver`: bronze objects not read yet → silver; `gold`: raids whose silver changed → gold;
 * `run`: both. Each does only pending work, so running it again right away does nothing.
 */
export function runPipeline(
  deps: LakeDeps,
  communityId: string,
  stage: PipelineStage,
  progress?: LakeProgress,
): Promise<PipelineResult> {
  return running.run(communityId, async () => {
    const result: PipelineResult = { communityId };
    if (stage !== 'gold') result.silver = await buildSilver(deps, communityId, progress);
    if (stage !== 'silver') result.gold = await buildGold(deps, communityId, progress);
    return result;
  });
}

/** One line: what a run did. */
export function summarisePipeline(results: readonly PipelineResult[]): string {
  const raids = new Set<string>();
  let events = 0;
  let duplicates = 0;
  let rejected = 0;
  let objects = 0;
  let goldRaids = 0;
  for (const r of results) {
    for (const raid of r.silver?.raids ?? []) raids.add(`${r.communityId}/${raid}`);
    events += r.silver?.events ?? 0;
    duplicates += r.silver?.duplicates ?? 0;
    rejected += r.silver?.rejected ?? 0;
    objects += r.silver?.bronzeObjects ?? 0;
    goldRaids += r.gold?.raids.length ?? 0;
  }
  return `pipeline: ${results.length} communities, silver ${raids.size} raids from ${objects} bronze objects (${events} events, ${duplicates} duplicates dropped, ${rejected} rejected), gold ${goldRaids} raids`;
}
