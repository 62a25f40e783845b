/**
 * The game's own Spanish names (the esES/esMX client's, as Wowhead's Spanish site shows them)
 * for names the server keeps in English as data: specializations, Mythic+ dungeons, raids and
 * their bosses. A name the game has no Spanish for, or one not listed, stays as it is.
 */
export const gameNamesEs = {
  spec: {
    // Death Knight, Demon Hunter, Druid, Evoker, Hunter, Mage, Monk, Paladin, Priest, Rogue, Shaman, Warlock, Warrior.
    Blood: 'Sangre',
    Frost: 'Escarcha',
    Unholy: 'Profano',
    Havoc: 'Devastación',
    Vengeance: 'Venganza',
    Balance: 'Equilibrio',
    Feral: 'Feral',
    Guardian: 'Guardián',
    Restoration: 'Restauración',
    Devastation: 'Devastación',
    Preservation: 'Preservación',
    Augmentation: 'Aumento',
    'Beast Mastery': 'Bestias',
    Marksmanship: 'Puntería',
    Survival: 'Supervivencia',
    Arcane: 'Arcano',
    Fire: 'Fuego',
    Brewmaster: 'Maestro cervecero',
    Mistweaver: 'Tejedor de niebla',
    Windwalker: 'Viajero del viento',
    Holy: 'Sagrado',
    Protection: 'Protección',
    Retribution: 'Reprensión',
    Discipline: 'Disciplina',
    Shadow: 'Sombra',
    Assassination: 'Asesinato',
    Outlaw: 'Forajido',
    Subtlety: 'Sutileza',
    Elemental: 'Elemental',
    Enhancement: 'Mejora',
    Affliction: 'Aflicción',
    Demonology: 'Demonología',
    Destruction: 'Destrucción',
    Arms: 'Armas',
    Fury: 'Furia',
  },
  /** The War Within season 3 Mythic+ dungeons. */
  dungeon: {
    'Ara-Kara, City of Echoes': 'Ara-Kara, Ciudad de los Ecos',
    "Eco-Dome Al'dani": "Ecodomo Al'dani",
    'The Dawnbreaker': 'El Rompealbas',
    'Priory of the Sacred Flame': 'Priorato de la Llama Sagrada',
    'Operation: Floodgate': 'Operación: Compuerta',
    'Halls of Atonement': 'Salas de la Expiación',
    "Tazavesh: So'leah's Gambit": "Tazavesh: Gambito de So'leah",
  },
  /** Raids (Warcraft Logs zones) and their bosses. */
  raid: {
    'Manaforge Omega': 'Forja de Maná Omega',
    'Liberation of Undermine': 'Liberación de Minahonda',
    'Nerub-ar Palace': "Palacio Nerub'ar",
    'Plexus Sentinel': 'Centinela del plexo',
    "Loom'ithar": "Loom'ithar",
    'Soulbinder Naazindhri': 'Vinculadora de almas Naazindhri',
    'Forgeweaver Araz': 'Tejeforjas Araz',
    'The Soul Hunters': 'Los cazaalmas',
    Fractillus: 'Fractillus',
    'Nexus-King Salhadaar': 'Rey-nexo Salhadaar',
    'Dimensius, the All-Devouring': 'Dimensius el Devoratodo',
  },
} as const satisfies Record<string, Record<string, string>>;

export type GameNameKind = keyof typeof gameNamesEs;

/** The name in the given language: Spanish where the game has one, else the canonical English. */
export function gameName(kind: GameNameKind, name: string, language: string): string {
  if (language !== 'es') return name;
  return (gameNamesEs[kind] as Record<string, string>)[name] ?? name;
}
