import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { BotCommand, BotCommandOption } from './feature';
import { localizations } from './i18n';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's rules for a command or option name: 1–32 characters, lowercase where one exists. */
function checkName(name: string): string {
  if (!NAME.test(name) || name !== name.toLowerCase())
    throw new Error(`invalid Discord command name: ${name}`);
  return name;
}

function checkDescription(text: string): string {
  if (text.length < 1 || text.length > 100)
    throw new Error(`command description of ${text.length} characters (1–100)`);
  return text;
}

/**
 * A command as Discord's bulk overwrite takes it: English default names and descriptions,
 * the Spanish ones under es-ES and es-419. Payloads keep the default names, so the router
 * finds a command by its English name whatever the user's language.
 */
export function commandPayload(command: BotCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  checkName(command.name.en);
  checkName(command.name.es);
  if ((command.options?.length ?? 0) > 25) throw new Error(`/${command.name.en} has more than 25 options`);
  return {
    name: command.name.en,
    name_localizations: localizations(command.name),
    description: checkDescription(command.description.en),
    description_localizations: localizations({ en: '', es: checkDescription(command.description.es) }),
    // Discord hides Manage Server commands from everyone else; the router checks again.
    ...(command.permission === 'manage-guild' ? { default_member_permissions: String(1n << 5n) } : {}),
    contexts: [0],
    options: optionPayloads(command.options) as RESTPostAPIChatInputApplicationCommandsJSONBody['options'],
  };
}

function optionPayloads(options: readonly BotCommandOption[] | undefined): unknown[] {
  return (options ?? []).map((o) => {
    checkName(o.name.en);
    checkName(o.name.es);
    if ((o.choices?.length ?? 0) > 25) throw new Error(`option ${o.name.en} has more than 25 choices`);
    if (o.choices && o.autocomplete) throw new Error(`option ${o.name.en} has both choices and autocomplete`);
    const subcommand = o.type === ApplicationCommandOptionType.Subcommand;
    return {
      type: o.type,
      name: o.name.en,
      name_localizations: localizations(o.name),
      description: checkDescription(o.description.en),
      description_localizations: localizations({ en: '', es: checkDescription(o.description.es) }),
      ...(subcommand ? { options: optionPayloads(o.options) } : { required: o.required ?? false }),
      ...(o.maxLength === undefined ? {} : { max_length: o.maxLength }),
      ...(o.autocomplete ? { autocomplete: true } : {}),
      ...(o.choices
        ? {
            choices: o.choices.map((c) => ({
              name: c.name.en,
              name_localizations: localizations(c.name),
              value: c.value,
            })),
          }
        : {}),
    };
  });
}
