import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import {
  addCharactersWithMembers,
  characterName,
  fillCharacterDetails,
  loadCommunityCharacters,
  type NewCharacter,
  normalizeRealm,
  saveCharacterEnrichment,
} from '../members';
import { blizzardEndpoints, createBlizzardClient } from './clients/blizzard';
import { realmSlug, splitCharacterName } from './clients/slug';
import { httpDeps, requireClientCredentials, syncTarget } from './integrations.service';
import { activeCharacters, emptyReport, type SyncReport, syncEach } from './sync-batch';

/** Class tokens as the addon writes them (`DEATHKNIGHT`), from Blizzard's class names. */
export const classToken = (name: string | null) => (name ? name.toUpperCase().replace(/[^A-Z]/g, '') : null);

export interface BlizzardSyncReport extends SyncReport {
  roster: number;
  /** Roster members the addon had not seen, added as characters. */
  added: number;
  /** Known characters whose missing class, race, level or rank Blizzard filled. */
  filled: number;
}

const CONCURRENCY = 4;

/**
 * Blizzard sync of one community: the guild roster from the profile API as a second roster
 * source (new characters for members the addon has not seen; class, race, level and rank
 * filled where unknown, never overwritten), then each active character's avatar and main
 * render.
 */
export async function runBlizzardSync(
  ctx: AppContext,
  communityId: string,
  log?: FastifyBaseLogger,
): Promise<BlizzardSyncReport> {
  const target = await syncTarget(ctx.db, communityId);
  const cred = await requireClientCredentials(ctx, communityId, 'blizzard');
  const client = createBlizzardClient({
    ...httpDeps(ctx),
    ...blizzardEndpoints(ctx.config, target.region),
    region: target.region,
    ...cred,
  });
  const roster = await client.guildRoster(target.guildRealm, target.guildName);

  const known = await loadCommunityCharacters(ctx.db, communityId);
  // Roster realms come as slugs: spell them as the characters we know do (`area-52` → `Area52`).
  const realmBySlug = new Map<string, string>();
  if (target.community.realm)
    realmBySlug.set(realmSlug(target.community.realm), normalizeRealm(target.community.realm));
  for (const c of known) realmBySlug.set(realmSlug(c.realm), c.realm);
  const realmOf = (slug: string, name: string | null) =>
    realmBySlug.get(slug) ??
    normalizeRealm(
      name ??
        slug
          .split('-')
          .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join(''),
    );

  const byKey = new Map(known.map((c) => [c.nameKey, c]));
  const now = new Date();
  const fills: Parameters<typeof fillCharacterDetails>[1] = [];
  const fresh: NewCharacter[] = [];
  for (const m of roster.members) {
    const name = characterName(m.name, realmOf(m.realmSlug, m.realmName));
    const details = { className: classToken(m.className), race: m.race, level: m.level, rankIndex: m.rank };
    const existing = byKey.get(name.key);
    if (existing) {
      fills.push({ id: existing.id, ...details });
      continue;
    }
    if (fresh.some((f) => f.nameKey === name.key)) continue;
    fresh.push({
      id: crypto.randomUUID(),
      memberId: crypto.randomUUID(),
      communityId,
      name: name.name,
      nameKey: name.key,
      realm: name.realm,
      className: details.className,
      level: details.level,
      rank: null,
      rankIndex: details.rankIndex,
      spec: null,
      role: null,
      inRoster: true,
      online: false,
      messageTotal: 0,
      lastMessage: null,
      chatDigest: null,
      firstSeenAt: now,
      lastSeenAt: null,
    });
  }
  await ctx.db.transaction(async (tx) => {
    await fillCharacterDetails(tx, fills);
    await addCharactersWithMembers(tx, fresh);
    // Race is not part of a new character's insert: fill it like for the known ones.
    await fillCharacterDetails(
      tx,
      fresh.map((f) => ({
        id: f.id,
        className: f.className,
        race:
          roster.members.find(
            (m) => characterName(m.name, realmOf(m.realmSlug, m.realmName)).key === f.nameKey,
          )?.race ?? null,
        level: f.level,
        rankIndex: f.rankIndex,
      })),
    );
  });

  const characters = activeCharacters(await loadCommunityCharacters(ctx.db, communityId));
  const report: BlizzardSyncReport = {
    ...emptyReport(characters.length),
    roster: roster.members.length,
    added: fresh.length,
    filled: fills.filter((f) => {
      const c = known.find((k) => k.id === f.id)!;
      return (
        (c.className === null && f.className) ||
        (c.level === null && f.level !== null) ||
        (c.rankIndex === null && f.rankIndex !== null)
      );
    }).length,
  };

  await syncEach(
    characters,
    report,
    { what: 'blizzard media sync', concurrency: CONCURRENCY, log },
    async (c) => {
      const { name, realm } = splitCharacterName(c.name, c.realm);
      const media = await client.characterMedia(realm, name);
      if (!media) return 'not_found';
      await saveCharacterEnrichment(ctx.db, [
        { id: c.id, avatarUrl: media.avatarUrl ?? undefined, renderUrl: media.renderUrl ?? undefined },
      ]);
      return 'synced';
    },
  );
  return report;
}
