import { ButtonStyle, ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { AppContext } from '../src/core/context';
import { setMembership } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { type BotFeature, BotRefusal, encodeCustomId } from '../src/modules/bot';
import { createUser } from '../src/modules/identity';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { type Actor, discordUser, PERMISSIONS } from './fakes/discord-bot';

/** A Discord user signed in to Guildhall with that account, with a role in the community. */
export async function discordOfficer(ctx: AppContext, communityId: string, name = 'Valeria'): Promise<Actor> {
  const user = discordUser(name);
  const gh = await createUser(ctx.db, { displayName: name, isInstanceOwner: false });
  await ctx.db.insert(linkedAccounts).values({
    userId: gh.id,
    provider: 'discord',
    providerAccountId: user.id,
    displayName: name,
  });
  await setMembership(ctx, communityId, gh.id, { role: 'officer' }, cliActor);
  return { user, permissions: PERMISSIONS.member, locale: 'en-US' };
}

/**
 * What a module plugs into the bot, in miniature: a command that posts a sign-up button, the
 * button (module `signups`, so a grant or Manage Server is needed), a button that DMs the
 * clicker, and a modal.
 */
export const demoFeature: BotFeature = {
  module: 'demo',
  commands: [
    {
      name: { en: 'event', es: 'evento' },
      description: {
        en: 'Post an event with a sign-up button',
        es: 'Publica un evento con botón de inscripción',
      },
      permission: 'everyone',
      handler: async (ctx) => ({
        type: 'message',
        ephemeral: false,
        content: ctx.t({ en: 'Raid night: sign up below', es: 'Noche de banda: inscríbete abajo' }),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: ctx.t({ en: 'Join', es: 'Unirme' }),
                custom_id: encodeCustomId({ module: 'demo', action: 'join', key: 'evt-42' }),
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: ctx.t({ en: 'Remind me', es: 'Recuérdamelo' }),
                custom_id: encodeCustomId({ module: 'demo', action: 'dm', key: 'evt-42' }),
              },
            ],
          },
        ],
      }),
    },
    {
      name: { en: 'standings', es: 'clasificacion' },
      description: {
        en: 'Answers after the 3-second window',
        es: 'Responde después de la ventana de 3 segundos',
      },
      permission: 'everyone',
      handler: async (ctx) => {
        ctx.afterReply(async () => {
          const edited = await ctx.discord.editOriginal({
            content: ctx.t({ en: '1. Ana — 25 pts', es: '1. Ana — 25 ptos' }),
          });
          if (!edited.ok) throw new Error(edited.code);
        });
        return { type: 'defer', ephemeral: false };
      },
    },
    {
      name: { en: 'too-long', es: 'demasiado-largo' },
      description: {
        en: 'Answers with more than Discord allows',
        es: 'Responde con más de lo que Discord permite',
      },
      permission: 'everyone',
      handler: async () => ({ type: 'message', content: 'x'.repeat(2001) }),
    },
  ],
  components: [
    {
      action: 'join',
      permission: 'signups',
      handler: async (ctx) => ({
        type: 'update',
        content: ctx.t(
          { en: '{user} joined {event}', es: '{user} se unió a {event}' },
          { user: ctx.user.name, event: ctx.customId!.key },
        ),
        components: [],
      }),
    },
    {
      action: 'dm',
      permission: 'everyone',
      handler: async (ctx) => {
        const sent = await ctx.discord.sendDm(ctx.user.id, { content: `Reminder for ${ctx.customId!.key}` });
        if (!sent.ok)
          throw new BotRefusal(sent.code, {
            en: 'I cannot send you direct messages: allow DMs from server members to get reminders.',
            es: 'No puedo enviarte mensajes directos: permite los MD de miembros del servidor para recibir recordatorios.',
          });
        return { type: 'message', content: ctx.t({ en: 'Check your DMs.', es: 'Revisa tus MD.' }) };
      },
    },
    {
      action: 'ask',
      permission: 'everyone',
      handler: async (ctx) => ({
        type: 'modal',
        modal: {
          custom_id: encodeCustomId({ module: 'demo', action: 'note', key: ctx.customId!.key }),
          title: ctx.t({ en: 'A note for the organisers', es: 'Una nota para la organización' }),
          components: [
            {
              type: ComponentType.Label,
              label: ctx.t({ en: 'Note', es: 'Nota' }),
              component: {
                type: ComponentType.TextInput,
                custom_id: 'note',
                style: TextInputStyle.Paragraph,
              },
            },
          ],
        },
      }),
    },
  ],
  modals: [
    {
      action: 'note',
      permission: 'everyone',
      handler: async (ctx) => ({
        type: 'message',
        content: `noted for ${ctx.customId!.key}: ${ctx.fields.note ?? ''}`,
      }),
    },
  ],
};
