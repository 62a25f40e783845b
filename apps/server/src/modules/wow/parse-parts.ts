import type { RawObservation } from './observation';

/** Array elements per part: a part is decoded on the main thread in a few milliseconds. */
const PART_SIZE = 100;

export type ObservationPart = { key: string; value: unknown } | { key: string; items: unknown[] };

/**
 * Cuts an observation into parts, whatever its fields: long arrays in slices, the rest whole,
 * so the thread receiving it decodes one small message at a time.
 */
export function splitObservation(obs: RawObservation): ObservationPart[] {
  const parts: ObservationPart[] = [];
  for (const [key, value] of Object.entries(obs)) {
    if (!Array.isArray(value) || value.length <= PART_SIZE) {
      parts.push({ key, value });
      continue;
    }
    for (let i = 0; i < value.length; i += PART_SIZE)
      parts.push({ key, items: value.slice(i, i + PART_SIZE) });
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
