/**
 * The game's classes and their specialisations: the one table the server (demo seed, role
 * of a spec, checks) and the dashboard use. Names are the game's English names, the
 * canonical data; the dashboard translates them for display.
 */
export type WowRole = 'tank' | 'healer' | 'dps';

export interface WowSpec {
  name: string;
  role: WowRole;
}

const spec = (name: string, role: WowRole): WowSpec => ({ name, role });

/** Class token (as the addon and the game write it) → its specialisations, in the game's order. */
export const WOW_CLASS_SPECS = {
  DEATHKNIGHT: [spec('Blood', 'tank'), spec('Frost', 'dps'), spec('Unholy', 'dps')],
  DEMONHUNTER: [spec('Havoc', 'dps'), spec('Vengeance', 'tank')],
  DRUID: [
    spec('Balance', 'dps'),
    spec('Feral', 'dps'),
    spec('Guardian', 'tank'),
    spec('Restoration', 'healer'),
  ],
  EVOKER: [spec('Devastation', 'dps'), spec('Preservation', 'healer'), spec('Augmentation', 'dps')],
  HUNTER: [spec('Beast Mastery', 'dps'), spec('Marksmanship', 'dps'), spec('Survival', 'dps')],
  MAGE: [spec('Arcane', 'dps'), spec('Fire', 'dps'), spec('Frost', 'dps')],
  MONK: [spec('Brewmaster', 'tank'), spec('Mistweaver', 'healer'), spec('Windwalker', 'dps')],
  PALADIN: [spec('Holy', 'healer'), spec('Protection', 'tank'), spec('Retribution', 'dps')],
  PRIEST: [spec('Discipline', 'healer'), spec('Holy', 'healer'), spec('Shadow', 'dps')],
  ROGUE: [spec('Assassination', 'dps'), spec('Outlaw', 'dps'), spec('Subtlety', 'dps')],
  SHAMAN: [spec('Elemental', 'dps'), spec('Enhancement', 'dps'), spec('Restoration', 'healer')],
  WARLOCK: [spec('Affliction', 'dps'), spec('Demonology', 'dps'), spec('Destruction', 'dps')],
  WARRIOR: [spec('Arms', 'dps'), spec('Fury', 'dps'), spec('Protection', 'tank')],
} as const satisfies Record<string, readonly WowSpec[]>;

export type WowClassToken = keyof typeof WOW_CLASS_SPECS;
export const WOW_CLASSES = Object.keys(WOW_CLASS_SPECS) as WowClassToken[];

/** The highest character level of the current expansion: Mythic+ scores exist only there. */
export const WOW_MAX_LEVEL = 80;

/** Folds what sources write ("Death Knight", "death-knight", "DEATHKNIGHT") to the class token. */
export function wowClassToken(value: string | null | undefined): WowClassToken | null {
  if (!value) return null;
  const token = value.toUpperCase().replace(/[^A-Z]/g, '');
  return token in WOW_CLASS_SPECS ? (token as WowClassToken) : null;
}

/** A class's specialisations; empty for an unknown class. */
export function specsOfClass(className: string | null | undefined): readonly WowSpec[] {
  const token = wowClassToken(className);
  return token ? WOW_CLASS_SPECS[token] : [];
}

/** Whether the class has that specialisation (English name, any case). */
export function isSpecOfClass(className: string | null | undefined, specName: string): boolean {
  const wanted = specName.trim().toLowerCase();
  return specsOfClass(className).some((s) => s.name.toLowerCase() === wanted);
}
