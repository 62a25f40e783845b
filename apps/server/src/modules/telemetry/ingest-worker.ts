/**
 * Worker thread entry: prepares telemetry batches (`ingest-batch.ts`) off the main thread.
 * Started by `ingest-pool.ts`; answers each batch in one part.
 */
import { serveWorker } from '../../core/workers/serve';
import { type BatchInput, prepareBatch } from './ingest-batch';

serveWorker((input: BatchInput) => [prepareBatch(input)]);
