import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { telemetryReadRoutes } from './telemetry-read.routes';

/**
 * Raid telemetry: combat events in (HTTP, the game's combat log, the generator), kept as
 * bronze in the object store, refined by the pipeline into silver and gold Parquet tables
 * that DuckDB reads for the raid pages.
 */
export const telemetryRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(telemetryReadRoutes, { ctx });
};

export {
  BRONZE_KINDS,
  type BronzeEvent,
  type BronzeKind,
  type BronzeObject,
  bronzeKey,
  listBronze,
  parseBronzeKey,
  writeBronzeBatch,
} from './bronze';
export {
  lakeDeps,
  type PipelineResult,
  type PipelineStage,
  readLakeState,
  runCommunityPipeline,
  runPipeline,
  summarisePipeline,
} from './lake';
export { TELEMETRY_PIPELINE_JOB, telemetryJobs } from './pipeline.jobs';
