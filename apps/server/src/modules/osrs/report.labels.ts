type Label = string | ((days: number) => string);

/** The report's sheet names and headers in the community's language. */
export const reportLabels = {
  en: {
    roster: 'Roster',
    bosses: 'Bosses',
    discord: 'Discord activity',
    purge: 'Purge candidates',
    tenure: 'Tenure',
    name: 'Name',
    joined: 'Joined',
    role: 'Rank',
    messages: (d: number) => `Messages ${d}d`,
    xp: (d: number) => `XP ${d}d`,
    kills: (d: number) => `Boss kills ${d}d`,
    total: 'Total',
    boss: 'Boss',
    discordUser: 'Discord user',
    channel: 'Channel',
    days: 'Days in clan',
    deserved: 'Rank by tenure',
    nextRank: 'Next rank',
    dueAt: 'Due on',
    inDays: 'In days',
    purgeNote: (d: number) => `No XP gained and no Discord message in the last ${d} days`,
  },
  es: {
    roster: 'Miembros',
    bosses: 'Jefes',
    discord: 'Actividad Discord',
    purge: 'Candidatos a expulsión',
    tenure: 'Antigüedad',
    name: 'Nombre',
    joined: 'Ingreso',
    role: 'Rango',
    messages: (d: number) => `Mensajes ${d}d`,
    xp: (d: number) => `XP ${d}d`,
    kills: (d: number) => `Jefes ${d}d`,
    total: 'Total',
    boss: 'Jefe',
    discordUser: 'Usuario de Discord',
    channel: 'Canal',
    days: 'Días en el clan',
    deserved: 'Rango por antigüedad',
    nextRank: 'Próximo rango',
    dueAt: 'Fecha',
    inDays: 'Faltan días',
    purgeNote: (d: number) => `Sin XP ganada ni mensajes en Discord en los últimos ${d} días`,
  },
} satisfies Record<'en' | 'es', Record<string, Label>>;

export type ReportLabels = {
  [K in keyof (typeof reportLabels)['en']]: (typeof reportLabels)['en'][K] extends string
    ? string
    : (days: number) => string;
};
