/** WoW classes as the game's tokens, with their official class colours. */
export const classColors: Record<string, string> = {
  DEATHKNIGHT: '#C41E3A',
  DEMONHUNTER: '#A330C9',
  DRUID: '#FF7C0A',
  EVOKER: '#33937F',
  HUNTER: '#AAD372',
  MAGE: '#3FC7EB',
  MONK: '#00FF98',
  PALADIN: '#F48CBA',
  PRIEST: '#FFFFFF',
  ROGUE: '#FFF468',
  SHAMAN: '#0070DD',
  WARLOCK: '#8788EE',
  WARRIOR: '#C69B6D',
};

export const classTokens = Object.keys(classColors);

/** Folds what sources write ("Death Knight", "death-knight", "DEATHKNIGHT") to the token. */
export function classToken(value: string | null | undefined): string | null {
  if (!value) return null;
  const token = value.toUpperCase().replace(/[^A-Z]/g, '');
  return token in classColors ? token : null;
}

export function classColor(value: string | null | undefined): string {
  const token = classToken(value);
  return token ? classColors[token]! : '#9aa4b8';
}

/** Classes that bring Bloodlust / Heroism (or their equivalents: Time Warp, Primal Rage, Fury of the Aspects). */
export const lustClasses = new Set(['SHAMAN', 'MAGE', 'HUNTER', 'EVOKER']);
/** Classes with an in-combat resurrection (Rebirth, Raise Ally, Soulstone, Intercession). */
export const battleResClasses = new Set(['DRUID', 'DEATHKNIGHT', 'WARLOCK', 'PALADIN']);

export type Role = 'tank' | 'healer' | 'dps';
export const roles: Role[] = ['tank', 'healer', 'dps'];

/** Warcraft Logs parse brackets: grey <25, green <50, blue <75, purple <95, orange <99, pink 99, gold 100. */
export function parseColor(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return '#6b7590';
  if (percent >= 100) return '#e5cc80';
  if (percent >= 99) return '#e268a8';
  if (percent >= 95) return '#ff8000';
  if (percent >= 75) return '#a335ee';
  if (percent >= 50) return '#0070ff';
  if (percent >= 25) return '#1eff00';
  return '#9d9d9d';
}

/** Raider.IO-like score colour ramp, so scores read at a glance. */
export function scoreColor(score: number | null | undefined): string {
  if (!score) return '#9aa4b8';
  if (score >= 3000) return '#ff8000';
  if (score >= 2500) return '#a335ee';
  if (score >= 2000) return '#0070ff';
  if (score >= 1500) return '#1eff00';
  return '#e6e9f0';
}

/** `Name-Realm` → `Name`, for tight places; the realm stays in titles. */
export const shortName = (name: string) => name.split('-')[0] ?? name;
