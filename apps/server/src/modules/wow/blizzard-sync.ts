import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { ProviderError } from '../../core/outbound/http-client';
import type { JobProgress } from '../../core/queue';
import {
  addCharactersWithMembers,
  characterName,
  fillCharacterDetails,
  loadCommunityCharacters,
  type NewCharacter,
  normalizeRealm,
  saveCharacterEnrichment,
} from '../members';
import { type BlizzardClient, blizzardEndpoints, createBlizzardClient } from './clients/blizzard';
import { splitCharacterName } from './clients/slug';
import {
  type ConfigurationProblem,
  clientCredentialsOf,
  configurationProblem,
  httpDeps,
  isConfigurationProblem,
  realmResolver,
  syncTarget,
} from './integrations.service';
import { lastRealmRefresh, saveRefreshedRealms } from './realms.repo';
import { activeCharacters, emptyReport, type SyncReport, syncEach } from './sync-batch';

/** Class tokens as the addon writes them (`DEATHKNIGHT`), from Blizzard's class names. */
export const classToken = (name: string | null) => (name ? name.toUpperCase().replace(/[^A-Z]/g, '') : null);

export interface BlizzardSyncReport extends SyncReport {
  roster: number;
  /** Roster members the addon had not seen, added as characters. */
  added: number;
  /** Known characters whose missing class, race, level or rank Blizzard filled. */
  filled: number;
  /** Realms stored from Blizzard's realm index this run (0 when the stored ones were fresh). */
  realmsRefreshed: number;
}

/** How long a refreshed realm index is trusted: realms are renamed or added a few times a year. */
const REALM_REFRESH_MS = 7 * 86_400_000;

/**
 * Refreshes the region's realm table from Blizzard's realm index when it is older than a week.
 * The shipped table still answers when this fails, so a failure is logged, not fatal.
 */
async function refreshRealms(
  ctx: AppContext,
  client: BlizzardClient,
  region: string,
  log?: FastifyBaseLogger,
): Promise<number> {
  const last = await lastRealmRefresh(ctx.db, region);
  if (last && Date.now() - last.getTime() < REALM_REFRESH_MS) return 0;
  try {
    const index = await client.realmIndex();
    await saveRefreshedRealms(
      ctx.db,
      region,
      index.map((r) => ({ ...r, connectedRealmId: null })),
      new Date(),
    );
    return index.length;
  } catch (err) {
    if (err instanceof ProviderError && (err.kind === 'unauthorized' || err.kind === 'forbidden')) throw err;
    log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'realm index refresh failed');
    return 0;
  }
}

const CONCURRENCY = 4;

/**
 * Blizzard sync of one community: the guild roster from the profile API as a second roster
 * source (new characters for members the addon has not seen; class, race, level and rank
 * filled where unknown, never overwritten), then each active character's avatar and main
 * render. The region's realm table is refreshed from Blizzard's realm index first (weekly), so
 * every sync resolves realm names with Blizzard's own slugs.
 */
export async function runBlizzardSync(
  ctx: AppContext,
  communityId: string,
  log?: FastifyBaseLogger,
  progress?: (p: JobProgress) => void,
): Promise<BlizzardSyncReport | ConfigurationProblem> {
  const target = await syncTarget(ctx.db, communityId);
  if (isConfigurationProblem(target)) return target;
  const cred = await clientCredentialsOf(ctx, communityId, 'blizzard');
  if (isConfigurationProblem(cred)) return cred;
  const client = createBlizzardClient({
    ...httpDeps(ctx),
    ...blizzardEndpoints(ctx.config, target.region),
    region: target.region,
    ...cred,
  });
  const realmsRefreshed = await refreshRealms(ctx, client, target.region, log);
  const realms = await realmResolver(ctx.db, target.region);
  const home = realms.resolve(target.guildRealm);
  let roster: Awaited<ReturnType<BlizzardClient['guildRoster']>>;
  try {
    roster = await client.guildRoster(home.slug, target.guildName);
  } catch (err) {
    if (!(err instanceof ProviderError) || err.kind !== 'not_found') throw err;
    return home.kind === 'guessed'
      ? configurationProblem(
          'UNKNOWN_REALM',
          `the realm "${target.guildRealm}" is in no realm table of ${target.region.toUpperCase()} and Blizzard has no guild on "${home.slug}": check the guild's realm`,
          { realmGuessed: [target.guildRealm] },
        )
      : configurationProblem(
          'GUILD_NOT_FOUND',
          `Blizzard has no guild "${target.guildName}" on ${target.region.toUpperCase()}-${home.slug}: check the guild's name`,
        );
  }

  const known = await loadCommunityCharacters(ctx.db, communityId);
  // Roster realms come as slugs: spell them as the characters we know do (`area-52` → `Area52`),
  // else as the game does (`howling-fjord` → `Ревущийфьорд`).
  const realmBySlug = new Map<string, string>();
  if (target.community.realm)
    realmBySlug.set(realms.slug(target.community.realm), normalizeRealm(target.community.realm));
  for (const c of known) realmBySlug.set(realms.slug(c.realm), c.realm);
  const realmOf = (slug: string, name: string | null) =>
    realmBySlug.get(slug) ??
    normalizeRealm(
      realms.gameName(slug) ??
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
    realmsRefreshed,
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
    { what: 'blizzard media sync', concurrency: CONCURRENCY, log, ...(progress ? { progress } : {}) },
    async (c) => {
      const { name, realm } = splitCharacterName(c.name, c.realm);
      const resolved = realms.resolve(realm);
      const media = await client.characterMedia(resolved.slug, name);
      // On a guessed realm a 404 may be the slug's fault, not the character's.
      if (!media) return resolved.kind === 'guessed' ? 'skipped' : 'not_found';
      await saveCharacterEnrichment(ctx.db, [
        { id: c.id, avatarUrl: media.avatarUrl ?? undefined, renderUrl: media.renderUrl ?? undefined },
      ]);
      return 'synced';
    },
  );
  report.realmGuessed = [...realms.guessed].sort();
  return report;
}
