import { SPECS } from '@guildhall/combat-log';
import { isSpecOfClass, specsOfClass, WOW_CLASS_SPECS, wowClassToken } from '@guildhall/contracts';
import { GENERATOR_SPECS } from '@guildhall/telemetry-gen';
import { describe, expect, it } from 'vitest';
import { roleOfSpec } from './specs';

describe('the class → specs table', () => {
  it("is the game's: the same 39 specs and roles as the combat log's spec IDs", () => {
    const fromIds = [...SPECS.values()]
      .map((s) => `${wowClassToken(s.className)}:${s.name}:${s.role}`)
      .sort();
    const table = Object.entries(WOW_CLASS_SPECS)
      .flatMap(([cls, specs]) => specs.map((s) => `${cls}:${s.name}:${s.role}`))
      .sort();
    expect(table).toHaveLength(39);
    expect(table).toEqual(fromIds);
  });

  it('knows what a class has and has not', () => {
    expect(specsOfClass('Death Knight').map((s) => s.name)).toEqual(['Blood', 'Frost', 'Unholy']);
    expect(isSpecOfClass('MAGE', 'frost')).toBe(true);
    expect(isSpecOfClass('ROGUE', 'Frost')).toBe(false);
    expect(isSpecOfClass('WARLOCK', 'Frost')).toBe(false);
    expect(specsOfClass('BARD')).toEqual([]);
  });

  it("covers the telemetry generator's specs", () => {
    expect(GENERATOR_SPECS.filter((s) => !isSpecOfClass(s.className, s.name))).toEqual([]);
  });

  it('gives roles from the table, and from the addon’s Spanish names', () => {
    expect(roleOfSpec('Protection', 'PALADIN')).toBe('tank');
    expect(roleOfSpec('Holy', 'PRIEST')).toBe('healer');
    expect(roleOfSpec('Preservation', 'EVOKER')).toBe('healer');
    expect(roleOfSpec('Augmentation', 'EVOKER')).toBe('dps');
    expect(roleOfSpec('Restauración', 'SHAMAN')).toBe('healer');
    expect(roleOfSpec('Escarcha', 'MAGE')).toBe('dps');
  });
});
