import type { BotLanguage } from './bot.tables';

/** A text in every language the bot speaks; modules write their replies this way. */
export interface L10n {
  en: string;
  es: string;
}

/** Discord's Spanish locales: commands carry their Spanish names under both. */
export const SPANISH_LOCALES = ['es-ES', 'es-419'] as const;

/** Spanish-speaking users' locales (`es-ES`, `es-419`) read Spanish; everyone else English. */
export function languageOfLocale(locale: string | undefined): BotLanguage {
  return locale?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The server's language when it chose one (`/language`), else the user's own locale. */
export function replyLanguage(
  serverLanguage: BotLanguage | null | undefined,
  userLocale: string | undefined,
) {
  return serverLanguage ?? languageOfLocale(userLocale);
}

/** `{name}` placeholders filled from `vars`. */
export function translate(text: L10n, lang: BotLanguage, vars: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}

/** `name_localizations` / `description_localizations` for a command, an option or a choice. */
export function localizations(text: L10n): Record<string, string> {
  return Object.fromEntries(SPANISH_LOCALES.map((locale) => [locale, text.es]));
}

/** The core's own replies. */
export const messages = {
  notLinked: {
    en: 'This server is not linked to a Guildhall community yet: an owner or officer runs `/setup`.',
    es: 'Este servidor aún no está vinculado a una comunidad de Guildhall: un propietario u oficial ejecuta `/setup`.',
  },
  missingPermission: {
    en: 'You do not have permission to use this here.',
    es: 'No tienes permiso para usar esto aquí.',
  },
  guildOnly: {
    en: 'This command works only inside a server.',
    es: 'Este comando solo funciona dentro de un servidor.',
  },
  failed: {
    en: 'Something went wrong on our side; the error was logged. Please try again.',
    es: 'Algo salió mal por nuestra parte; el error quedó registrado. Inténtalo de nuevo.',
  },
  expired: {
    en: 'This button no longer does anything.',
    es: 'Este botón ya no hace nada.',
  },
  communityNotFound: {
    en: 'No community has the id `{id}`: copy it from the community settings on the web.',
    es: 'Ninguna comunidad tiene el id `{id}`: cópialo de los ajustes de la comunidad en la web.',
  },
  setupNeedsOfficer: {
    en: 'Only an owner or officer of **{community}** can link this server: sign in to Guildhall with Discord first.',
    es: 'Solo un propietario u oficial de **{community}** puede vincular este servidor: inicia sesión en Guildhall con Discord primero.',
  },
  setupDone: {
    en: 'This server is now linked to **{community}**. Commands are being registered.',
    es: 'Este servidor ahora está vinculado a **{community}**. Se están registrando los comandos.',
  },
  languageSet: {
    en: 'From now on I reply in English in this server.',
    es: 'A partir de ahora respondo en español en este servidor.',
  },
} satisfies Record<string, L10n>;
