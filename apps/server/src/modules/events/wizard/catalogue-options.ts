import * as catalogue from '../catalogue.service';
import type { FieldOption, WizardEnv } from './definition';

/** Discord shows 25 options per select. */
export const SELECT_MAX = 25;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
export const many = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean);

/** Picked items first (so a choice never falls off the list), then the rest, 25 at most. */
interface Item {
  id: string;
  name: string;
  country?: string;
  layout?: string;
  category?: string;
}

function withPicked(picked: Item[], rest: Item[]): Item[] {
  const seen = new Set(picked.map((p) => p.id));
  return [...picked, ...rest.filter((r) => !seen.has(r.id))].slice(0, SELECT_MAX);
}

export async function listOptions(env: WizardEnv, kind: catalogue.ListKind): Promise<FieldOption[]> {
  const lists = await catalogue.listLists(env.app.db, env.communityId, { kind, limit: SELECT_MAX });
  return lists.map((l) => ({ label: l.name.slice(0, 100), value: l.id, description: `${l.itemIds.length}` }));
}

/** The ids in the picked list, in its order; undefined when no list is picked. */
async function listItems(env: WizardEnv, listId: string): Promise<string[] | undefined> {
  if (!listId) return undefined;
  return (await catalogue.findList(env.app.db, env.communityId, listId))?.itemIds;
}

export async function trackOptions(
  env: WizardEnv,
  opts: { listId?: string | string[]; picked?: string | string[]; search?: string },
): Promise<FieldOption[]> {
  const db = env.app.db;
  const picked = await catalogue.findTracksByIds(db, env.communityId, many(opts.picked).slice(0, SELECT_MAX));
  const ids = await listItems(env, one(opts.listId));
  const rest = ids
    ? (await catalogue.findTracksByIds(db, env.communityId, ids.slice(0, 200))).sort(
        (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
      )
    : await catalogue.listTracks(db, env.communityId, { q: opts.search || undefined, limit: SELECT_MAX * 2 });
  return withPicked(picked, rest).map((t) => ({
    label: catalogue.trackLabel({ name: t.name, layout: t.layout ?? '' }).slice(0, 100),
    value: t.id,
    ...(t.country ? { description: t.country.slice(0, 100) } : {}),
  }));
}

export async function vehicleOptions(
  env: WizardEnv,
  opts: { listId?: string | string[]; picked?: string | string[]; search?: string },
): Promise<FieldOption[]> {
  const db = env.app.db;
  const picked = await catalogue.findVehiclesByIds(
    db,
    env.communityId,
    many(opts.picked).slice(0, SELECT_MAX),
  );
  const ids = await listItems(env, one(opts.listId));
  const rest = ids
    ? (await catalogue.findVehiclesByIds(db, env.communityId, ids.slice(0, 200))).sort(
        (a, b) => ids.indexOf(a.id) - ids.indexOf(b.id),
      )
    : await catalogue.listVehicles(db, env.communityId, {
        q: opts.search || undefined,
        limit: SELECT_MAX * 2,
      });
  return withPicked(picked, rest).map((v) => ({
    label: v.name.slice(0, 100),
    value: v.id,
    ...(v.category ? { description: v.category.slice(0, 100) } : {}),
  }));
}
