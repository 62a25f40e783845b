import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import {
  type BotCommand,
  type BotComponent,
  type BotFeature,
  BotRefusal,
  encodeCustomId,
  type InteractionContext,
  type L10n,
} from '../bot';
import { communityOf, deferred, discordOf, isStaff } from './tickets.interaction';
import * as repo from './tickets.repo';
import {
  claimTicket,
  closeTicket,
  getConfig,
  openTicket,
  reopenTicket,
  saveConfig,
  TICKETS_MODULE,
  ticketMessageComponents,
  ticketOrRefuse,
} from './tickets.service';
import { ticketText } from './tickets.text';

function open(ctx: InteractionContext, subject: string) {
  const communityId = communityOf(ctx);
  return deferred(ctx, async () => {
    const ticket = await openTicket(ctx.app, discordOf(ctx), {
      communityId,
      guildId: ctx.guildId!,
      opener: ctx.user,
      subject,
      lang: ctx.lang,
    });
    return { text: ticketText.opened, vars: { number: ticket.number, channel: ticket.channelId! } };
  });
}

const text = (en: string, es: string): L10n => ({ en, es });

export const ticketCommands: BotCommand[] = [
  {
    name: text('ticket', 'ticket'),
    description: text('Open a private ticket with the staff', 'Abre un ticket privado con el staff'),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: text('subject', 'asunto'),
        description: text('What it is about', 'De qué se trata'),
        maxLength: 200,
      },
    ],
    permission: 'everyone',
    handler: async (ctx) => {
      const communityId = communityOf(ctx);
      if (!(await repo.findConfig(ctx.app.db, communityId)))
        throw new BotRefusal('TICKETS_NOT_SET_UP', ticketText.notSetUp);
      return open(ctx, String(ctx.options.subject ?? ''));
    },
  },
  {
    name: text('ticket-panel', 'panel-tickets'),
    description: text('Post a button that opens tickets', 'Publica un botón que abre tickets'),
    permission: 'tickets',
    handler: async (ctx) => ({
      type: 'message',
      ephemeral: false,
      content: ctx.t(ticketText.panel),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              label: ctx.t(ticketText.openButton),
              custom_id: encodeCustomId({ module: TICKETS_MODULE, action: 'ticket-panel', key: '' }),
            },
          ],
        },
      ],
    }),
  },
  {
    name: text('ticket-config', 'configurar-tickets'),
    description: text(
      'Set the ticket staff role, category and log channel',
      'Configura rol de staff, categoría y canal de registro de tickets',
    ),
    options: [
      {
        type: ApplicationCommandOptionType.Role,
        name: text('staff-role', 'rol-staff'),
        description: text(
          'A role that handles tickets (again to remove it)',
          'Un rol que atiende tickets (otra vez para quitarlo)',
        ),
      },
      {
        type: ApplicationCommandOptionType.Channel,
        name: text('log-channel', 'canal-registro'),
        description: text(
          'Where closed tickets’ transcripts go',
          'Dónde van las transcripciones de los tickets cerrados',
        ),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: text('category', 'categoria'),
        description: text('The ticket category’s name', 'El nombre de la categoría de tickets'),
        maxLength: 90,
      },
    ],
    permission: 'tickets',
    handler: async (ctx) => {
      const communityId = communityOf(ctx);
      const current = (await getConfig(ctx.app.db, communityId)) ?? {
        staffRoleIds: [],
        categoryName: 'Tickets',
        logChannelId: null,
      };
      const role = ctx.options['staff-role'];
      const roles =
        typeof role === 'string'
          ? current.staffRoleIds.includes(role)
            ? current.staffRoleIds.filter((r) => r !== role)
            : [...current.staffRoleIds, role]
          : current.staffRoleIds;
      const saved = await saveConfig(
        ctx.app.db,
        communityId,
        {
          staffRoleIds: roles,
          categoryName:
            typeof ctx.options.category === 'string'
              ? ctx.options.category.trim() || 'Tickets'
              : current.categoryName,
          logChannelId:
            typeof ctx.options['log-channel'] === 'string'
              ? ctx.options['log-channel']
              : current.logChannelId,
        },
        ctx.user.id,
      );
      return {
        type: 'message',
        content: ctx.t(ticketText.configSaved, {
          roles: saved.staffRoleIds.map((r) => `<@&${r}>`).join(', ') || ctx.t(ticketText.none),
          category: saved.categoryName,
          log: saved.logChannelId ? `<#${saved.logChannelId}>` : ctx.t(ticketText.notLogged),
        }),
      };
    },
  },
];

