import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../core/context';
import { realmRoutes } from './realms.routes';
import { rosterRoutes } from './roster.routes';
import { uploadRoutes } from './upload.routes';

/** The WoW module's routes: the upload (in its own scope, for its raw-body parser) and the reads. */
export const wowRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, opts) => {
  await app.register(uploadRoutes, opts);
  await app.register(rosterRoutes, opts);
  // The create-community form's realm autocomplete.
  await app.register(realmRoutes, opts);
};

export { seedDemo, seedWowDemo } from './demo';
export { applyObservation, emptySummary, type IngestResult } from './ingest.service';
export { type IngestEventsListener, onIngestEvents } from './ingest-hooks';
// Outside services (Raider.IO, Warcraft Logs, Blizzard): see integrations.ts.
export {
  battleNetUserApi,
  memberParses,
  mythicPlus,
  ProviderError,
  parseBracket,
  RealmResolver,
  realmResolver,
  withWclAttendance,
} from './integrations';
export { warmParsePool } from './parse-pool';
export {
  FIRST_SCORE_MILESTONE,
  recordCharacterScores,
  SCORE_MILESTONE_STEP,
  type ScoreObservation,
} from './scores';
export { cleanSpec, roleOfSpec } from './specs';
export { ingestFile, ingestLegacyBatch, type Uploader } from './upload.service';
export { type ScoreSource, scoreSources } from './wow.tables';
