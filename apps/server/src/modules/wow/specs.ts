import { specsOfClass } from '@guildhall/contracts';
import type { CharacterRole } from '../members';

/**
 * Specialisation names as the addon records them (the game's client language: English or
 * Spanish here) mapped to a role. Names used by two roles are told apart by class.
 */
const tankSpecs: Record<string, string[] | true> = {
  protection: ['WARRIOR', 'PALADIN'],
  protección: ['WARRIOR', 'PALADIN'],
  blood: true,
  sangre: true,
  guardian: true,
  guardián: true,
  brewmaster: true,
  'maestro cervecero': true,
  vengeance: true,
  venganza: true,
};
const healerSpecs: Record<string, string[] | true> = {
  holy: ['PALADIN', 'PRIEST'],
  sagrado: ['PALADIN', 'PRIEST'],
  discipline: true,
  disciplina: true,
  restoration: ['DRUID', 'SHAMAN'],
  restauración: ['DRUID', 'SHAMAN'],
  mistweaver: true,
  'tejedor de niebla': true,
  preservation: true,
  preservación: true,
};
const unknownSpecs = new Set(['', 'unknown', 'desconocido', 'desconocida', 'none', 'ninguna']);

/** The spec as worth storing: null for the addon's "unknown" placeholders. */
export function cleanSpec(spec: string | null): string | null {
  if (spec === null) return null;
  const s = spec.trim();
  return unknownSpecs.has(s.toLowerCase()) ? null : s;
}

export function roleOfSpec(spec: string | null, className: string | null): CharacterRole | null {
  const s = cleanSpec(spec)?.toLowerCase();
  if (!s) return null;
  // The class's own specs (English, the game's canonical names) decide first.
  const own = specsOfClass(className).find((o) => o.name.toLowerCase() === s);
  if (own) return own.role;
  const matches = (table: Record<string, string[] | true>) => {
    const classes = table[s];
    return classes === true || (classes !== undefined && (className === null || classes.includes(className)));
  };
  if (matches(tankSpecs)) return 'tank';
  if (matches(healerSpecs)) return 'healer';
  return 'dps';
}
