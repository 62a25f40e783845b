import type { TTelemetryClass, TTelemetryRole } from '@guildhall/contracts';

/** A specialisation as COMBATANT_INFO names it (its numeric spec ID). */
export interface Spec {
  /** Class in the telemetry model's words; `demon_hunter` and `evoker` are outside its enum. */
  className: TTelemetryClass | 'demon_hunter' | 'evoker';
  role: TTelemetryRole;
  name: string;
}

const S = (className: Spec['className'], role: TTelemetryRole, name: string): Spec => ({
  className,
  role,
  name,
});

/** Spec IDs of the game (ChrSpecialization), every class. */
export const SPECS: ReadonlyMap<number, Spec> = new Map([
  [71, S('warrior', 'dps', 'Arms')],
  [72, S('warrior', 'dps', 'Fury')],
  [73, S('warrior', 'tank', 'Protection')],
  [65, S('paladin', 'healer', 'Holy')],
  [66, S('paladin', 'tank', 'Protection')],
  [70, S('paladin', 'dps', 'Retribution')],
  [253, S('hunter', 'dps', 'Beast Mastery')],
  [254, S('hunter', 'dps', 'Marksmanship')],
  [255, S('hunter', 'dps', 'Survival')],
  [259, S('rogue', 'dps', 'Assassination')],
  [260, S('rogue', 'dps', 'Outlaw')],
  [261, S('rogue', 'dps', 'Subtlety')],
  [256, S('priest', 'healer', 'Discipline')],
  [257, S('priest', 'healer', 'Holy')],
  [258, S('priest', 'dps', 'Shadow')],
  [250, S('death_knight', 'tank', 'Blood')],
  [251, S('death_knight', 'dps', 'Frost')],
  [252, S('death_knight', 'dps', 'Unholy')],
  [262, S('shaman', 'dps', 'Elemental')],
  [263, S('shaman', 'dps', 'Enhancement')],
  [264, S('shaman', 'healer', 'Restoration')],
  [62, S('mage', 'dps', 'Arcane')],
  [63, S('mage', 'dps', 'Fire')],
  [64, S('mage', 'dps', 'Frost')],
  [265, S('warlock', 'dps', 'Affliction')],
  [266, S('warlock', 'dps', 'Demonology')],
  [267, S('warlock', 'dps', 'Destruction')],
  [268, S('monk', 'tank', 'Brewmaster')],
  [269, S('monk', 'dps', 'Windwalker')],
  [270, S('monk', 'healer', 'Mistweaver')],
  [102, S('druid', 'dps', 'Balance')],
  [103, S('druid', 'dps', 'Feral')],
  [104, S('druid', 'tank', 'Guardian')],
  [105, S('druid', 'healer', 'Restoration')],
  [577, S('demon_hunter', 'dps', 'Havoc')],
  [581, S('demon_hunter', 'tank', 'Vengeance')],
  [1467, S('evoker', 'dps', 'Devastation')],
  [1468, S('evoker', 'healer', 'Preservation')],
  [1473, S('evoker', 'dps', 'Augmentation')],
]);
