import type { AppContext } from '../../core/context';
import { latestActivityAt } from '../activity';
import { listBronze } from './bronze';
import { communityRoster, writeGeneratedRaids } from './generated';
import { runCommunityPipeline } from './lake';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const NIGHTS = 8;
/**
 * Manaforge Omega, the demo guild's current raid: a night works through it in order. Short
 * names: the event model keeps 12 characters of a name.
 */
const BOSSES = ['Plexus', "Loom'ithar", 'Naazindhri', 'Araz', 'Fractillus'];

/**
 * The demo guild's raid logs: eight weekly raid nights played by its own members, each a few
 * pulls of the raid's bosses in order (wipes included), sent to bronze as a telemetry client
 * would and refined by the pipeline, so the raid pages, the pull pages and the profiles' raid
 * history show what a real guild's would. Seeded once: a community with bronze keeps it.
 */
export async function seedTelemetryDemo(ctx: AppContext, communityId: string): Promise<void> {
  if ((await listBronze(ctx.store, communityId)).length > 0) return;
  const roster = await communityRoster(ctx.db, communityId, 20);
  // The data ends where the demo's other data ends: its last upload.
  const end = ((await latestActivityAt(ctx.db, communityId)) ?? new Date()).getTime();
  const lastNight = Math.floor(end / DAY_MS) * DAY_MS - DAY_MS + 19 * 60 * MINUTE_MS;
  for (let night = 0; night < NIGHTS; night++) {
    const start = lastNight - (NIGHTS - 1 - night) * 7 * DAY_MS;
    // Later nights get further: two bosses on the first night, all five by the last.
    const bosses = BOSSES.slice(0, Math.min(BOSSES.length, 2 + Math.floor(night / 2)));
    let at = start;
    for (const [b, boss] of bosses.entries()) {
      // The newest boss of a night takes a few attempts.
      const attempts = b === bosses.length - 1 ? 3 : 1;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const durationSeconds = 200 + ((night * 7 + b * 13 + attempt * 29) % 180);
        await writeGeneratedRaids(
          ctx.store,
          communityId,
          {
            seed: `guildhall-demo:${night}:${b}:${attempt}`,
            raids: 1,
            firstRaid: night + 1,
            eventsPerRaid: 900,
            start: at,
            roster,
            boss,
            durationSeconds,
            // Every attempt but the last is a wipe, most likely: the boss outlasts the raid.
            bossHealth: attempt < attempts - 1 ? 2 : 1,
          },
          end,
          `demo-b${b}a${attempt}`,
        );
        // The next pull starts after a break longer than the lake's five-minute pull gap.
        at += durationSeconds * 1000 + 8 * MINUTE_MS;
      }
    }
  }
  await runCommunityPipeline(ctx, communityId, 'run');
}
