/**
 * Worker thread entry: parses an uploaded `GuildActivityTracker.lua` and reads its tables, off
 * the main thread, reusing the chat entries earlier uploads read (`chat-cache.ts`). Started by
 * `parse-pool.ts`; answers the observation in parts.
 */
import { serveWorker } from '../../core/workers/serve';
import { createChatCache, readUpload } from './chat-cache';
import { splitObservation } from './parse-parts';

const cache = createChatCache();

serveWorker((input: { bytes: Uint8Array; maxBytes: number }) =>
  splitObservation(readUpload(input.bytes, input.maxBytes, cache)),
);
