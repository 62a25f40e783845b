import type { RawObservation } from './observation';

/**
 * Array elements per part: a part is decoded on the main thread in a few milliseconds. Chat
 * entries carry years of months; the other lists' items are small, and a part costs a round
 * trip between the threads (500 parts for 50,000 snapshots was most of the transfer).
 */
const partSize = (key: string) => (key === 'chat' ? 100 : 2_000);

export type ObservationPart = { key: string; value: unknown } | { key: string; items: unknown[] };

/**
 * Cuts an observation into parts, whatever its fields: long arrays in slices, the rest whole,
 * so the thread receiving it decodes one small message at a time.
 */
export function splitObservation(obs: RawObservation): ObservationPart[] {
  const parts: ObservationPart[] = [];
  for (const [key, value] of Object.entries(obs)) {
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
    if ('items' in part) {
      const list = (obs[part.key] as unknown[] | undefined) ?? [];
      for (const item of part.items) list.push(item);
      obs[part.key] = list;
    } else obs[part.key] = part.value;
  }
  return obs as unknown as RawObservation;
}
