import eu from './eu.json';
import kr from './kr.json';
import tw from './tw.json';
import us from './us.json';

/**
 * A realm as Blizzard's realm index knows it: every name it goes by (English, and the name the
 * game shows on Russian, Korean and Taiwanese realms), its slug, id and connected realm.
 */
export interface RealmEntry {
  id: number;
  slug: string;
  connectedRealmId: number | null;
  /** The game client's locale of the realm (`ruRU`, `koKR`…), when known. */
  locale: string | null;
  names: string[];
}

/** Realms shipped with Guildhall (see tools/realms/build-realm-table.mjs for their source). */
const SHIPPED: Record<string, RealmEntry[]> = { eu, us, kr, tw };

export const shippedRealms = (region: string): RealmEntry[] => SHIPPED[region.toLowerCase()] ?? [];

/**
 * The form names are compared in: the addon writes realms without spaces (`Area52`,
 * `DerabyssischeRat`, `Ревущийфьорд`), players type them with hyphens or apostrophes, and
 * slugs use hyphens; none of that, nor case, tells two realms apart.
 */
export const realmKey = (name: string) =>
  name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s'’`\-().]/g, '');

/**
 * A guess at the slug of a realm that is in no table: lower case, apostrophes and brackets
 * dropped, spaces as hyphens, and (for the addon's space-less names) a lower-to-upper or
 * letter-to-digit step as a hyphen. Wrong for many real realms (`Azjol-Nerub` is
 * `azjolnerub`, `DerabyssischeRat` is `der-abyssische-rat`): only the last resort.
 */
export function guessRealmSlug(realm: string): string {
  return realm
    .normalize('NFC')
    .trim()
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1-$2')
    .replace(/(\p{L})(\p{Nd})/gu, '$1-$2')
    .toLowerCase()
    .replace(/['’`()]/g, '')
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

export type RealmResolution =
  | { kind: 'known'; slug: string; realm: RealmEntry }
  | { kind: 'guessed'; slug: string };

/** Names written in a script other than Latin: what the game shows on ru/ko/tw realms. */
const nonLatin = /[^\p{Script=Latin}\p{N}\p{P}\p{Zs}]/u;

/**
 * Realm names → slugs for one region: the shipped table, overridden by the entries refreshed
 * from Blizzard's realm index. Remembers which realms it had to guess, for the sync's result.
 */
export class RealmResolver {
  private readonly byKey = new Map<string, RealmEntry>();
  private readonly bySlug = new Map<string, RealmEntry>();
  /** Realm names (as given) that are in no table and were guessed. */
  readonly guessed = new Set<string>();

  constructor(
    readonly region: string,
    refreshed: RealmEntry[] = [],
  ) {
    const byId = new Map<number, RealmEntry>();
    for (const r of shippedRealms(region)) byId.set(r.id, r);
    for (const r of refreshed) {
      const old = byId.get(r.id);
      byId.set(r.id, {
        ...r,
        locale: r.locale ?? old?.locale ?? null,
        connectedRealmId: r.connectedRealmId ?? old?.connectedRealmId ?? null,
      });
    }
    for (const r of byId.values()) {
      this.bySlug.set(r.slug, r);
      for (const k of [realmKey(r.slug), ...r.names.map(realmKey)])
        if (!this.byKey.has(k)) this.byKey.set(k, r);
    }
  }

  /** The realm a name (any locale, with or without spaces, hyphens or apostrophes) or slug names. */
  find(name: string): RealmEntry | undefined {
    return this.bySlug.get(name) ?? this.byKey.get(realmKey(name));
  }

  resolve(name: string): RealmResolution {
    const realm = this.find(name);
    if (realm) return { kind: 'known', slug: realm.slug, realm };
    this.guessed.add(name);
    return { kind: 'guessed', slug: guessRealmSlug(name) };
  }

  /** The slug providers expect for a realm name. */
  slug(name: string): string {
    return this.resolve(name).slug;
  }

  /** The name the game shows for a realm (Cyrillic on Russian realms), without spaces like the addon. */
  gameName(slug: string): string | undefined {
    const realm = this.bySlug.get(slug);
    if (!realm) return undefined;
    const name = realm.names.find((n) => nonLatin.test(n)) ?? realm.names[0] ?? realm.slug;
    return name.replace(/\s+/g, '');
  }
}
