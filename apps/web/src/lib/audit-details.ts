/**
 * An entry's details as "key: value" lines an officer reads at a glance: nested objects
 * flattened into dotted keys, short lists joined, long lists and lists of objects counted.
 */
export function detailLines(
  details: unknown,
  count: (n: number) => string,
  prefix = '',
  depth = 0,
): [string, string][] {
  // A null inside the details says something (a permission taken away): shown as a dash.
  if (details === null || details === undefined) return prefix ? [[prefix, '—']] : [];
  if (typeof details !== 'object') return [[prefix || '·', String(details)]];
  if (Array.isArray(details)) {
    const plain = details.every((v) => v === null || typeof v !== 'object');
    const value = plain && details.length <= 6 ? details.map(String).join(', ') : count(details.length);
    return [[prefix || '·', value]];
  }
  return Object.entries(details as Record<string, unknown>).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 2)
      return detailLines(v, count, key, depth + 1);
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      return [[key, count(Object.keys(v).length)]];
    return detailLines(v, count, key, depth + 1);
  });
}
