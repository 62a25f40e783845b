/**
 * The guild file the upload and parse benchmarks share: 1,000 members (the guild cap) with
 * ~2.5 years of never-pruned `daily` history and 50,000 snapshots. A year of `daily` alone is
 * ~9 MB, so the history is what brings the file to ~20 MB.
 */
import { generateGuildActivityFile } from '../apps/server/src/modules/wow/demo-file';

export const GUILD_FILE = { members: 1000, days: 900, snapshots: 50_000, seed: 20251230, realm: 'Stormvale' };

export const guildFile = (): string => generateGuildActivityFile(GUILD_FILE);

/** The next day's file: one more snapshot, and one more chat day for a few players. */
export const nextDayFile = (source: string): string =>
  source
    .replace('["stats"] = {\r\n', '["stats"] = {\r\n\t\t[1767142805] = 31,\r\n')
    .replace(/\["daily"\] = \{\r\n/g, (m, offset: number) =>
      offset % 7 === 0 ? `${m}\t\t\t\t["2025-12-31"] = 4,\r\n` : m,
    );
