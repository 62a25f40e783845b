import type { RawObservation, RawSnapshot } from './observation';

/**
 * Array elements per part: a part is decoded on the main thread in a few milliseconds. Chat
 * entries carry years of months (packed in a few strings each); the other lists' items are
 * small, and a part costs a round trip between the threads.
 */
const partSize = (key: string) => (key === 'chat' ? 250 : 2_000);

export type ObservationPart =
  | { key: string; value: unknown }
  | { key: string; items: unknown[] }
  | { key: 'snapshots'; packed: PackedSnapshots };

/**
 * Snapshots as two typed arrays (times, counts) and the few online lists: 50,000 snapshot
 * objects cost the main thread tens of milliseconds to decode, two arrays almost nothing.
 */
interface PackedSnapshots {
  at: Float64Array;
  count: Float64Array;
  /** Index → names, for the snapshots that list who was online. */
  online: [number, string[]][];
}

/**
 * Cuts an observation into parts, whatever its fields: long arrays in slices, snapshots packed,
 * the rest whole, so the thread receiving it decodes one small message at a time.
 */
export function splitObservation(obs: RawObservation): ObservationPart[] {
  const parts: ObservationPart[] = [];
  for (const [key, value] of Object.entries(obs)) {
    if (key === 'snapshots') {
      parts.push({ key, packed: packSnapshots(value as RawSnapshot[]) });
      continue;
    }
    const size = partSize(key);
    if (!Array.isArray(value) || value.length <= size) {
      parts.push({ key, value });
      continue;
    }
    for (let i = 0; i < value.length; i += size) parts.push({ key, items: value.slice(i, i + size) });
  }
  return parts;
}

export function joinObservation(parts: unknown[]): RawObservation {
  const obs: Record<string, unknown> = {};
  for (const part of parts as ObservationPart[]) {
    if ('packed' in part) obs[part.key] = unpackSnapshots(part.packed);
    else if ('items' in part) {
      const list = (obs[part.key] as unknown[] | undefined) ?? [];
      for (const item of part.items) list.push(item);
      obs[part.key] = list;
    } else obs[part.key] = part.value;
  }
  return obs as unknown as RawObservation;
}

function packSnapshots(list: RawSnapshot[]): PackedSnapshots {
  const at = new Float64Array(list.length);
  const count = new Float64Array(list.length);
  const online: [number, string[]][] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    at[i] = s.at;
    count[i] = s.count;
    if (s.online) online.push([i, s.online]);
  }
  return { at, count, online };
}

function unpackSnapshots(p: PackedSnapshots): RawSnapshot[] {
  const out: RawSnapshot[] = new Array(p.at.length);
  for (let i = 0; i < p.at.length; i++) out[i] = { at: p.at[i]!, count: p.count[i]!, online: null };
  for (const [i, names] of p.online) out[i]!.online = names;
  return out;
}
