import { ApplicationCommandOptionType as Opt } from 'discord-api-types/v10';
import {
  type BotCommand,
  type BotCommandOption,
  BotRefusal,
  type BotReply,
  type InteractionContext,
  type L10n,
} from '../bot';
import {
  deleteActivityChannel,
  deleteLinksOfUser,
  findLinkOfMember,
  findMemberByNormalizedName,
  setDiscordLink,
  upsertActivityChannel,
} from './discord.repo';
import { normalizeRsn } from './discord-activity';
import { forgetChannels, forgetNames } from './discord-cache';
import { isOsrsOfficer } from './discord-officers';
import { applyNicknameRule } from './nickname.service';
import { OSRS_DISCORD_BACKFILL_JOB } from './osrs.jobs';

/* `/osrs link|unlink|channel-add|channel-remove`: Discord links and counted channels from Discord. */

const text = {
  linked: { en: '**{name}** is now linked to <@{user}>.', es: '**{name}** queda vinculado a <@{user}>.' },
  unlinked: {
    en: 'Removed {count} link(s) of <@{user}>. The nickname rule may find one again.',
    es: 'Eliminados {count} vínculo(s) de <@{user}>. La regla del apodo puede volver a encontrar uno.',
  },
  noLinks: {
    en: '<@{user}> is linked to no clan member.',
    es: '<@{user}> no está vinculado a ningún miembro del clan.',
  },
  badName: {
    en: 'An OSRS name is 1 to 12 letters, digits, spaces, `-` or `_`.',
    es: 'Un nombre de OSRS tiene de 1 a 12 letras, cifras, espacios, `-` o `_`.',
  },
  noMember: {
    en: 'No active clan member is called `{name}` (names come from Wise Old Man at the last harvest).',
    es: 'Ningún miembro activo del clan se llama `{name}` (los nombres vienen de Wise Old Man en la última recogida).',
  },
  othersNeedManager: {
    en: 'Only officers or members with Manage Server may link someone else.',
    es: 'Solo los oficiales o quien tiene Gestionar servidor pueden vincular a otra persona.',
  },
  takenByHand: {
    en: '**{name}** was linked by hand to another Discord user: ask an officer.',
    es: '**{name}** fue vinculado a mano a otro usuario de Discord: pídeselo a un oficial.',
  },
  channelsNeedManager: {
    en: 'Only officers or members with Manage Server choose the counted channels.',
    es: 'Solo los oficiales o quien tiene Gestionar servidor eligen los canales contados.',
  },
  channelAdded: {
    en: 'Messages in this channel are now counted ({kind}); its history is being read back.',
    es: 'Los mensajes de este canal ya se cuentan ({kind}); se está leyendo su historial.',
  },
  channelChanged: {
    en: 'This channel was already counted; it is now of kind {kind}.',
    es: 'Este canal ya se contaba; ahora es de tipo {kind}.',
  },
  channelRemoved: {
    en: 'This channel is no longer counted (what it counted stays).',
    es: 'Este canal ya no se cuenta (lo contado se conserva).',
  },
  ruleApplied: {
    en: 'Nickname rule `{rule}` applied again: {links} link(s) by the rule, {removed} dropped. Links made by hand stay.',
    es: 'Regla del apodo `{rule}` aplicada de nuevo: {links} vínculo(s) por la regla, {removed} retirado(s). Los vínculos hechos a mano se conservan.',
  },
  rulesNeedOfficer: {
    en: 'Only officers or members with Manage Server apply the nickname rule.',
    es: 'Solo los oficiales o quien tiene Gestionar servidor aplican la regla del apodo.',
  },
  channelNotCounted: { en: 'This channel was not counted.', es: 'Este canal no se contaba.' },
  noChannel: {
    en: 'Run this inside the channel to count.',
    es: 'Ejecútalo dentro del canal que quieres contar.',
  },
} satisfies Record<string, L10n>;

const kindNames: Record<'count' | 'help', L10n> = {
  count: { en: 'count', es: 'recuento' },
  help: { en: 'help (questions and answers too)', es: 'ayuda (también preguntas y respuestas)' },
};

/** As Wise Old Man accepts a display name: 1–12 of letters, digits, spaces, `-`, `_`. */
const RSN = /^[A-Za-z0-9 _-]{1,12}$/;

const sub = (name: L10n, description: L10n, options: BotCommandOption[] = []): BotCommandOption => ({
  type: Opt.Subcommand,
  name,
  description,
  options,
});

const userOption = (description: L10n): BotCommandOption => ({
  type: Opt.User,
  name: { en: 'user', es: 'usuario' },
  description,
});

const reply = (content: string): BotReply => ({ type: 'message', content, ephemeral: true });

