import { z } from 'zod';
import type { ObjectStore } from '../../../core/storage/object-store';
import { partitionValue } from '../bronze';

/**
 * What the pipeline has done for one community, kept as a small JSON object beside the
 * silver tables (`_`-prefixed names are skipped by Hive-style readers: Spark, Trino,
 * ClickHouse): the bronze objects silver has read (key → size), the raids whose gold is out
 * of date, and when gold was last built. No timestamp goes into a Parquet file.
 */
const zLakeState = z.object({
  version: z.literal(1),
  processed: z.record(z.string(), z.number()),
  goldPending: z.array(z.string()),
  silverBuiltAt: z.string().nullable(),
  goldBuiltAt: z.string().nullable(),
});
export type LakeState = z.infer<typeof zLakeState>;

export const silverPrefix = (communityId: string) => `silver/community=${partitionValue(communityId)}/`;
export const goldPrefix = (communityId: string) => `gold/community=${partitionValue(communityId)}/`;
const stateKey = (communityId: string) => `${silverPrefix(communityId)}_pipeline.json`;

export async function readLakeState(store: ObjectStore, communityId: string): Promise<LakeState> {
  const body = await store.get(stateKey(communityId));
  if (!body) return { version: 1, processed: {}, goldPending: [], silverBuiltAt: null, goldBuiltAt: null };
  return zLakeState.parse(JSON.parse(body.toString('utf8')));
}

export async function writeLakeState(
  store: ObjectStore,
  communityId: string,
  state: LakeState,
): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(state.processed).sort(([a], [b]) => (a < b ? -1 : 1)));
  await store.put(
    stateKey(communityId),
    `${JSON.stringify({ ...state, processed: sorted, goldPending: [...new Set(state.goldPending)].sort() }, null, 1)}\n`,
  );
}
