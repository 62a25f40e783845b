/**
 * Splitting a combat log line into fields. Commas inside double quotes belong to the field
 * (`"Mug'Zee, Heads of Security"`); quotes are removed and `nil` stays the string `nil` (the
 * caller decides what a missing value means for each field).
 */

/** Fields of an event line (after the timestamp), quotes removed. */
export function splitFields(text: string): string[] {
  const parts = text.split(',');
  if (text.indexOf('"') < 0) return parts;
  let out = 0;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    if (part.charCodeAt(0) === 34 /* " */) {
      // A quoted field ends at the first piece that ends with a quote.
      while ((part.length < 2 || part.charCodeAt(part.length - 1) !== 34) && i + 1 < parts.length) {
        part = `${part},${parts[++i]}`;
      }
      part = part.length >= 2 && part.charCodeAt(part.length - 1) === 34 ? part.slice(1, -1) : part.slice(1);
    }
    parts[out++] = part;
  }
  parts.length = out;
  return parts;
}

/**
 * Fields of a line with nested `[…]` and `(…)` groups (COMBATANT_INFO): a group is one field,
 * kept with its brackets.
 */
export function splitGroupedFields(text: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 44 && depth === 0) {
      fields.push(unquote(text.slice(start, i)));
      start = i + 1;
    }
  }
  fields.push(unquote(text.slice(start)));
  return fields;
}

function unquote(field: string): string {
  return field.length >= 2 && field.charCodeAt(0) === 34 && field.charCodeAt(field.length - 1) === 34
    ? field.slice(1, -1)
    : field;
}