async function link(ctx: InteractionContext): Promise<BotReply> {
  const communityId = ctx.link!.communityId;
  const name = String(ctx.options.name ?? '').trim();
  if (!RSN.test(name)) throw new BotRefusal('INVALID_VALUE', text.badName);
  const target = typeof ctx.options.user === 'string' ? ctx.options.user : ctx.user.id;
  const manager = await isOsrsOfficer(ctx);
  if (target !== ctx.user.id && !manager) throw new BotRefusal('MISSING_PERMISSION', text.othersNeedManager);
  const member = await findMemberByNormalizedName(ctx.app.db, communityId, normalizeRsn(name));
  if (!member) throw new BotRefusal('MEMBER_NOT_FOUND', text.noMember, { name });
  const existing = await findLinkOfMember(ctx.app.db, member.id);
  if (existing?.source === 'manual' && existing.discordUserId !== target && !manager)
    throw new BotRefusal('ALREADY_LINKED', text.takenByHand, { name: member.name });
  await setDiscordLink(ctx.app.db, {
    memberId: member.id,
    communityId,
    discordUserId: target,
    source: 'manual',
  });
  forgetNames(ctx.app, communityId);
  return reply(ctx.t(text.linked, { name: member.name, user: target }));
}

async function unlink(ctx: InteractionContext): Promise<BotReply> {
  const target = typeof ctx.options.user === 'string' ? ctx.options.user : ctx.user.id;
  if (target !== ctx.user.id && !(await isOsrsOfficer(ctx)))
    throw new BotRefusal('MISSING_PERMISSION', text.othersNeedManager);
  const count = await deleteLinksOfUser(ctx.app.db, ctx.link!.communityId, target);
  forgetNames(ctx.app, ctx.link!.communityId);
  return reply(ctx.t(count ? text.unlinked : text.noLinks, { count, user: target }));
}

async function applyRule(ctx: InteractionContext): Promise<BotReply> {
  if (!(await isOsrsOfficer(ctx))) throw new BotRefusal('MISSING_PERMISSION', text.rulesNeedOfficer);
  const result = await applyNicknameRule(ctx.app.db, ctx.link!.communityId);
  forgetNames(ctx.app, ctx.link!.communityId);
  return reply(ctx.t(text.ruleApplied, { ...result }));
}

async function channel(ctx: InteractionContext, add: boolean): Promise<BotReply> {
  if (!(await isOsrsOfficer(ctx))) throw new BotRefusal('MISSING_PERMISSION', text.channelsNeedManager);
  const channelId = ctx.channelId;
  if (!channelId) throw new BotRefusal('INVALID_VALUE', text.noChannel);
  const communityId = ctx.link!.communityId;
  if (!add) {
    const removed = await deleteActivityChannel(ctx.app.db, communityId, channelId);
    forgetChannels(ctx.app, communityId);
    return reply(ctx.t(removed ? text.channelRemoved : text.channelNotCounted));
  }
  const kind = ctx.options.kind === 'help' ? 'help' : 'count';
  const { created } = await upsertActivityChannel(ctx.app.db, communityId, channelId, kind);
  forgetChannels(ctx.app, communityId);
  // As the REST route does: a new channel has its history read back once.
  if (created) await ctx.app.queue.enqueue(OSRS_DISCORD_BACKFILL_JOB, { communityId, channelId });
  return reply(ctx.t(created ? text.channelAdded : text.channelChanged, { kind: ctx.t(kindNames[kind]) }));
}

export const osrsCommand: BotCommand = {
  name: { en: 'osrs', es: 'osrs' },
  description: {
    en: 'OSRS clan stats: Discord links and counted channels',
    es: 'Estadísticas del clan de OSRS: vínculos de Discord y canales contados',
  },
  permission: 'everyone',
  options: [
    sub(
      { en: 'link', es: 'vincular' },
      {
        en: 'Link a Discord user to their OSRS name',
        es: 'Vincula un usuario de Discord a su nombre de OSRS',
      },
      [
        {
          type: Opt.String,
          name: { en: 'name', es: 'nombre' },
          description: { en: 'The OSRS name, as in the clan', es: 'El nombre de OSRS, como en el clan' },
          required: true,
          maxLength: 12,
        },
        userOption({ en: 'Someone else (officers only)', es: 'Otra persona (solo oficiales)' }),
      ],
    ),
    sub(
      { en: 'unlink', es: 'desvincular' },
      { en: 'Remove the links of a Discord user', es: 'Elimina los vínculos de un usuario de Discord' },
      [userOption({ en: 'Someone else (officers only)', es: 'Otra persona (solo oficiales)' })],
    ),
    sub(
      { en: 'channel-add', es: 'canal-añadir' },
      { en: 'Count the messages of this channel', es: 'Cuenta los mensajes de este canal' },
      [
        {
          type: Opt.String,
          name: { en: 'kind', es: 'tipo' },
          description: { en: 'help: questions and answers too', es: 'ayuda: también preguntas y respuestas' },
          choices: [
            { name: { en: 'count', es: 'recuento' }, value: 'count' },
            { name: { en: 'help', es: 'ayuda' }, value: 'help' },
          ],
        },
      ],
    ),
    sub(
      { en: 'apply-rule', es: 'aplicar-regla' },
      {
        en: 'Apply the nickname rule again to everyone seen',
        es: 'Vuelve a aplicar la regla del apodo a todos',
      },
    ),
    sub(
      { en: 'channel-remove', es: 'canal-quitar' },
      { en: 'Stop counting this channel', es: 'Deja de contar este canal' },
    ),
  ],
  async handler(ctx) {
    switch (ctx.options._subcommand) {
      case 'link':
        return link(ctx);
      case 'unlink':
        return unlink(ctx);
      case 'channel-add':
        return channel(ctx, true);
      case 'apply-rule':
        return applyRule(ctx);
      default:
        return channel(ctx, false);
    }
  },
};
