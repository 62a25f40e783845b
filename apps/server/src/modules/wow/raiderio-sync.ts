import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import type { JobProgress } from '../../core/queue';
import { type ActivityEventInput, recordActivityEvents } from '../activity';
import { type Community, readCredential } from '../communities';
import { type KnownCharacter, loadCommunityCharacters, saveCharacterEnrichment } from '../members';
import { loadRules, queueAlertsForEvents } from '../notify';
import { createRaiderIoClient, type RaiderIoProfile } from './clients/raiderio';
import { splitCharacterName } from './clients/slug';
import * as repo from './integrations.repo';
import {
  type ConfigurationProblem,
  configurationProblem,
  httpDeps,
  isConfigurationProblem,
  PROVIDERS,
  realmResolver,
  syncTarget,
} from './integrations.service';
import { recordCharacterScores } from './scores';
import { activeCharacters, emptyReport, type SyncReport, syncEach } from './sync-batch';

const CONCURRENCY = 4;

/**
 * Raider.IO sync of one community: each active character's score (history row when it
 * changes), best run per dungeon, item level, spec and avatar, each character in its own
 * transaction. Realms go out as their real slugs (the realm table); "Could not find requested
 * character" marks the character `not_found`, while "Failed to find realm" is a configuration
 * problem: that realm's characters are left alone and the run says which realm, and when it is
 * the guild's own realm the run is skipped. Other failures are counted, retried once at the end
 * of the batch, and never fail it. Reruns store nothing twice.
 */
export async function runRaiderioSync(
  ctx: AppContext,
  communityId: string,
  log?: FastifyBaseLogger,
  progress?: (p: JobProgress) => void,
): Promise<SyncReport | ConfigurationProblem> {
  const target = await syncTarget(ctx.db, communityId);
  if (isConfigurationProblem(target)) return target;
  const realms = await realmResolver(ctx.db, target.region);
  const unknownRealms = new Map<string, string>();
  const key = (await readCredential(ctx, communityId, PROVIDERS.raiderio))?.accessKey;
  const client = createRaiderIoClient({
    ...httpDeps(ctx),
    baseUrl: ctx.config.RAIDERIO_BASE_URL,
    ...(key ? { accessKey: key } : {}),
  });
  const rules = await loadRules(ctx.db, communityId);
  const characters = activeCharacters(await loadCommunityCharacters(ctx.db, communityId));
  const report = emptyReport(characters.length);
  await syncEach(
    characters,
    report,
    { what: 'raider.io sync', concurrency: CONCURRENCY, log, ...(progress ? { progress } : {}) },
    async (c) => {
      const { name, realm } = splitCharacterName(c.name, c.realm);
      const slug = realms.slug(realm);
      if (unknownRealms.has(slug)) return 'skipped';
      const found = await client.characterProfile(target.region, slug, name);
      switch (found.kind) {
        case 'found':
          await storeProfile(ctx, target.community, c, found.profile, rules.thresholds, report);
          return 'synced';
        case 'character_not_found':
          await saveCharacterEnrichment(ctx.db, [{ id: c.id, externalStatus: 'not_found' }]);
          return 'not_found';
        case 'realm_not_found':
          unknownRealms.set(slug, realm);
          return 'skipped';
      }
    },
  );
  const home = realms.slug(target.guildRealm);
  report.realmGuessed = [...realms.guessed].sort();
  report.unknownRealms = [...unknownRealms.values()].sort();
  if (unknownRealms.has(home))
    return configurationProblem(
      'UNKNOWN_REALM',
      `Raider.IO does not know the realm "${target.guildRealm}" (slug "${home}") in ${target.region.toUpperCase()}: check the guild's realm`,
      { ...report },
    );
  return report;
}

async function storeProfile(
  ctx: AppContext,
  community: Community,
  c: KnownCharacter,
  profile: RaiderIoProfile,
  thresholds: number[],
  report: SyncReport,
): Promise<void> {
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    await saveCharacterEnrichment(tx, [
      {
        id: c.id,
        spec: profile.spec ?? undefined,
        role: profile.role ?? undefined,
        itemLevel: profile.itemLevel ?? undefined,
        avatarUrl: profile.thumbnailUrl ?? undefined,
        externalStatus: null,
      },
    ]);
    if (profile.season && profile.bestRuns.length > 0) {
      await repo.upsertBestRuns(
        tx,
        profile.bestRuns.map((r) => ({
          characterId: c.id,
          communityId: community.id,
          season: profile.season!,
          dungeon: r.shortName,
          dungeonName: r.dungeon,
          level: r.level,
          clearTimeMs: r.clearTimeMs,
          parTimeMs: r.parTimeMs,
          upgrades: r.upgrades,
          score: r.score,
          completedAt: r.completedAt,
          url: r.url,
          updatedAt: now,
        })),
      );
    }
    if (profile.score === null) return;
    const { stored, milestones } = await recordCharacterScores(
      tx,
      community.id,
      [
        {
          communityId: community.id,
          characterId: c.id,
          memberId: c.memberId,
          characterName: c.name,
          score: profile.score,
          source: 'raiderio',
          at: now,
        },
      ],
      thresholds,
    );
    report.scores += stored;
    const events: ActivityEventInput[] = milestones;
    if (events.length === 0) return;
    const recorded = await recordActivityEvents(tx, events);
    report.milestones += recorded.length;
    await queueAlertsForEvents(tx, community, recorded);
  });
}
