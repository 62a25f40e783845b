import {
  type TCatalogueList,
  type TCatalogueListInput,
  type TCatalogueListUpdate,
  type TTrack,
  type TTrackUpdate,
  type TVehicle,
  type TVehicleUpdate,
  zCatalogueListInput,
  zTrackInput,
  zVehicleInput,
} from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import { AppError, fromDatabaseError } from '../../core/errors';
import { findDiscordAccount } from '../identity';
import * as repo from './catalogue.repo';

export type { ListKind } from './catalogue.repo';

export function presentTrack(row: repo.TrackRow): TTrack {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    layout: row.layout,
    lengthKm: row.lengthKm,
    imageUrl: row.imageUrl,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentVehicle(row: repo.VehicleRow): TVehicle {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentList(row: repo.CatalogueListRow): TCatalogueList {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    itemIds: row.itemIds,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A track's name as people say it: "Spa-Francorchamps (Endurance)". */
export const trackLabel = (t: Pick<repo.TrackRow, 'name' | 'layout'>) =>
  t.layout ? `${t.name} (${t.layout})` : t.name;

export const vehicleLabel = (v: Pick<repo.VehicleRow, 'name' | 'category'>) =>
  v.category ? `${v.name} (${v.category})` : v.name;

/** A unique-name clash as the caller's conflict, with a message that says which name. */
async function unique<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (fromDatabaseError(err)?.code === 'ALREADY_EXISTS')
      throw new AppError('ALREADY_EXISTS', `${what} already exists in this community`);
    throw err;
  }
}

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

export const listTracks = async (db: Executor, communityId: string, opts: { q?: string; limit: number }) =>
  (await repo.findTracks(db, communityId, opts)).map(presentTrack);

export async function findTracksByIds(db: Executor, communityId: string, ids: string[]) {
  return repo.findTracks(db, communityId, { ids, limit: Math.max(ids.length, 1) });
}

export async function createTrack(db: Executor, communityId: string, input: unknown, createdBy: string) {
  const values = zTrackInput.parse(input);
  const row = await unique(`a track named ${values.name}${values.layout ? ` (${values.layout})` : ''}`, () =>
    repo.insertTrack(db, { communityId, ...values, createdBy }),
  );
  return presentTrack(row);
}

export async function updateTrack(db: Executor, communityId: string, id: string, change: TTrackUpdate) {
  const row = await unique('a track with this name and layout', () =>
    repo.updateTrack(db, communityId, id, change),
  );
  if (!row) throw notFound('track');
  return presentTrack(row);
}

/** Deleting an item takes it out of its lists too, in one transaction. */
export async function deleteTrack(db: Executor, communityId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await repo.deleteTrack(tx, communityId, id))) throw notFound('track');
    await repo.removeListItem(tx, communityId, 'track', id);
  });
}

export const listVehicles = async (db: Executor, communityId: string, opts: { q?: string; limit: number }) =>
  (await repo.findVehicles(db, communityId, opts)).map(presentVehicle);

export async function findVehiclesByIds(db: Executor, communityId: string, ids: string[]) {
  return repo.findVehicles(db, communityId, { ids, limit: Math.max(ids.length, 1) });
}

export async function createVehicle(db: Executor, communityId: string, input: unknown, createdBy: string) {
  const values = zVehicleInput.parse(input);
  const row = await unique(`a vehicle named ${values.name}`, () =>
    repo.insertVehicle(db, { communityId, ...values, createdBy }),
  );
  return presentVehicle(row);
}

export async function updateVehicle(db: Executor, communityId: string, id: string, change: TVehicleUpdate) {
  const row = await unique('a vehicle with this name', () => repo.updateVehicle(db, communityId, id, change));
  if (!row) throw notFound('vehicle');
  return presentVehicle(row);
}

export async function deleteVehicle(db: Executor, communityId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await repo.deleteVehicle(tx, communityId, id))) throw notFound('vehicle');
    await repo.removeListItem(tx, communityId, 'vehicle', id);
  });
}

/** A list's items must be the community's own tracks (or vehicles), each once. */
async function checkItems(db: Executor, communityId: string, kind: repo.ListKind, ids: string[]) {
  const unique = [...new Set(ids)];
  const found =
    kind === 'track'
      ? await findTracksByIds(db, communityId, unique)
      : await findVehiclesByIds(db, communityId, unique);
  if (found.length !== unique.length)
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      `every item of a ${kind} list must be one of this community's ${kind}s`,
    );
  return unique;
}

export async function listLists(
  db: Executor,
  communityId: string,
  opts: { kind?: repo.ListKind; q?: string; limit: number },
) {
  return (await repo.findLists(db, communityId, opts)).map(presentList);
}

export async function findList(db: Executor, communityId: string, id: string) {
  const [row] = await repo.findLists(db, communityId, { id, limit: 1 });
  return row;
}

export async function createList(
  db: Executor,
  communityId: string,
  input: TCatalogueListInput,
  createdBy: string,
) {
  const values = zCatalogueListInput.parse(input);
  const itemIds = await checkItems(db, communityId, values.kind, values.itemIds);
  const row = await unique(`a ${values.kind} list named ${values.name}`, () =>
    repo.insertList(db, { communityId, kind: values.kind, name: values.name, itemIds, createdBy }),
  );
  return presentList(row);
}

export async function updateList(
  db: Executor,
  communityId: string,
  id: string,
  change: TCatalogueListUpdate,
) {
  const current = await findList(db, communityId, id);
  if (!current) throw notFound('list');
  const itemIds = change.itemIds
    ? await checkItems(db, communityId, current.kind, change.itemIds)
    : undefined;
  const row = await unique('a list with this name', () =>
    repo.updateList(db, communityId, id, {
      ...(change.name ? { name: change.name } : {}),
      ...(itemIds ? { itemIds } : {}),
    }),
  );
  return presentList(row!);
}

export async function deleteList(db: Executor, communityId: string, id: string): Promise<void> {
  if (!(await repo.deleteList(db, communityId, id))) throw notFound('list');
}

/** The Discord user id a Guildhall user signed in with, if any. */
export const discordAccountOf = async (db: Executor, userId: string) =>
  (await findDiscordAccount(db, userId))?.discordUserId;
