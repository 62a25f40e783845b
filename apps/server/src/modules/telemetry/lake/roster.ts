import { createNameResolver, type NameResolver } from '../../members';

/**
 * Which roster member a telemetry player is. Combat log names are `Name-Realm-Region`
 * (`Aldrena-Stormvale-EU`) or `Name-Realm`; HTTP clients and the generator send a bare
 * `Name`. All resolve to the roster's canonical `Name-Realm` through the members module's
 * resolver (a bare name takes the community's realm), then to its member by the folded key.
 */

/** A roster character as the pipeline needs it (read through the members module). */
export interface LakeRosterCharacter {
  memberId: string;
  /** Canonical `Name-Realm`. */
  name: string;
  nameKey: string;
  className: string | null;
  role: string | null;
  spec: string | null;
}

export interface LakeRoster {
  /** The community's home realm (bare names resolve to it); null when not configured. */
  realm: string | null;
  characters: LakeRosterCharacter[];
}

export interface ResolvedPlayer {
  playerId: string;
  character: string | null;
  memberId: string | null;
  className: string | null;
  role: string | null;
  spec: string | null;
}

const CLASS_TOKENS: Record<string, string> = { deathknight: 'death_knight', demonhunter: 'demon_hunter' };

/** The roster's class token (`DEATHKNIGHT`, `Death Knight`) in the telemetry model's words (`death_knight`). */
export function telemetryClass(className: string | null): string | null {
  if (!className) return null;
  const folded = className
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return CLASS_TOKENS[folded.replaceAll('_', '')] ?? folded;
}

const REGION_SUFFIX = /^([^-]+-[^-]+)-(?:US|EU|KR|TW|CN)$/i;

/** `Name-Realm-Region` → `Name-Realm`; anything else unchanged. */
export function withoutRegion(raw: string): string {
  const m = REGION_SUFFIX.exec(raw.trim());
  return m ? (m[1] as string) : raw.trim();
}

export function createPlayerResolver(roster: LakeRoster): (playerId: string, name: string) => ResolvedPlayer {
  const byKey = new Map(roster.characters.map((c) => [c.nameKey, c]));
  const resolver: NameResolver = createNameResolver(
    roster.realm,
    roster.characters.map((c) => c.name),
  );
  return (playerId, name) => {
    const canonical = name === '' ? null : resolver(withoutRegion(name));
    const character = canonical ? byKey.get(canonical.key) : undefined;
    return {
      playerId,
      character: character?.name ?? canonical?.name ?? null,
      memberId: character?.memberId ?? null,
      className: telemetryClass(character?.className ?? null),
      role: character?.role ?? null,
      spec: character?.spec ?? null,
    };
  };
}
