import { DiscordAPIError, type REST } from 'discord.js';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { toCallback } from './callback';
import { CommandLogWriter } from './command-log-writer';
import { commandPayload } from './command-payload';
import { DiscordErrorCode } from './discord-actions';
import {
  type AutocompleteChoice,
  type BotCommand,
  type BotComponent,
  type BotFeature,
  type BotPermission,
  BotRefusal,
  type InteractionContext,
} from './feature';
import { type L10n, messages, translate } from './i18n';
import { buildInteractionContext } from './interaction-context';
import { findLink } from './links';
import { canUseModule, managesGuild } from './permissions';

/** How one interaction gets its answer: in the HTTP response, or by the REST callback (gateway). */
export interface InteractionResponder {
  transport: 'http' | 'gateway';
  respond(body: APIInteractionResponse): Promise<void>;
}

type Target =
  | { kind: 'command'; name: string; def: BotCommand }
  | { kind: 'component' | 'modal'; name: string; def: BotComponent }
  | { kind: 'command' | 'component' | 'modal'; name: string; def: undefined };

const ephemeralText = (content: string): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
});

/**
 * The one router of the bot: commands by name, components and modals by the `module:action`
 * of their custom_id. The gateway and the HTTP endpoint hand every interaction here; each
 * is checked (server linked, permission), handled, answered through its responder and
 * written to the command log.
 */
export class BotRouter {
  private readonly commands = new Map<string, BotCommand>();
  private readonly components = new Map<string, BotComponent>();
  private readonly modals = new Map<string, BotComponent>();
  private readonly pending = new Set<Promise<void>>();
  private readonly commandLog: CommandLogWriter;

  constructor(
    private readonly app: AppContext,
    readonly rest: REST,
    features: readonly BotFeature[],
    private readonly now: () => number = () => performance.now(),
  ) {
    this.commandLog = new CommandLogWriter(app);
    for (const f of features) {
      for (const c of f.commands ?? []) {
        if (this.commands.has(c.name.en)) throw new Error(`two bot commands are named /${c.name.en}`);
        this.commands.set(c.name.en, c);
      }
      for (const [kind, list, map] of [
        ['component', f.components, this.components],
        ['modal', f.modals, this.modals],
      ] as const) {
        for (const c of list ?? []) {
          const key = `${f.module}:${c.action}`;
          if (map.has(key)) throw new Error(`two bot ${kind}s answer ${key}`);
          map.set(key, c);
        }
      }
    }
  }

  /** The commands a server gets: all once linked, else only those that work before a link. */
  commandPayloads(linked: boolean): RESTPutAPIApplicationGuildCommandsJSONBody {
    return [...this.commands.values()].filter((c) => linked || c.beforeLink).map(commandPayload);
  }

  /** Resolves once every interaction handed in so far was answered and logged. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.commandLog.settled();
  }

  /** Handles one interaction; never throws (failures are answered, logged and recorded). */
  dispatch(
    interaction: APIInteraction,
    responder: InteractionResponder,
    receivedAt = this.now(),
  ): Promise<void> {
    const run = this.handle(interaction, responder, receivedAt);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return run;
  }

  private target(interaction: APIInteraction): Target | undefined {
    switch (interaction.type) {
      case InteractionType.ApplicationCommand: {
        const name = interaction.data.name;
        return { kind: 'command', name, def: this.commands.get(name) } as Target;
      }
      case InteractionType.MessageComponent:
      case InteractionType.ModalSubmit: {
        const i = interaction as APIMessageComponentInteraction | APIModalSubmitInteraction;
        const [module = '', action = ''] = i.data.custom_id.split(':');
        const name = `${module}:${action}`;
        const kind = interaction.type === InteractionType.ModalSubmit ? 'modal' : 'component';
        return { kind, name, def: (kind === 'modal' ? this.modals : this.components).get(name) } as Target;
      }
      default:
        return undefined;
    }
  }

  /**
   * Autocomplete: the typed option's suggestions, at most 25 (Discord's limit), each name and
   * value cut to 100 characters. Anyone the command would refuse, or a failing handler, gets
   * an empty list. Keystrokes are not written to the command log: the command itself is.
   */
  private async suggest(
    interaction: APIApplicationCommandAutocompleteInteraction,
  ): Promise<AutocompleteChoice[]> {
    const command = this.commands.get(interaction.data.name);
    const focused = focusedOption(interaction.data.options);
    const scope = focused?.subcommand
      ? command?.options?.find((o) => o.name.en === focused.subcommand)?.options
      : command?.options;
    const option = scope?.find((o) => o.name.en === focused?.name);
    if (!command || !focused || !option?.autocomplete) return [];
    try {
      const link = interaction.guild_id ? await findLink(this.app, interaction.guild_id) : undefined;
      if (!command.beforeLink && !link) return [];
      const { ctx } = buildInteractionContext(this.app, this.rest, interaction, link);
      if (!(await this.allowed(ctx, command.permission))) return [];
      const choices = await option.autocomplete(ctx, focused.value);
      return choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
    } catch (err) {
      this.app.log.error({ err, interaction: command.name.en }, 'bot autocomplete failed');
      return [];
    }
  }

