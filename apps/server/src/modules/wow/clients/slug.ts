/** Guild names keep their letters and internal capitals; only case and spaces change. */
export function guildSlug(name: string): string {
  return name.normalize('NFC').trim().toLowerCase().replace(/['’`]/g, '').replace(/\s+/g, '-');
}

/** A character name for a Blizzard profile path: lower case (the API is case-sensitive), NFC. */
export const characterSlug = (name: string) => name.normalize('NFC').trim().toLowerCase();

/** `Name-Realm` → its two parts; a name never holds a hyphen, a realm may (`Azjol-Nerub`). */
export function splitCharacterName(full: string, fallbackRealm: string): { name: string; realm: string } {
  const at = full.indexOf('-');
  return at < 0
    ? { name: full, realm: fallbackRealm }
    : { name: full.slice(0, at), realm: full.slice(at + 1) };
}

/** The comparison key the game uses for names: case-folded, NFC, realm without spaces. */
export function nameKeyOf(name: string, realm: string): string {
  return `${name}-${realm.replace(/[\s']/g, '')}`.normalize('NFC').toLowerCase();
}

/**
 * One segment of an outside API's URL path, percent-encoded; null for text that would step out
 * of its place (`.`, `..`, empty), which encoding alone does not stop: URLs resolve dot segments.
 */
export function pathSegment(text: string): string | null {
  if (text === '' || text === '.' || text === '..') return null;
  return encodeURIComponent(text);
}
