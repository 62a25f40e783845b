/**
 * Worker thread entry: parses an uploaded `GuildActivityTracker.lua` and reads its tables, off
 * the main thread, reusing the chat entries earlier uploads read (`chat-cache.ts`). Started by
 * `parse-pool.ts`; answers the observation in parts.
 *
 * With a third core, a helper thread takes part of the text work (`parse-helper.ts`). Not on
 * two: there the worker, the helper, the main thread and PostgreSQL's backend shared two cores,
 * and the 19 MB bench file's first upload was no faster while `/api/health` answered later
 * (first-upload p99 59–156 ms with the helper against 42–81 ms without, runs taken alternately).
 */
import os from 'node:os';
import { serveWorker } from '../../core/workers/serve';
import { createChatCache, readUpload } from './chat-cache';
import { createParseHelper } from './parse-helper';
import { splitObservation } from './parse-parts';

const cache = createChatCache();
const helper = os.availableParallelism() > 2 ? createParseHelper() : null;

serveWorker((input: { bytes: Uint8Array; maxBytes: number }) =>
  splitObservation(readUpload(input.bytes, input.maxBytes, cache, helper)),
);
