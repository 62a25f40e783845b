/**
 * A structural form of a parsed value for exact comparison: objects become sorted entry lists
 * tagged with their prototype, so own keys such as `constructor` or `__proto__` compare as data.
 */
export type Canonical =
  | string
  | number
  | boolean
  | null
  | { list: Canonical[] }
  | { table: [string, Canonical][]; proto: 'Object' | 'other' };

export function canonical(value: unknown): Canonical {
  if (value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw new Error('array with a foreign prototype');
    return { list: value.map(canonical) };
  }
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) === Object.prototype ? 'Object' : 'other';
    const entries = Object.keys(value)
      .sort()
      .map((key): [string, Canonical] => [
        key,
        canonical(Object.getOwnPropertyDescriptor(value, key)?.value),
      ]);
    return { table: entries, proto };
  }
  throw new Error(`unexpected ${typeof value}`);
}
