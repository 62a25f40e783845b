import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/core/context';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { type BronzeEvent, decodeNdjson, listBronze } from '../src/modules/telemetry';

/** A valid raid event in the seed's model; each call a new event id. */
let counter = 0;
export function telemetryEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    event_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    event_type: 'combat_damage',
    timestamp: '2026-01-01T20:00:01.000000Z',
    raid_id: 'raid001',
    encounter_id: 'enc_ragnaros',
    source_player_id: 'player_raid001_001',
    source_player_name: 'Aldrena',
    source_player_role: 'dps',
    source_player_class: 'mage',
    source_player_level: 90,
    ability_id: 'spell_133',
    ability_name: 'Fireball',
    ability_school: 'fire',
    damage_amount: 15000,
    is_critical_hit: false,
    target_entity_id: 'boss_ragnaros',
    target_entity_name: 'Ragnaros',
    target_entity_type: 'boss',
    source_system: 'wow-raid-addon-v2.0',
    ...overrides,
  };
}

export async function telemetryKeys(ctx: AppContext, communityId: string) {
  const make = async (scope: 'telemetry' | 'read' | 'upload') =>
    (await createApiKey(ctx, communityId, { name: `${scope} key`, scopes: [scope] }, cliActor)).key;
  return { telemetry: await make('telemetry'), read: await make('read'), upload: await make('upload') };
}

export interface PostOptions {
  key?: string;
  idempotencyKey?: string;
  contentType?: string;
  gzip?: boolean;
  headers?: Record<string, string>;
}

/** Posts a batch like a sender: a JSON array of events, or raw text (NDJSON, broken JSON). */
export function postEvents(
  app: FastifyInstance,
  communityId: string,
  batch: unknown[] | string,
  opts: PostOptions = {},
) {
  const text = typeof batch === 'string' ? batch : JSON.stringify(batch);
  return app.inject({
    method: 'POST',
    url: `/api/v1/communities/${communityId}/telemetry/events`,
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      ...(opts.key ? { 'x-api-key': opts.key } : {}),
      ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
      ...(opts.gzip ? { 'content-encoding': 'gzip' } : {}),
      ...opts.headers,
    },
    payload: opts.gzip ? gzipSync(text) : text,
  });
}

/** Every bronze object of a community, with the events in it. */
export async function storedBronze(
  ctx: AppContext,
  communityId: string,
): Promise<{ key: string; events: BronzeEvent[] }[]> {
  const out = [];
  for (const o of await listBronze(ctx.store, communityId)) {
    out.push({ key: o.key, events: decodeNdjson<BronzeEvent>((await ctx.store.get(o.key))!) });
  }
  return out;
}
