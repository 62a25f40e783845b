import {
  GAME_MODULES,
  type TCommunity,
  type TCommunityCreate,
  type TCommunityUpdate,
  type TCredential,
  zCommunityCreate,
} from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { mask } from '../../core/secrets';
import { type Actor, recordAudit } from '../audit';
import * as repo from './communities.repo';

export type Community = repo.CommunityRow;

/**
 * Modules switched on for a new community: the game's own, and its optional ones (every game's
 * communities may run events: raid nights, clan outings, races) unless the creator left them out.
 */
function modulesFor(game: Community['game'], chosen: readonly string[] | undefined): string[] {
  const { core, optional } = GAME_MODULES[game];
  return [...core, ...optional.filter((m) => chosen === undefined || chosen.includes(m))];
}

export function presentCommunity(row: Community): TCommunity {
  return {
    id: row.id,
    name: row.name,
    game: row.game,
    region: row.region,
    realm: row.realm,
    timezone: row.timezone,
    language: row.language,
    inactivityDays: row.inactivityDays,
    modules: row.modules,
    settings: row.settings,
    createdAt: row.createdAt.toISOString(),
  };
}

export const cacheKey = (id: string) => `community:${id}:`;

export async function createCommunity(
  ctx: AppContext,
  input: TCommunityCreate,
  actor: Actor,
  onCreated?: (tx: Executor, community: Community) => Promise<void>,
): Promise<Community> {
  const values = zCommunityCreate.parse(input);
  checkGameSettings(values.game, values.settings);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertCommunity(tx, {
      ...values,
      region: values.region ?? null,
      realm: values.realm ?? null,
      modules: [...modulesFor(values.game, values.modules), 'admin'],
    });
    await onCreated?.(tx, row);
    await recordAudit(tx, {
      communityId: row.id,
      actor,
      action: 'community.create',
      target: { type: 'community', id: row.id },
      details: { name: row.name, game: row.game },
    });
    return row;
  });
}

/** Settings that belong to one game are refused on the others' communities. */
function checkGameSettings(game: Community['game'], settings: TCommunityUpdate['settings']): void {
  if (settings?.womGroupId != null && game !== 'osrs')
    throw new AppError('BAD_REQUEST', 'womGroupId is for OSRS communities only');
}

export async function getCommunity(db: Executor, id: string): Promise<Community | undefined> {
  // Ids are UUIDs; anything else cannot exist (and would make Postgres raise a cast error).
  if (!isUuid(id)) return undefined;
  return repo.findCommunity(db, id);
}

export async function requireCommunity(db: Executor, id: string): Promise<Community> {
  const row = await getCommunity(db, id);
  if (!row) throw new AppError('COMMUNITY_NOT_FOUND', 'community not found');
  return row;
}

export const listCommunities = repo.findCommunities;

export async function updateCommunity(
  ctx: AppContext,
  id: string,
  patch: TCommunityUpdate,
  actor: Actor,
): Promise<Community> {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await requireCommunity(tx, id);
    const { settings, ...rest } = patch;
    checkGameSettings(before.game, settings);
    const updated = await repo.updateCommunity(tx, id, {
      ...rest,
      ...(settings ? { settings: { ...before.settings, ...settings } } : {}),
    });
    await recordAudit(tx, {
      communityId: id,
      actor,
      action: 'community.update',
      target: { type: 'community', id },
      details: { changed: Object.keys(patch) },
    });
    return updated!;
  });
  ctx.cache.invalidate(cacheKey(id));
  return row;
}

/**
 * Sets the community's realm when it has none, inside the caller's transaction (an upload
 * that read its home realm from the file). Answers whether it was set; a realm an officer
 * configured is never replaced. Callers invalidate `cacheKey(id)` after committing.
 */
export async function adoptCommunityRealm(tx: Executor, id: string, realm: string): Promise<boolean> {
  return repo.setRealmIfUnset(tx, id, realm);
}

function presentCredential(row: repo.CredentialRow): TCredential {
  return { provider: row.provider, fields: row.masked, updatedAt: row.updatedAt.toISOString() };
}

/** Stores an outside service's credentials sealed; only masks come back. */
export async function setCredential(
  ctx: AppContext,
  communityId: string,
  provider: string,
  fields: Record<string, string>,
  actor: Actor,
): Promise<TCredential> {
  const masked = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, mask(v)]));
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.upsertCredential(tx, {
      communityId,
      provider,
      sealed: ctx.box.seal(JSON.stringify(fields)),
      masked,
    });
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'credential.set',
      target: { type: 'credential', id: provider },
      details: { fields: Object.keys(fields) },
    });
    return saved;
  });
  return presentCredential(row);
}

export async function listCredentials(db: Executor, communityId: string): Promise<TCredential[]> {
  return (await repo.findCredentials(db, communityId)).map(presentCredential);
}

export async function removeCredential(
  ctx: AppContext,
  communityId: string,
  provider: string,
  actor: Actor,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteCredential(tx, communityId, provider))) {
      throw new AppError('NOT_FOUND', `no ${provider} credentials`);
    }
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'credential.delete',
      target: { type: 'credential', id: provider },
    });
  });
}

/** The clear-text credentials, for the jobs that call the outside service. Never sent to a client. */
export async function readCredential(
  ctx: AppContext,
  communityId: string,
  provider: string,
): Promise<Record<string, string> | undefined> {
  const row = await repo.findCredential(ctx.db, communityId, provider);
  return row ? (JSON.parse(ctx.box.open(row.sealed)) as Record<string, string>) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
