import { specsOfClass, type WowRole } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import { latestActivityAt } from '../activity';
import { foldName, type KnownCharacter, loadCommunityCharacters, saveCharacterEnrichment } from '../members';
import { splitCharacterName } from './clients/slug';
import * as repo from './integrations.repo';
import { recordCharacterScores, type ScoreObservation } from './scores';
import { activeCharacters } from './sync-batch';

const DAY_MS = 86_400_000;
const SEASON = 'season-tww-3';
const ZONE = { id: 44, name: 'Manaforge Omega' };
const BOSSES = [
  { id: 3129, name: 'Plexus Sentinel' },
  { id: 3131, name: "Loom'ithar" },
  { id: 3130, name: 'Soulbinder Naazindhri' },
  { id: 3132, name: 'Forgeweaver Araz' },
  { id: 3122, name: 'The Soul Hunters' },
  { id: 3133, name: 'Fractillus' },
  { id: 3134, name: 'Nexus-King Salhadaar' },
  { id: 3135, name: 'Dimensius, the All-Devouring' },
];
/** Bosses down per difficulty: the guild is 8/8 N, 6/8 H, 1/8 M. */
const PROGRESS = { normal: 8, heroic: 6, mythic: 1 } as const;
const DUNGEONS = [
  { short: 'EDA', name: "Eco-Dome Al'dani", par: 31 * 60_000 },
  { short: 'ARAK', name: 'Ara-Kara, City of Echoes', par: 30 * 60_000 },
  { short: 'DAWN', name: 'The Dawnbreaker', par: 31 * 60_000 },
  { short: 'PSF', name: 'Priory of the Sacred Flame', par: 32.5 * 60_000 },
  { short: 'FLOOD', name: 'Operation: Floodgate', par: 33 * 60_000 },
  { short: 'HOA', name: 'Halls of Atonement', par: 31 * 60_000 },
  { short: 'STRT', name: 'Tazavesh: Streets of Wonder', par: 35 * 60_000 },
  { short: 'GMBT', name: "Tazavesh: So'leah's Gambit", par: 30 * 60_000 },
];
/** A spec the character's class really has (the product's one class → specs table). */
function specOf(c: KnownCharacter, random: () => number): [string | null, WowRole | null] {
  const specs = specsOfClass(c.className);
  if (specs.length === 0) return [null, null];
  const s = specs[Math.floor(random() * specs.length)]!;
  return [s.name, s.role];
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What the Raider.IO, Warcraft Logs and Blizzard syncs would have stored for the demo guild:
 * ten weeks of M+ scores, best runs, parses, the current raid's progress and eight weeks of
 * logged raid nights. Runs after the wow module's seed, over the characters it created.
 */
export async function seedIntegrationsDemo(ctx: AppContext, communityId: string): Promise<void> {
  const random = seeded(44);
  // The demo guild's data ends at its last upload: the logs and scores end there too.
  const now = (await latestActivityAt(ctx.db, communityId)) ?? new Date();
  const all = activeCharacters(await loadCommunityCharacters(ctx.db, communityId));
  const top = Math.max(0, ...all.map((c) => c.level ?? 0));
  const raiders = all.filter((c) => (c.level ?? top) >= top);
  const latest = await repo.findLatestScores(
    ctx.db,
    raiders.map((c) => c.id),
  );
  const roster = raiders.slice(0, 30);

  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, communityId, { currentZoneId: ZONE.id, currentZoneName: ZONE.name });

    // Progress: first kills spread over the last ten weeks, in boss order.
    const rows = BOSSES.flatMap((boss, position) =>
      (['normal', 'heroic', 'mythic'] as const).map((difficulty) => {
        const killed = position < PROGRESS[difficulty];
        const weeksAgo = { normal: 10, heroic: 7, mythic: 1 }[difficulty] - position * 0.6;
        return {
          communityId,
          zoneId: ZONE.id,
          encounterId: boss.id,
          difficulty,
          zoneName: ZONE.name,
          encounterName: boss.name,
          position,
          killed,
          firstKillAt: killed ? new Date(now.getTime() - Math.max(0.2, weeksAgo) * 7 * DAY_MS) : null,
          updatedAt: now,
        };
      }),
    );
    await repo.upsertRaidProgress(tx, rows);

    // Eight weeks of logged raid nights (Wednesday and Thursday), 20 present and a few benched.
    const reports = [];
    const attendance = [];
    for (let week = 0; week < 8; week++) {
      for (const dayOffset of [0, 1]) {
        const start = new Date(now.getTime() - (week * 7 + 2 - dayOffset) * DAY_MS - 3 * 3_600_000);
        const code = `DemO${week}${dayOffset}${'x'.repeat(10)}`.slice(0, 16);
        reports.push({
          communityId,
          code,
          title: `${ZONE.name} ${dayOffset === 0 ? 'H' : 'M'}`,
          startTime: start,
          endTime: new Date(start.getTime() + 3 * 3_600_000),
          zoneId: ZONE.id,
          zoneName: ZONE.name,
        });
        for (const c of roster) {
          const roll = random();
          if (roll < 0.12) continue;
          const name = splitCharacterName(c.name, c.realm).name;
          attendance.push({
            communityId,
            reportCode: code,
            nameKey: foldName(name),
            name: c.name,
            className: c.className,
            presence: roll < 0.2 ? 2 : 1,
            characterId: c.id,
            memberId: c.memberId,
            startTime: start,
          });
        }
      }
    }
    await repo.upsertReports(tx, reports);
    await repo.upsertAttendance(tx, attendance);

    // Generated character by character (the random sequence fixes the data), written set-based:
    // one statement per table instead of a dozen round trips per character.
    const seeded = raiders.map((c) => seedCharacter(communityId, c, latest.get(c.id) ?? null, random, now));
    await recordCharacterScores(
      tx,
      communityId,
      seeded.flatMap((s) => s.scores),
    );
    await repo.upsertBestRuns(
      tx,
      seeded.flatMap((s) => s.runs),
    );
    await repo.upsertParses(
      tx,
      seeded.flatMap((s) => s.parses),
    );
    await saveCharacterEnrichment(
      tx,
      seeded.map((s) => s.enrichment),
    );
    // Alts below the top level: an item level and a spec, nothing more.
    await saveCharacterEnrichment(
      tx,
      all
        .filter((c) => !raiders.includes(c))
        .map((c) => {
          const [spec, role] = specOf(c, random);
          return {
            id: c.id,
            spec,
            role,
            itemLevel: Math.round(((c.level ?? 10) / top) * 600 + random() * 20),
          };
        }),
    );
  });
}

