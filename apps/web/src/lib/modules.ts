import type { Community } from '../api/types';
import type { PageId } from '../components/community';

/**
 * The dashboard's pages per module: one list drives the navigation, what a community may open
 * and its home. A community shows the pages of the modules it runs (`community.modules`, which
 * the server sets from its game and an officer may change), so a new module adds its entries
 * here and every community that runs it gets its pages, and no other does.
 */
export interface NavEntry {
  to: string;
  page: PageId;
  /** The module whose pages these are; `admin` pages are there for every community. */
  module: string;
  key: string;
  exact?: boolean;
}

export const navEntries: NavEntry[] = [
  { to: '/c/$cid', page: 'home', module: 'wow', key: 'nav.home', exact: true },
  { to: '/c/$cid/osrs', page: 'osrs', module: 'osrs', key: 'osrs.nav' },
  { to: '/c/$cid/dota/draft', page: 'dota', module: 'dota', key: 'dota.nav.draft' },
  { to: '/c/$cid/roster', page: 'roster', module: 'wow', key: 'nav.roster' },
  { to: '/c/$cid/mythic-plus', page: 'leaderboard', module: 'wow', key: 'nav.mythic' },
  { to: '/c/$cid/raid', page: 'raid', module: 'wow', key: 'nav.raid' },
  { to: '/c/$cid/logs', page: 'logs', module: 'telemetry', key: 'nav.logs' },
  { to: '/c/$cid/dota/explorer', page: 'dota', module: 'dota', key: 'dota.nav.explorer' },
  { to: '/c/$cid/dota/my-heroes', page: 'dota', module: 'dota', key: 'dota.nav.myHeroes' },
  { to: '/c/$cid/events', page: 'events', module: 'events', key: 'nav.events' },
  { to: '/c/$cid/admin', page: 'admin', module: 'admin', key: 'nav.admin' },
];

/** The module each page belongs to (a page shared by modules is not listed: every community has it). */
const pageModule: Partial<Record<PageId, string>> = {
  home: 'wow',
  roster: 'wow',
  member: 'wow',
  leaderboard: 'wow',
  raid: 'wow',
  logs: 'telemetry',
  events: 'events',
  tickets: 'events',
  osrs: 'osrs',
  osrsPurge: 'osrs',
  dota: 'dota',
};

export const pageRuns = (community: Pick<Community, 'modules'>, page: PageId): boolean => {
  const module = pageModule[page];
  return module === undefined || community.modules.includes(module);
};

/** Each game's own module first: its first page is the community's home. */
const gameModules: Record<string, string[]> = {
  wow: ['wow', 'telemetry', 'events'],
  osrs: ['osrs', 'events'],
  dota: ['dota', 'events'],
  racing: ['events'],
};

/**
 * Where `/c/$cid` leads: the first page, in the game's order of modules, of a module the
 * community runs (an OSRS clan's overview, a dota team's draft board, a racing league's
 * events); `null` when that is the WoW home itself, which lives at `/c/$cid`.
 */
export function homePath(community: Pick<Community, 'game' | 'modules'>): string | null {
  const order = [...(gameModules[community.game] ?? []), ...community.modules];
  for (const module of order) {
    if (!community.modules.includes(module)) continue;
    const entry = navEntries.find((e) => e.module === module);
    if (entry) return entry.to === '/c/$cid' ? null : entry.to;
  }
  return '/c/$cid/admin';
}

/** The entries a community's navigation shows: those of its modules; its home first. */
export function navFor(community: Pick<Community, 'game' | 'modules'>): NavEntry[] {
  const home = homePath(community);
  const entries = navEntries.filter((e) => e.module === 'admin' || community.modules.includes(e.module));
  const first = entries.find((e) => e.to === home);
  return first ? [first, ...entries.filter((e) => e !== first)] : entries;
}
