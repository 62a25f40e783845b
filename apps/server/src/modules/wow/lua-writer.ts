/**
 * Writes a value as a SavedVariables global, the way the game does (tab indentation,
 * `["key"] = value,`, integer keys in brackets). Used by the demo seed to produce the later
 * versions of a generated file.
 */
export function writeSavedVariables(globals: Record<string, unknown>): string {
  return Object.entries(globals)
    .map(([name, value]) => `${name} = ${writeValue(value, 0)}\n`)
    .join('');
}

function writeValue(value: unknown, depth: number): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'string') return luaString(value);
  const pad = '\t'.repeat(depth + 1);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      lines.push(`${pad}${writeValue(item, depth + 1)}, -- [${i + 1}]`);
    });
  } else {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const k = /^-?\d+$/.test(key) ? `[${key}]` : `[${luaString(key)}]`;
      lines.push(`${pad}${k} = ${writeValue(item, depth + 1)},`);
    }
  }
  return lines.length ? `{\n${lines.join('\n')}\n${'\t'.repeat(depth)}}` : '{\n}';
}

function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}
