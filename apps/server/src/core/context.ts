import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { createReadCache, type ReadCache } from './cache';
import { type Database, type DatabaseKind, openDatabase } from './db';
import { configureDuckDb } from './duckdb';
import { setQueueDepthSource } from './metrics';
import { createInProcessPubSub, createRedisPubSub, type PubSub } from './pubsub';
import type { JobQueue, RunEnded } from './queue';
import { createBullmqQueue } from './queue/bullmq';
import { createInProcessQueue } from './queue/in-process';
import { createJobRunStore, type JobRunStore } from './queue/job-runs.repo';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { deriveKey, loadMasterSecret, SecretBox } from './secrets';
import type { ObjectStore } from './storage/object-store';
import { openObjectStore } from './storage/open-store';

/** Everything a process holds once: handed to modules, routes, jobs and CLI commands. */
export interface AppContext {
  config: Config;
  db: Database;
  dbKind: DatabaseKind;
  /** Whether the database answers, without waiting behind a long transaction (for /api/health). */
  pingDatabase(): Promise<void>;
  /** The embedded database as PGlite dumps it (a gzipped tarball); absent on PostgreSQL. */
  dumpEmbeddedDatabase?: () => Promise<Uint8Array>;
  queue: JobQueue;
  jobRuns: JobRunStore;
  cache: ReadCache;
  /** Token buckets for outside APIs, shared by all jobs (and processes, with Redis). */
  limiter: RateLimiter;
  /** Seals third-party secrets at rest. */
  box: SecretBox;
  /** The lake, backups and exports: a folder under the data directory, or S3. */
  store: ObjectStore;
  /** Messages to every API process (live streams): Redis pub/sub with REDIS_URL, else in process. */
  pubsub: PubSub;
  /** Signs session cookies. */
  cookieSecret: string;
  /** The clock of rules that depend on "now" (who is online); tests replace it with a fake one. */
  now: () => Date;
  log: FastifyBaseLogger;
  /**
   * What core tells the modules above it (set by them when they register): a run ended, a
   * backup ended. The ops alerts (notify) listen; core never imports a module.
   */
  hooks: OpsHooks;
  close(): Promise<void>;
}

export interface OpsHooks {
  runEnded?: (ended: RunEnded) => Promise<void>;
  backupEnded?: (outcome: { ok: boolean; error?: string }) => Promise<void>;
}

export async function createContext(
  config: Config,
  opts: { log: FastifyBaseLogger; migrate?: boolean },
): Promise<AppContext> {
  configureDuckDb(config);
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    if (opts.migrate ?? true) await handle.migrate();
    const master = loadMasterSecret({ secret: config.GUILDHALL_SECRET, dataDir: config.dataDir });
    const jobRuns = createJobRunStore(handle.db);
    setQueueDepthSource(() => jobRuns.depth());
    const hooks: OpsHooks = {};
    const onRunEnded = async (ended: RunEnded) => hooks.runEnded?.(ended);
    const queue = config.REDIS_URL
      ? createBullmqQueue({
          runs: jobRuns,
          log: opts.log,
          graceMs: config.SHUTDOWN_GRACE_MS,
          onRunEnded,
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
        })
      : createInProcessQueue({ runs: jobRuns, log: opts.log, graceMs: config.SHUTDOWN_GRACE_MS, onRunEnded });
    const cache = createReadCache({ ttlMs: 5_000, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX });
    const limiter = createRateLimiter({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX });
    const store = openObjectStore(config);
    const onPubSubError = (err: unknown) => opts.log.warn({ err }, 'pubsub error');
    const pubsub = config.REDIS_URL
      ? createRedisPubSub({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, onError: onPubSubError })
      : createInProcessPubSub({ onError: onPubSubError });
    return {
      config,
      db: handle.db,
      dbKind: handle.kind,
      pingDatabase: () => handle.ping(),
      ...(handle.dumpDataDir ? { dumpEmbeddedDatabase: handle.dumpDataDir } : {}),
      queue,
      jobRuns,
      cache,
      limiter,
      store,
      pubsub,
      box: new SecretBox(deriveKey(master, 'seal')),
      cookieSecret: deriveKey(master, 'cookie').toString('base64url'),
      now: () => new Date(),
      log: opts.log,
      hooks,
      async close() {
        await queue.close();
        await cache.close();
        await limiter.close();
        await pubsub.close();
        await store.close();
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
