/**
 * Worker thread entry: parses an uploaded `GuildActivityTracker.lua` and reads its tables, off
 * the main thread, with chat packed per month. Started by `parse-pool.ts`; answers the
 * observation in parts.
 */
import { parseSavedVariables } from '@guildhall/lua';
import { serveWorker } from '../../core/workers/serve';
import { splitObservation } from './parse-parts';
import { readSavedVariables } from './saved-variables';

serveWorker((input: { bytes: Uint8Array; maxBytes: number }) =>
  splitObservation(
    readSavedVariables(parseSavedVariables(input.bytes, { maxBytes: input.maxBytes }), { pack: true }),
  ),
);
