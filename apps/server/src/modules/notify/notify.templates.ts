import {
  DISCORD_LIMITS,
  type DiscordMessage,
  fitDiscordMessage,
  listWithMore,
  escapeDiscordMarkdown as md,
  plainDiscordText,
} from '../../core/outbound/discord-message';
import type { AlertKind } from './notify.tables';

export type Language = 'en' | 'es';

/**
 * What each alert says, before it is put into words. Joins and leaves come one by one or,
 * many at once (a first upload), as one summary naming them all.
 */
export type Alert =
  | { kind: 'new_member' | 'member_left'; name: string }
  | { kind: 'new_member' | 'member_left'; names: string[] }
  | { kind: 'score_milestone'; name: string; threshold: number; score: number }
  | { kind: 'online_record'; count: number; day: string }
  | { kind: 'boss_kill'; boss: string; difficulty: string; zone: string | null };

type Of<K extends Alert['kind']> = Extract<Alert, { kind: K }>;
type Words = { title: string; description: string };

const difficulties: Record<Language, Record<string, string>> = {
  en: { lfr: 'LFR', normal: 'Normal', heroic: 'Heroic', mythic: 'Mythic' },
  es: { lfr: 'Buscador', normal: 'Normal', heroic: 'Heroico', mythic: 'Mítico' },
};

const number = (lang: Language, n: number) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US', { maximumFractionDigits: 1 }).format(n);

interface LanguageTexts {
  /** `list` holds names already escaped and cut to fit. */
  joined: (count: number, list: string) => Words;
  left: (count: number, list: string) => Words;
  /** The tail of a cut list. */
  more: (n: number) => string;
  single: {
    new_member: (a: { name: string }) => Words;
    member_left: (a: { name: string }) => Words;
    score_milestone: (a: Of<'score_milestone'>) => Words;
    online_record: (a: Of<'online_record'>) => Words;
    boss_kill: (a: Of<'boss_kill'>) => Words;
  };
  test: (community: string) => Words;
}

const texts: Record<Language, LanguageTexts> = {
  en: {
    joined: (count, list) => ({
      title: 'New members',
      description: `**${count}** members joined the guild: ${list}.`,
    }),
    left: (count, list) => ({
      title: 'Members left',
      description: `**${count}** members left the guild: ${list}.`,
    }),
    more: (n) => ` and ${n} more`,
    single: {
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
        description: `**${md(a.boss)}** (${difficulties.en[a.difficulty] ?? md(a.difficulty)}) is down for the first time${a.zone ? ` in ${md(a.zone)}` : ''}!`,
      }),
    },
    test: (community) => ({
      title: 'Test message',
      description: `Guildhall can post to this webhook for **${md(community)}**.`,
    }),
  },
  es: {
    joined: (count, list) => ({
      title: 'Nuevos miembros',
      description: `**${count}** miembros se han unido a la hermandad: ${list}.`,
    }),
    left: (count, list) => ({
      title: 'Miembros fuera',
      description: `**${count}** miembros han dejado la hermandad: ${list}.`,
    }),
    more: (n) => ` y ${n} más`,
    single: {
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
        description: `¡**${md(a.boss)}** (${difficulties.es[a.difficulty] ?? md(a.difficulty)}) ha caído por primera vez${a.zone ? ` en ${md(a.zone)}` : ''}!`,
      }),
    },
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
  // Cut to Discord's limits as the last step: a message over them would be refused whole.
  return fitDiscordMessage({
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
  });
}

/**
 * A summary naming as many members as the embed holds, then "and N more": the description
 * may take 4,096 characters, and the embed's title, description and footer 6,000 together.
 */
function summary(
  say: (count: number, list: string) => Words,
  more: (n: number) => string,
  names: string[],
  footer: string,
): Words {
  const fixed = say(names.length, '');
  const room =
    Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - fixed.title.length - footer.length) -
    fixed.description.length;
  return say(names.length, listWithMore(names.map(md), room, more));
}

/** An alert as a Discord message with one embed, in the community's language. */
export function renderAlert(alert: Alert, lang: Language, community: string, at: Date): DiscordMessage {
  const t = texts[lang];
  const footer = plainDiscordText(community);
  let words: Words;
  if ('names' in alert)
    words = summary(alert.kind === 'new_member' ? t.joined : t.left, t.more, alert.names, footer);
  else words = (t.single[alert.kind] as (a: Alert) => Words)(alert);
  return embed(words, colours[alert.kind], at, footer);
}

export function renderTest(lang: Language, community: string, at: Date): DiscordMessage {
  return embed(texts[lang].test(community), colours.test, at, plainDiscordText(community));
}
