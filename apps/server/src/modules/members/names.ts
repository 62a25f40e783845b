/**
 * Character names, the way the game writes and compares them.
 *
 * - Canonical form: `Name-Realm`, the realm without spaces or hyphens (`Argent Dawn` and
 *   `Azjol-Nerub` become `ArgentDawn` and `AzjolNerub`), both parts as the game wrote them.
 * - Comparison key: the canonical form in Unicode NFC, lowercased with the locale-independent
 *   Unicode mapping (`Aldrena-Stormvale`, `aldrena-stormvale` and a decomposed `é` all fold to
 *   one key). The game treats names case-insensitively; NFC makes byte-different spellings of
 *   the same accented letter equal.
 * - A bare `Name` (the addon writes one for the recorder's own realm) resolves to
 *   `Name-<default realm>`: the community's configured realm or the home realm read from the
 *   upload (wow's `home-realm.ts`). Never "the most common realm among qualified names": those
 *   are the *other*, connected realms. With no default realm, a bare name resolves only when
 *   exactly one qualified name of the upload, on a realm that is not a known connected one, has
 *   that name part; otherwise it stays unresolved and is not merged with anyone.
 */

const MAX_PART = 64;

/**
 * What the game allows: a character name is letters only (any script); a realm name letters,
 * digits, apostrophes and brackets (`Mal'Ganis`, `Area52`, `Aggra(Português)` once its spaces
 * and hyphens are gone). Anything else (`..`, `/`, `%`, `?`) comes from a forged file, and
 * such names never reach an outside API's URL.
 */
const NAME_PART = /^[\p{L}\p{M}]+$/u;
const REALM_PART = /^[\p{L}\p{M}\p{N}'’`()]*[\p{L}\p{N}][\p{L}\p{M}\p{N}'’`()]*$/u;

/** Control characters never occur in a character or realm name. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

export interface CharacterName {
  /** `Name-Realm`. */
  name: string;
  realm: string;
  /** The folded comparison key. */
  key: string;
}

/** A realm as it appears inside a character name. */
export function normalizeRealm(realm: string): string {
  return realm.normalize('NFC').replace(/[\s-]+/g, '');
}

/** The comparison key of any name or name part. */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Splits `Name-Realm` (or a bare `Name`); null for something that is no name at all. */
export function splitName(raw: string): { name: string; realm: string | null } | null {
  const text = raw.normalize('NFC').trim();
  if (text === '' || hasControlCharacter(text)) return null;
  const dash = text.indexOf('-');
  const name = dash < 0 ? text : text.slice(0, dash);
  const realm = dash < 0 ? null : normalizeRealm(text.slice(dash + 1));
  if (name.length > MAX_PART || !NAME_PART.test(name)) return null;
  if (realm !== null && (realm.length > MAX_PART || !REALM_PART.test(realm))) return null;
  return { name, realm };
}

export function characterName(name: string, realm: string): CharacterName {
  const full = `${name}-${realm}`;
  return { name: full, realm, key: foldName(full) };
}

/** The most common realm among qualified names; null when there are none or the top is a tie. */
export function mostCommonRealm(names: Iterable<string>): string | null {
  const counts = new Map<string, { realm: string; n: number }>();
  for (const raw of names) {
    const parts = splitName(raw);
    if (!parts?.realm) continue;
    const key = foldName(parts.realm);
    const entry = counts.get(key);
    if (entry) entry.n += 1;
    else counts.set(key, { realm: parts.realm, n: 1 });
  }
  let best: { realm: string; n: number } | null = null;
  let tie = false;
  for (const entry of counts.values()) {
    if (!best || entry.n > best.n) {
      best = entry;
      tie = false;
    } else if (entry.n === best.n) tie = true;
  }
  return best && !tie ? best.realm : null;
}

export type NameResolver = (raw: string) => CharacterName | null;

/**
 * Resolves the names of one upload. `names` are all the name keys the upload contains (used
 * for bare-name matching when no default realm exists); `connectedRealms` are realms known not
 * to be the home realm (a bare name never resolves to them).
 */
export function createNameResolver(
  homeRealm: string | null,
  names: Iterable<string>,
  opts: { connectedRealms?: Iterable<string> } = {},
): NameResolver {
  const all = [...names];
  const configured = homeRealm ? normalizeRealm(homeRealm) : '';
  const defaultRealm = configured !== '' ? configured : null;
  const connected = new Set([...(opts.connectedRealms ?? [])].map((r) => foldName(normalizeRealm(r))));
  // Without a default realm: bare name part → the qualified names carrying it.
  let byNamePart: Map<string, Set<string>> | undefined;
  const qualifiedByPart = () => {
    if (byNamePart) return byNamePart;
    byNamePart = new Map();
    for (const raw of all) {
      const parts = splitName(raw);
      if (!parts?.realm || connected.has(foldName(parts.realm))) continue;
      const full = characterName(parts.name, parts.realm);
      const set = byNamePart.get(foldName(parts.name)) ?? new Set<string>();
      set.add(full.key);
      byNamePart.set(foldName(parts.name), set);
      canonicalOf.set(full.key, full);
    }
    return byNamePart;
  };
  const canonicalOf = new Map<string, CharacterName>();

  return (raw) => {
    const parts = splitName(raw);
    if (!parts) return null;
    if (parts.realm) return characterName(parts.name, parts.realm);
    if (defaultRealm) return characterName(parts.name, defaultRealm);
    const matches = qualifiedByPart().get(foldName(parts.name));
    if (matches?.size !== 1) return null;
    return canonicalOf.get([...matches][0]!) ?? null;
  };
}
