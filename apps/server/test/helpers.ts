import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { type AppContext, createContext } from '../src/core/context';
import { migrationsFolder, openDatabase } from '../src/core/db';
import { createLogger } from '../src/core/logger';
import { type Role, setMembership } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { type Community, createCommunity } from '../src/modules/communities';
import { createSession, createUser, ensureInstanceOwner } from '../src/modules/identity';
import { registerJobs } from '../src/modules/registry';

/** Which real servers this run uses: CI sets both; a laptop runs on the embedded defaults. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const testRedisUrl = process.env.TEST_REDIS_URL || undefined;

/** A fresh Postgres database per test context, so test files never see each other's rows. */
export async function freshPostgresDatabase(
  baseUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gh_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * PGlite's initdb plus migrations take seconds; a migrated template directory is built once
 * per migration set (atomically, since test files run in parallel processes) and copied.
 */
async function pgliteTemplate(): Promise<string> {
  const hash = crypto.createHash('sha1');
  for (const f of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, f);
    if (fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
  }
  const dir = path.join(os.tmpdir(), `guildhall-pglite-template-${hash.digest('hex').slice(0, 12)}`);
  if (fs.existsSync(path.join(dir, 'db'))) return dir;
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-pglite-build-'));
  const handle = await openDatabase({ dataDir: building });
  await handle.migrate();
  await handle.close();
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

export interface TestContext {
  ctx: AppContext;
  config: Config;
  dataDir: string;
  /** Every log line written, for the "secrets never logged" checks. */
  logLines: string[];
  close(): Promise<void>;
}

export async function createTestContext(
  opts: { env?: Record<string, string>; redis?: boolean; embedded?: boolean } = {},
): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-test-'));
  // A caller may pass another context's DATABASE_URL to act as a second process on one database.
  const shared = opts.env?.DATABASE_URL !== undefined;
  // `embedded`: PGlite even when the run tests PostgreSQL (a test of the embedded path itself).
  const database =
    testDatabaseUrl && !shared && !opts.embedded ? await freshPostgresDatabase(testDatabaseUrl) : undefined;
  if (!database && !shared)
    fs.cpSync(path.join(await pgliteTemplate(), 'db'), path.join(dataDir, 'db'), { recursive: true });
  const config = loadConfig({
    GUILDHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SCHEDULER_ENABLED: 'false',
    REDIS_PREFIX: `ghtest-${crypto.randomBytes(4).toString('hex')}`,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(opts.redis && testRedisUrl ? { REDIS_URL: testRedisUrl } : {}),
    ...opts.env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const ctx = await createContext(config, { log: createLogger('info', sink) as FastifyBaseLogger });
  registerJobs(ctx);
  return {
    ctx,
    config,
    dataDir,
    logLines,
    async close() {
      await ctx.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestContext {
  app: FastifyInstance;
}

export async function createTestApp(
  opts: { env?: Record<string, string>; redis?: boolean } = {},
): Promise<TestApp> {
  const t = await createTestContext(opts);
  const app = await buildApp(t.ctx);
  await app.ready();
  return {
    ...t,
    app,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** A signed session cookie header for a user. */
export async function sessionCookie(app: FastifyInstance, ctx: AppContext, userId: string): Promise<string> {
  const sessionId = await createSession(ctx.db, userId);
  return `gh_session=${app.signCookie(sessionId)}`;
}

/**
 * A session cookie header (`sessionCookie`, `ownerCookie`) as a browser context takes it
 * (`context.addCookies`), so a browser test starts signed in.
 */
export function browserSessionCookie(cookie: string, url: string) {
  return {
    name: 'gh_session',
    value: cookie.replace(/^gh_session=/, ''),
    url,
    httpOnly: true,
    sameSite: 'Lax' as const,
  };
}

export async function ownerCookie(app: FastifyInstance, ctx: AppContext): Promise<string> {
  const { user } = await ensureInstanceOwner(ctx.db);
  return sessionCookie(app, ctx, user.id);
}

/** A new user with a role in the community; answers the user id and a cookie. */
export async function userWithRole(
  app: FastifyInstance,
  ctx: AppContext,
  communityId: string,
  role: Role,
  name = `${role} user`,
) {
  const user = await createUser(ctx.db, { displayName: name, isInstanceOwner: false });
  await setMembership(ctx, communityId, user.id, { role }, cliActor);
  return { userId: user.id, cookie: await sessionCookie(app, ctx, user.id) };
}

let communityCounter = 0;
export async function makeCommunity(
  ctx: AppContext,
  overrides: Partial<Parameters<typeof createCommunity>[1]> = {},
): Promise<Community> {
  communityCounter += 1;
  return createCommunity(
    ctx,
    {
      name: `Guild ${communityCounter}`,
      game: 'wow',
      region: 'eu',
      realm: 'Stormvale',
      timezone: 'Europe/Madrid',
      ...overrides,
    },
    cliActor,
  );
}
