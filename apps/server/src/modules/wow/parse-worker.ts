/**
 * Worker thread entry: parses an uploaded `GuildActivityTracker.lua` and reads its tables, off
 * the main thread, reusing the chat entries earlier uploads read (`chat-cache.ts`), with a
 * helper thread for part of the text work when the machine has a core to spare (the main
 * thread mostly waits while a file is parsed). Started by `parse-pool.ts`; answers the
 * observation in parts.
 */
import os from 'node:os';
import { serveWorker } from '../../core/workers/serve';
import { createChatCache, readUpload } from './chat-cache';
import { createParseHelper } from './parse-helper';
import { splitObservation } from './parse-parts';

const cache = createChatCache();
const helper = os.availableParallelism() > 1 ? createParseHelper() : null;

serveWorker((input: { bytes: Uint8Array; maxBytes: number }) =>
  splitObservation(readUpload(input.bytes, input.maxBytes, cache, helper)),
);