export const ticketComponents: BotComponent[] = [
  {
    action: 'ticket-panel',
    permission: 'everyone',
    handler: async (ctx) => {
      const communityId = communityOf(ctx);
      if (!(await repo.findConfig(ctx.app.db, communityId)))
        throw new BotRefusal('TICKETS_NOT_SET_UP', ticketText.notSetUp);
      return {
        type: 'modal',
        modal: {
          custom_id: encodeCustomId({ module: TICKETS_MODULE, action: 'ticket-subject', key: '' }),
          title: ctx.t(ticketText.subjectTitle),
          components: [
            {
              type: ComponentType.Label,
              label: ctx.t(ticketText.subjectLabel),
              component: {
                type: ComponentType.TextInput,
                custom_id: 'subject',
                style: TextInputStyle.Short,
                max_length: 200,
                required: false,
              },
            },
          ],
        },
      };
    },
  },
  {
    action: 'ticket-claim',
    permission: 'everyone',
    handler: async (ctx) => {
      const ticket = await ticketOrRefuse(ctx.app.db, communityOf(ctx), ctx.customId!.key);
      if (!(await isStaff(ctx))) throw new BotRefusal('MISSING_PERMISSION', ticketText.staffOnly);
      const claimed = await claimTicket(ctx.app.db, ticket, ctx.user);
      return {
        type: 'update',
        content: ctx.t(ticketText.claimed, { number: claimed.number, name: ctx.user.name }),
        components: ticketMessageComponents(ctx.lang, claimed),
      };
    },
  },
  {
    action: 'ticket-close',
    permission: 'everyone',
    handler: async (ctx) => {
      const ticket = await ticketOrRefuse(ctx.app.db, communityOf(ctx), ctx.customId!.key);
      if (ticket.openedBy !== ctx.user.id && !(await isStaff(ctx)))
        throw new BotRefusal('MISSING_PERMISSION', ticketText.staffOrOwner);
      return deferred(ctx, async () => {
        let reply = ticketText.closing;
        const done = await closeTicket(
          ctx.app,
          discordOf(ctx),
          ticket,
          ctx.user,
          ctx.lang,
          async ({ messageCount }) => {
            // Said before the channel (and this answer's message with it) goes away.
            await ctx.discord.editOriginal({
              content: ctx.t(ticketText.closing, { number: ticket.number, count: messageCount }),
            });
          },
        );
        if (!done.channelDeleted) reply = ticketText.channelNotDeleted;
        return { text: reply, vars: { number: ticket.number, count: done.messageCount } };
      });
    },
  },
  {
    action: 'ticket-reopen',
    permission: 'everyone',
    handler: async (ctx) => {
      const ticket = await ticketOrRefuse(ctx.app.db, communityOf(ctx), ctx.customId!.key);
      if (!(await isStaff(ctx))) throw new BotRefusal('MISSING_PERMISSION', ticketText.staffOnly);
      return deferred(ctx, async () => {
        const reopened = await reopenTicket(ctx.app, discordOf(ctx), ticket, ctx.user, ctx.lang);
        return {
          text: ticketText.reopened,
          vars: { number: reopened.number, name: ctx.user.name, channel: reopened.channelId! },
        };
      });
    },
  },
];

export const ticketModals: BotComponent[] = [
  {
    action: 'ticket-subject',
    permission: 'everyone',
    handler: async (ctx) => open(ctx, ctx.fields.subject ?? ''),
  },
];

/** The tickets' part of the events module's bot feature, on its own (tests register just this). */
export const ticketsFeature: BotFeature = {
  module: TICKETS_MODULE,
  commands: ticketCommands,
  components: ticketComponents,
  modals: ticketModals,
};