  private async allowed(ctx: InteractionContext, permission: BotPermission): Promise<boolean> {
    if (permission === 'everyone') return true;
    if (!ctx.member) return false;
    if (permission === 'manage-guild') return managesGuild(ctx.member);
    if (!ctx.link) return false;
    return canUseModule(this.app.db, ctx.link.communityId, ctx.member, permission);
  }

  private async handle(interaction: APIInteraction, responder: InteractionResponder, receivedAt: number) {
    const at = new Date(Date.now() - Math.max(0, this.now() - receivedAt));
    if (interaction.type === InteractionType.Ping) {
      await responder.respond({ type: InteractionResponseType.Pong });
      return;
    }
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      await responder.respond({
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: await this.suggest(interaction) },
      });
      return;
    }
    const link = interaction.guild_id ? await findLink(this.app, interaction.guild_id) : undefined;
    const { ctx, tasks } = buildInteractionContext(this.app, this.rest, interaction, link);
    const target = this.target(interaction);
    let outcome = 'ok';
    let answer: APIInteractionResponse;
    const refuse = (code: string, text: L10n, vars?: Record<string, string | number>) => {
      outcome = code;
      answer = ephemeralText(translate(text, ctx.lang, vars));
    };
    try {
      if (!target?.def) {
        refuse('UNKNOWN_TARGET', target?.kind === 'command' ? messages.failed : messages.expired);
      } else if (target.kind === 'command' && !target.def.beforeLink && !link) {
        refuse('NOT_LINKED', ctx.member ? messages.notLinked : messages.guildOnly);
      } else if (!(await this.allowed(ctx, target.def.permission))) {
        refuse('MISSING_PERMISSION', ctx.member ? messages.missingPermission : messages.guildOnly);
      } else {
        answer = toCallback(await target.def.handler(ctx));
      }
    } catch (err) {
      if (err instanceof BotRefusal) refuse(err.code, err.text, err.vars);
      else {
        this.app.log.error({ err, interaction: target?.name }, 'bot handler failed');
        refuse('INTERNAL', messages.failed);
      }
    }
    try {
      await responder.respond(answer!);
    } catch (err) {
      const expired = err instanceof DiscordAPIError && err.code === DiscordErrorCode.UnknownInteraction;
      outcome = expired ? 'UNKNOWN_INTERACTION' : 'RESPONSE_FAILED';
      tasks.length = 0;
      this.app.log.warn(
        { err, interactionId: interaction.id, interaction: target?.name },
        expired
          ? 'interaction expired before the bot answered (10062)'
          : 'bot could not answer an interaction',
      );
    }
    const latencyMs = Math.max(0, Math.round(this.now() - receivedAt));
    // `/setup` links the server while it runs: its own row belongs to the community it linked.
    const loggedLink =
      link ??
      (interaction.guild_id && outcome === 'ok' ? await findLink(this.app, interaction.guild_id) : undefined);
    this.commandLog.add({
      communityId: loggedLink?.communityId ?? null,
      guildId: interaction.guild_id ?? null,
      channelId: ctx.channelId ?? null,
      userId: ctx.user.id,
      userName: ctx.user.name,
      kind: target?.kind ?? 'unknown',
      name: target?.name ?? 'unknown',
      options: auditOptions(ctx, target?.kind),
      outcome,
      latencyMs,
      transport: responder.transport,
      at,
    });
    for (const task of tasks) {
      await task().catch((err) =>
        this.app.log.error({ err, interaction: target?.name }, 'bot follow-up work failed'),
      );
    }
  }
}

/** The option being typed, and the subcommand it belongs to. */
function focusedOption(
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
  subcommand?: string,
): { name: string; value: string; subcommand?: string } | undefined {
  for (const o of options ?? []) {
    if (
      o.type === ApplicationCommandOptionType.Subcommand ||
      o.type === ApplicationCommandOptionType.SubcommandGroup
    ) {
      const found = focusedOption(
        o.options as APIApplicationCommandInteractionDataOption[] | undefined,
        o.name,
      );
      if (found) return found;
    } else if ('focused' in o && o.focused) {
      return { name: o.name, value: String(o.value), subcommand };
    }
  }
  return undefined;
}

/** What the log keeps of the input: command options and component keys, not modal text. */
function auditOptions(ctx: InteractionContext, kind: string | undefined): Record<string, unknown> {
  if (kind === 'command') return ctx.options;
  if (kind === 'modal') return { key: ctx.customId?.key ?? null, fields: Object.keys(ctx.fields) };
  return { key: ctx.customId?.key ?? null, ...(ctx.values.length > 0 ? { values: ctx.values } : {}) };
}
