import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { combatLogRoutes } from './combat-log.routes';
import { ingestRoutes } from './ingest.routes';
import { streamRoutes } from './stream.routes';
import { telemetryReadRoutes } from './telemetry-read.routes';

/**
 * Raid telemetry: combat events in (HTTP, the game's combat log, the generator), kept as
 * bronze in the object store, refined by the pipeline into silver and gold Parquet tables
 * that DuckDB reads for the raid pages.
 */
export const telemetryRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(combatLogRoutes, { ctx });
  await app.register(telemetryReadRoutes, { ctx });
  // Each in its own plugin: the ingest's raw-body parser must not reach other routes.
  await app.register(ingestRoutes, { ctx });
  await app.register(streamRoutes, { ctx });
};

export {
  BRONZE_KINDS,
  type BronzeEvent,
  type BronzeKind,
  type BronzeObject,
  bronzeKey,
  decodeNdjson,
  listBronze,
  parseBronzeKey,
  writeBronzeBatch,
} from './bronze';
export { type CombatLogFile, openCombatLogFile } from './combat-log-file';
export {
  checkpointKey,
  guessLogYear,
  IMPORT_CHUNK_BYTES,
  type ImportCheckpoint,
  type ImportCombatLogOptions,
  type ImportCounts,
  type ImportProgress,
  type ImportSummary,
  importCombatLog,
  readImportCheckpoint,
  requireCombatLogId,
} from './combat-log-import';
export { seedTelemetryDemo } from './demo';
export { communityRoster, writeGeneratedRaids } from './generated';
export {
  lakeDeps,
  type PipelineResult,
  type PipelineStage,
  readLakeState,
  runCommunityPipeline,
  runPipeline,
  summarisePipeline,
} from './lake';
export { TELEMETRY_PIPELINE_JOB, telemetryPipelineJob } from './pipeline.jobs';
export { telemetryJobs } from './telemetry.jobs';
