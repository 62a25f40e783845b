import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import { ProviderError } from '../../core/outbound/http-client';
import { type ActivityEventInput, recordActivityEvents } from '../activity';
import { type Community, readCredential } from '../communities';
import { type KnownCharacter, loadCommunityCharacters, saveCharacterEnrichment } from '../members';
import { loadRules, queueAlertsForEvents } from '../notify';
import { createRaiderIoClient, type RaiderIoProfile } from './clients/raiderio';
import { splitCharacterName } from './clients/slug';
import * as repo from './integrations.repo';
import { httpDeps, PROVIDERS, syncTarget } from './integrations.service';
import { recordCharacterScores } from './scores';
import { activeCharacters, emptyReport, type SyncReport, syncEach } from './sync-batch';

const CONCURRENCY = 4;

/**
 * Raider.IO sync of one community: each active character's score (history row when it
 * changes), best run per dungeon, item level, spec and avatar, each character in its own
 * transaction. A 404 marks the character `not_found`; other failures are counted, retried
 * once at the end of the batch, and never fail it. Reruns store nothing twice.
 */
export async function runRaiderioSync(
  ctx: AppContext,
  communityId: string,
  log?: FastifyBaseLogger,
): Promise<SyncReport> {
  const target = await syncTarget(ctx.db, communityId);
  const key = (await readCredential(ctx, communityId, PROVIDERS.raiderio))?.accessKey;
  const client = createRaiderIoClient({
    ...httpDeps(ctx),
    baseUrl: ctx.config.RAIDERIO_BASE_URL,
    ...(key ? { accessKey: key } : {}),
  });
  const rules = await loadRules(ctx.db, communityId);
  const characters = activeCharacters(await loadCommunityCharacters(ctx.db, communityId));
  const report = emptyReport(characters.length);
  await syncEach(characters, report, { what: 'raider.io sync', concurrency: CONCURRENCY, log }, async (c) => {
    const { name, realm } = splitCharacterName(c.name, c.realm);
    try {
      const profile = await client.characterProfile(target.region, realm, name);
      await storeProfile(ctx, target.community, c, profile, rules.thresholds, report);
      return 'synced';
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind !== 'not_found') throw err;
      await saveCharacterEnrichment(ctx.db, [{ id: c.id, externalStatus: 'not_found' }]);
      return 'not_found';
    }
  });
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
