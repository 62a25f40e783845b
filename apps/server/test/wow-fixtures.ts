import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/core/context';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { writeSavedVariables } from '../src/modules/wow/lua-writer';

/** The format doc's example file, copied next to the module so tests stay inside the repo. */
export const exampleFile = new URL('../src/modules/wow/testdata/GuildActivityTracker.lua', import.meta.url);

/** Epoch seconds of a day after 2025-12-01 00:00 UTC, plus hours. */
export const day = (n: number, hours = 20) => Date.UTC(2025, 11, 1) / 1000 + n * 86_400 + hours * 3600;

export interface FileSpec {
  rosterAt: number;
  roster?: Record<string, { rank?: string; level?: number; class?: string; online?: boolean }>;
  data?: Record<
    string,
    {
      total?: number;
      daily?: Record<string, number>;
      lastMessage?: string;
      lastSeenTS?: number;
      rankName?: string;
      rankIndex?: number;
    }
  >;
  stats?: Record<number, number>;
  mythic?: Record<string, { score: number; class?: string; spec?: string }>;
  /** The addon's `_sync` table (role, clientId, peers, pending, backlog…). */
  sync?: Record<string, unknown>;
  /** `rosterLastUpdateAt` when it differs from the roster's time (every roster event moves it). */
  rosterLastUpdateAt?: number;
}

/** A GuildActivityTracker.lua as the game writes it. */
export function trackerFile(spec: FileSpec): string {
  const roster = Object.fromEntries(
    Object.entries(spec.roster ?? {}).map(([name, r]) => [
      name,
      {
        rank: r.rank ?? 'Miembro',
        level: r.level ?? 80,
        class: r.class ?? 'MAGE',
        is_online: r.online ?? false,
      },
    ]),
  );
  return writeSavedVariables({
    GuildActivityTrackerDB: {
      data: spec.data ?? {},
      stats: Object.fromEntries(Object.entries(spec.stats ?? {})),
      roster,
      mythic: spec.mythic ?? {},
      rosterLastUpdateAt: spec.rosterLastUpdateAt ?? spec.rosterAt,
      settings: { sortMode: 'count' },
      ...(spec.sync ? { _sync: spec.sync } : {}),
    },
  });
}

/**
 * A guild as the real addon writes it: `roster` and `mythic` name the recording PC's realm's
 * members bare and only connected realms' members as `Name-Realm`, while every `data` key
 * carries its realm. `home` names are on `homeRealm`, `connected` maps `Name-Realm` to a rank.
 */
export function addonGuild(o: {
  homeRealm: string;
  home: string[];
  connected?: string[];
  at: number;
  rank?: string;
  /** Chat of everyone in the roster (one message a day on the roster's day). */
  chat?: boolean;
  role?: string;
  clientId?: string;
}): FileSpec {
  const roster: NonNullable<FileSpec['roster']> = {};
  const data: NonNullable<FileSpec['data']> = {};
  const date = new Date(o.at * 1000).toISOString().slice(0, 10);
  for (const name of o.home) {
    roster[name] = { rank: o.rank ?? 'Miembro' };
    if (o.chat !== false)
      data[`${name}-${o.homeRealm}`] = { total: 1, daily: { [date]: 1 }, lastSeenTS: o.at - 60 };
  }
  for (const full of o.connected ?? []) {
    roster[full] = { rank: o.rank ?? 'Miembro' };
    if (o.chat !== false) data[full] = { total: 1, daily: { [date]: 1 }, lastSeenTS: o.at - 60 };
  }
  return {
    rosterAt: o.at,
    roster,
    data,
    stats: { [o.at]: 3 },
    sync: { clientId: o.clientId ?? '4821771767056400', role: o.role ?? 'master', _syncInitialized: true },
  };
}

export async function apiKeys(ctx: AppContext, communityId: string) {
  const upload = await createApiKey(ctx, communityId, { name: 'agent', scopes: ['upload'] }, cliActor);
  const read = await createApiKey(ctx, communityId, { name: 'dashboard', scopes: ['read'] }, cliActor);
  return { upload: upload.key, read: read.key };
}

export const sha256 = (text: string | Buffer) => crypto.createHash('sha256').update(text).digest('hex');

/** Uploads like the agent does: gzip, hash header, source header. */
export function uploadFile(
  app: FastifyInstance,
  key: string,
  text: string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/upload',
    headers: {
      'x-api-key': key,
      'content-encoding': 'gzip',
      'content-type': 'application/octet-stream',
      'x-content-sha256': sha256(text),
      'x-source-file': 'ACCOUNT/GuildActivityTracker.lua',
      ...headers,
    },
    payload: zlib.gzipSync(Buffer.from(text)),
  });
}

export function getJson(app: FastifyInstance, key: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
}

const TABLES = [
  'members',
  'characters',
  'activity_snapshots',
  'activity_chat_months',
  'activity_presence',
  'activity_events',
  'character_scores',
  'uploads',
  'legacy_upload_sessions',
  'wow_recorders',
  'audit_log',
];

/** Every row the WoW ingestion can write, to prove a refused upload changed nothing. */
export async function dumpTables(ctx: AppContext): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const result = (await ctx.db.execute(sql.raw(`select * from ${table}`))) as unknown as {
      rows: unknown[];
    };
    out[table] = result.rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}