/** One raider's generated rows: ten weeks of scores, best runs, parses and enrichment. */
function seedCharacter(
  communityId: string,
  c: KnownCharacter,
  current: number | null,
  random: () => number,
  now: Date,
): {
  scores: ScoreObservation[];
  runs: Parameters<typeof repo.upsertBestRuns>[1];
  parses: Parameters<typeof repo.upsertParses>[1];
  enrichment: Parameters<typeof saveCharacterEnrichment>[1][number];
} {
  const [spec, role] = specOf(c, random);
  const itemLevel = Math.round((700 + random() * 30) * 10) / 10;
  const raider = random() < 0.7;

  const scores: ScoreObservation[] = [];
  const runs: Parameters<typeof repo.upsertBestRuns>[1] = [];
  const rows: Parameters<typeof repo.upsertParses>[1] = [];
  // Ten weekly Raider.IO scores climbing to the current score.
  const score = current ?? (raider ? 1800 + Math.round(random() * 1300) : null);
  if (score !== null) {
    const weekly = 20 + random() * 80;
    for (let w = 9; w >= 0; w--) {
      scores.push({
        communityId,
        characterId: c.id,
        memberId: c.memberId,
        characterName: c.name,
        score: Math.max(0, Math.round((score - w * weekly) * 10) / 10),
        source: 'raiderio',
        at: new Date(now.getTime() - (w * 7 + 1) * DAY_MS),
      });
    }
    const level = Math.max(2, Math.round(score / 190));
    runs.push(
      ...DUNGEONS.map((d) => {
        const upgrades = random() < 0.15 ? 0 : 1 + Math.floor(random() * 3);
        const clear = Math.round(d.par * (upgrades === 0 ? 1.08 : 1 - upgrades * 0.1 + random() * 0.05));
        const keyLevel = level + Math.floor(random() * 3) - 1;
        return {
          characterId: c.id,
          communityId,
          season: SEASON,
          dungeon: d.short,
          dungeonName: d.name,
          level: keyLevel,
          clearTimeMs: clear,
          parTimeMs: Math.round(d.par),
          upgrades,
          score: Math.round((keyLevel * 25 + upgrades * 5) * 10) / 10,
          completedAt: new Date(now.getTime() - Math.floor(random() * 60) * DAY_MS),
          url: null,
        };
      }),
    );
  }

  // Parses on the bosses the guild has killed, heroic and mythic.
  let best: number | null = null;
  if (raider) {
    for (const difficulty of ['heroic', 'mythic'] as const) {
      BOSSES.slice(0, PROGRESS[difficulty]).forEach((boss) => {
        const bestPercent = Math.min(100, Math.round(random() ** 0.7 * 1000) / 10);
        const medianPercent = Math.round(bestPercent * (0.6 + random() * 0.35) * 10) / 10;
        rows.push({
          characterId: c.id,
          communityId,
          zoneId: ZONE.id,
          encounterId: boss.id,
          difficulty,
          encounterName: boss.name,
          bestPercent,
          medianPercent,
          kills: 1 + Math.floor(random() * (difficulty === 'mythic' ? 3 : 9)),
          spec,
          updatedAt: now,
        });
        if (difficulty === 'mythic') best = best === null ? bestPercent : Math.max(best, bestPercent);
      });
    }
  }
  return {
    scores,
    runs,
    parses: rows,
    enrichment: { id: c.id, spec, role, itemLevel, bestParse: best, externalStatus: null },
  };
}
