import type { DiscordMessage } from './clients/discord';
import type { AlertKind } from './notify.tables';

export type Language = 'en' | 'es';

/** What each alert says, before it is put into words. */
export type Alert =
  | { kind: 'new_member'; name: string }
  | { kind: 'member_left'; name: string }
  | { kind: 'score_milestone'; name: string; threshold: number; score: number }
  | { kind: 'online_record'; count: number; day: string }
  | { kind: 'boss_kill'; boss: string; difficulty: string; zone: string | null };

type Words = { title: string; description: string };

const difficulties: Record<Language, Record<string, string>> = {
  en: { lfr: 'LFR', normal: 'Normal', heroic: 'Heroic', mythic: 'Mythic' },
  es: { lfr: 'Buscador', normal: 'Normal', heroic: 'Heroico', mythic: 'Mítico' },
};

const number = (lang: Language, n: number) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US', { maximumFractionDigits: 1 }).format(n);

/** Discord markdown in a name would restyle the message: escape it. */
const md = (text: string) => text.replace(/([\\*_~`|>[\]()])/g, '\\$1');

const texts: {
  [L in Language]: { [K in Alert['kind']]: (a: Extract<Alert, { kind: K }>) => Words } & {
    test: (community: string) => Words;
  };
} = {
  en: {
    new_member: (a) => ({ title: 'New member', description: `**${md(a.name)}** joined the guild.` }),
    member_left: (a) => ({ title: 'Member left', description: `**${md(a.name)}** left the guild.` }),
    score_milestone: (a) => ({
      title: 'Mythic+ milestone',
      description: `**${md(a.name)}** reached a Mythic+ score of **${number('en', a.threshold)}** (now ${number('en', a.score)}).`,
    }),
    online_record: (a) => ({
      title: 'GAT report',
      description: `${a.count} members online — record of the day (${a.day}).`,
    }),
    boss_kill: (a) => ({
      title: 'Boss first kill',
      description: `**${md(a.boss)}** (${difficulties.en[a.difficulty] ?? a.difficulty}) is down for the first time${a.zone ? ` in ${md(a.zone)}` : ''}!`,
    }),
    test: (community) => ({
      title: 'Test message',
      description: `Guildhall can post to this webhook for **${md(community)}**.`,
    }),
  },
  es: {
    new_member: (a) => ({
      title: 'Nuevo miembro',
      description: `**${md(a.name)}** se ha unido a la hermandad.`,
    }),
    member_left: (a) => ({
      title: 'Miembro fuera',
      description: `**${md(a.name)}** ha dejado la hermandad.`,
    }),
    score_milestone: (a) => ({
      title: 'Hito de Míticas+',
      description: `**${md(a.name)}** ha alcanzado una puntuación de Míticas+ de **${number('es', a.threshold)}** (ahora ${number('es', a.score)}).`,
    }),
    online_record: (a) => ({
      title: 'Informe GAT',
      description: `${a.count} miembros conectados — récord del día (${a.day}).`,
    }),
    boss_kill: (a) => ({
      title: 'Primera victoria contra un jefe',
      description: `¡**${md(a.boss)}** (${difficulties.es[a.difficulty] ?? a.difficulty}) ha caído por primera vez${a.zone ? ` en ${md(a.zone)}` : ''}!`,
    }),
    test: (community) => ({
      title: 'Mensaje de prueba',
      description: `Guildhall puede publicar en este webhook para **${md(community)}**.`,
    }),
  },
};

const colours: Record<AlertKind | 'test', number> = {
  new_member: 0x2ecc71,
  member_left: 0x95a5a6,
  score_milestone: 0xa335ee,
  online_record: 0x3498db,
  boss_kill: 0xff8000,
  test: 0x5865f2,
};

function embed(words: Words, colour: number, at: Date, footer: string): DiscordMessage {
  return {
    username: 'Guildhall',
    embeds: [
      {
        title: words.title,
        description: words.description,
        color: colour,
        timestamp: at.toISOString(),
        footer: { text: footer },
      },
    ],
  };
}

/** An alert as a Discord message with one embed, in the community's language. */
export function renderAlert(alert: Alert, lang: Language, community: string, at: Date): DiscordMessage {
  const words = (texts[lang][alert.kind] as (a: Alert) => Words)(alert);
  return embed(words, colours[alert.kind], at, community);
}

export function renderTest(lang: Language, community: string, at: Date): DiscordMessage {
  return embed(texts[lang].test(community), colours.test, at, community);
}
