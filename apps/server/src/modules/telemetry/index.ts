import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { ingestRoutes } from './ingest.routes';
import { streamRoutes } from './stream.routes';

/**
 * Raid telemetry: combat events in (HTTP, the game's combat log, the generator), kept as
 * bronze in the object store, refined by the pipeline into silver and gold Parquet tables
 * that DuckDB reads for the raid pages.
 */
export const telemetryRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
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
export { telemetryJobs } from './telemetry.jobs';
