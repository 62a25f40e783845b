import { foldName, normalizeRealm, splitName } from '../members';

export interface HomeRealm {
  /** The recording PC's realm, or null when the upload does not tell it (no chat, or a tie). */
  realm: string | null;
  /** Realms the roster writes qualified: never the home realm. */
  connected: string[];
}

/**
 * The addon writes `roster`/`mythic` names bare for the recording PC's own realm and as
 * `Name-Realm` only for other (connected) realms, while every `data` key carries its realm. So
 * the home realm is the realm that `data` attaches to names that are bare in the roster: each
 * bare name whose chat key is on exactly one non-connected realm votes for that realm, and the
 * realm with most votes wins (a tie tells nothing). Counting the qualified roster names instead
 * picks a connected realm.
 */
export function deriveHomeRealm(rosterNames: Iterable<string>, chatNames: Iterable<string>): HomeRealm {
  const bare = new Set<string>();
  const connected = new Map<string, string>();
  for (const raw of rosterNames) {
    const parts = splitName(raw);
    if (!parts) continue;
    if (parts.realm) connected.set(foldName(parts.realm), parts.realm);
    else bare.add(foldName(parts.name));
  }
  const realmsOf = new Map<string, Map<string, string>>();
  for (const raw of chatNames) {
    const parts = splitName(raw);
    if (!parts?.realm) continue;
    const realmKey = foldName(parts.realm);
    if (connected.has(realmKey)) continue;
    const nameKey = foldName(parts.name);
    if (!bare.has(nameKey)) continue;
    const realms = realmsOf.get(nameKey) ?? new Map<string, string>();
    realms.set(realmKey, normalizeRealm(parts.realm));
    realmsOf.set(nameKey, realms);
  }
  const votes = new Map<string, { realm: string; n: number }>();
  for (const realms of realmsOf.values()) {
    if (realms.size !== 1) continue;
    const [key, realm] = [...realms][0]!;
    const v = votes.get(key) ?? { realm, n: 0 };
    v.n += 1;
    votes.set(key, v);
  }
  let best: { realm: string; n: number } | null = null;
  let tie = false;
  for (const v of votes.values()) {
    if (!best || v.n > best.n) {
      best = v;
      tie = false;
    } else if (v.n === best.n) tie = true;
  }
  return { realm: best && !tie ? best.realm : null, connected: [...connected.values()] };
}
