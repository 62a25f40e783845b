import type { TDotaDraftMode, TDotaDraftStep, TDotaSide } from '@guildhall/contracts';

/**
 * Captain's Mode as played since patch 7.34 (August 2023; unchanged in the patches since):
 * 24 steps, 14 bans and 10 picks. With F the first-pick team and S the other:
 *   ban phase 1  F S S F S S F   (F 3 bans, S 4)
 *   pick phase 1 F S
 *   ban phase 2  F F S           (F 2, S 1)
 *   pick phase 2 S F F S S F
 *   ban phase 3  F S S F
 *   pick phase 3 F S
 * Sources: Valve's 7.34 patch notes (dota2.com/patches/7.34, "Captains Mode draft order"), the
 * Dota 2 wiki's Captains Mode page, and the coverage of the change ("bans 3-2-2 / 4-1-2, picks
 * 1-3-1 per phase", fragster.com and gosugamers.net, August 2023).
 */
const CAPTAINS_MODE: readonly (readonly ['ban' | 'pick', 'F' | 'S'])[] = [
  ['ban', 'F'],
  ['ban', 'S'],
  ['ban', 'S'],
  ['ban', 'F'],
  ['ban', 'S'],
  ['ban', 'S'],
  ['ban', 'F'],
  ['pick', 'F'],
  ['pick', 'S'],
  ['ban', 'F'],
  ['ban', 'F'],
  ['ban', 'S'],
  ['pick', 'S'],
  ['pick', 'F'],
  ['pick', 'F'],
  ['pick', 'S'],
  ['pick', 'S'],
  ['pick', 'F'],
  ['ban', 'F'],
  ['ban', 'S'],
  ['ban', 'S'],
  ['ban', 'F'],
  ['pick', 'F'],
  ['pick', 'S'],
];

export const other = (side: TDotaSide): TDotaSide => (side === 'radiant' ? 'dire' : 'radiant');

/** The steps of a draft, in order. All Pick: `bansPerSide` alternating bans, then ten alternating picks. */
export function draftOrder(
  mode: TDotaDraftMode,
  firstPick: TDotaSide,
  bansPerSide: number,
): TDotaDraftStep[] {
  const second = other(firstPick);
  if (mode === 'captains_mode') {
    return CAPTAINS_MODE.map(([kind, who]) => ({ kind, side: who === 'F' ? firstPick : second }));
  }
  const steps: TDotaDraftStep[] = [];
  for (let i = 0; i < bansPerSide * 2; i++)
    steps.push({ kind: 'ban', side: i % 2 === 0 ? firstPick : second });
  for (let i = 0; i < 10; i++) steps.push({ kind: 'pick', side: i % 2 === 0 ? firstPick : second });
  return steps;
}
