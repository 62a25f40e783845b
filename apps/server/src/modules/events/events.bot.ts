import type { TSignup } from '@guildhall/contracts';
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  GatewayDispatchEvents,
  type GatewayGuildMemberRemoveDispatchData,
  GatewayIntentBits,
} from 'discord-api-types/v10';
import { AppError } from '../../core/errors';
import { type BotFeature, BotRefusal, type BotReply, encodeCustomId, type InteractionContext } from '../bot';
import { eventTexts as tx } from './events.i18n';
import { type EventRow, findEventByTitle, findUpcoming, setAnnouncement } from './events.repo';
import { getEvent } from './events.service';
import { countByEvent } from './signups.repo';
import { removeDepartedMember, signUp, signupWindow, withdraw } from './signups.service';

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

type Counts = { confirmed: number; waitlisted: number };

/**
 * The announcement of a published event: when (Discord timestamps, shown in each reader's own
 * zone), seats and the line, and the buttons, whose custom_ids carry the event id so they keep
 * working after any restart.
 */
export function announcement(ctx: Pick<InteractionContext, 't'>, event: EventRow, counts: Counts) {
  const at = unix(event.startsAt);
  const cancelled = event.status === 'cancelled';
  return {
    embeds: [
      {
        title: event.title.slice(0, 256),
        ...(event.description ? { description: event.description.slice(0, 4000) } : {}),
        fields: [
          { name: ctx.t(tx.starts), value: `<t:${at}:F> (<t:${at}:R>)` },
          { name: ctx.t(tx.seats), value: `${counts.confirmed}/${event.capacity}`, inline: true },
          { name: ctx.t(tx.waitlist), value: String(counts.waitlisted), inline: true },
          ...(cancelled ? [{ name: '—', value: ctx.t(tx.cancelled) }] : []),
        ],
        timestamp: event.startsAt.toISOString(),
      },
    ],
    components: cancelled
      ? []
      : [
          {
            type: ComponentType.ActionRow as const,
            components: [
              {
                type: ComponentType.Button as const,
                style: ButtonStyle.Success as const,
                label: ctx.t(tx.signUp),
                custom_id: encodeCustomId({ module: 'events', action: 'signup', key: event.id }),
              },
              {
                type: ComponentType.Button as const,
                style: ButtonStyle.Secondary as const,
                label: ctx.t(tx.withdraw),
                custom_id: encodeCustomId({ module: 'events', action: 'withdraw', key: event.id }),
              },
            ],
          },
        ],
  };
}

/** Every events command is for linked servers (the router checks); buttons may outlive a link. */
function linked(ctx: InteractionContext): string {
  if (!ctx.link) throw new BotRefusal('NOT_LINKED', tx.notLinked);
  return ctx.link.communityId;
}

/** The service's expected refusals, in the reader's language. */
function refusal(err: unknown, event?: EventRow): never {
  if (err instanceof AppError) {
    if (err.code === 'EVENT_NOT_FOUND') throw new BotRefusal(err.code, tx.eventGone);
    if (err.code === 'SIGNUP_NOT_FOUND') throw new BotRefusal(err.code, tx.notSignedUp);
    if (err.code === 'SIGNUPS_CLOSED') {
      const opensAt = event ? signupWindow(event).opensAt : null;
      if (event?.status === 'scheduled' && opensAt && opensAt > new Date())
        throw new BotRefusal(err.code, tx.notOpenYet, { unix: unix(opensAt) });
      throw new BotRefusal(err.code, tx.closed);
    }
  }
  throw err;
}

/** The clicked announcement, refreshed, plus a word to the clicker only. */
async function refreshed(ctx: InteractionContext, communityId: string, eventId: string, note: string) {
  const event = (await getEvent(ctx.app.db, communityId, eventId))!;
  const counts = (await countByEvent(ctx.app.db, [event.id])).get(event.id)!;
  ctx.afterReply(async () => {
    const sent = await ctx.discord.followUp({ content: note, ephemeral: true });
    if (!sent.ok) throw new Error(`follow-up failed: ${sent.code}`);
  });
  return { type: 'update', ...announcement(ctx, event, counts) } satisfies BotReply;
}

function signupNote(ctx: InteractionContext, event: EventRow, s: TSignup, created: boolean): string {
  const vars = { title: event.title, position: s.position, capacity: event.capacity };
  if (s.status === 'confirmed') return ctx.t(created ? tx.confirmed : tx.alreadyConfirmed, vars);
  return ctx.t(created ? tx.waitlisted : tx.alreadyWaitlisted, vars);
}

async function onSignup(ctx: InteractionContext): Promise<BotReply> {
  const communityId = linked(ctx);
  const eventId = ctx.customId!.key;
  const event = await getEvent(ctx.app.db, communityId, eventId);
  if (!event) throw new BotRefusal('EVENT_NOT_FOUND', tx.eventGone);
  let out: Awaited<ReturnType<typeof signUp>>;
  try {
    out = await signUp(ctx.app, communityId, eventId, {
      discordUserId: ctx.user.id,
      displayName: ctx.user.name,
    });
  } catch (err) {
    refusal(err, event);
  }
  return refreshed(ctx, communityId, eventId, signupNote(ctx, out.event, out.signup, out.created));
}

async function onWithdraw(ctx: InteractionContext): Promise<BotReply> {
  const communityId = linked(ctx);
  const eventId = ctx.customId!.key;
  let event: EventRow;
  try {
    ({ event } = await withdraw(ctx.app, communityId, eventId, ctx.user.id));
  } catch (err) {
    refusal(err);
  }
  return refreshed(ctx, communityId, eventId, ctx.t(tx.withdrawn, { title: event.title }));
}

async function listUpcoming(ctx: InteractionContext): Promise<BotReply> {
  const communityId = linked(ctx);
  const rows = await findUpcoming(ctx.app.db, communityId, new Date(), 10);
  if (rows.length === 0) return { type: 'message', content: ctx.t(tx.noUpcoming) };
  const counts = await countByEvent(
    ctx.app.db,
    rows.map((r) => r.id),
  );
  const lines = rows.map((r) => {
    const c = counts.get(r.id)!;
    return ctx.t(tx.upcomingLine, {
      title: r.title.slice(0, 100),
      unix: unix(r.startsAt),
      confirmed: c.confirmed,
      capacity: r.capacity,
      waitlisted: c.waitlisted,
    });
  });
  return {
    type: 'message',
    embeds: [{ title: ctx.t(tx.upcomingTitle), description: lines.join('\n').slice(0, 4000) }],
  };
}

async function announce(ctx: InteractionContext): Promise<BotReply> {
  const communityId = linked(ctx);
  const title = String(ctx.options.event ?? '').trim();
  const event = await findEventByTitle(ctx.app.db, communityId, title);
  if (!event || (event.status !== 'scheduled' && event.status !== 'active'))
    throw new BotRefusal('EVENT_NOT_FOUND', tx.eventNotFound, { title: title.slice(0, 100) });
  const counts = (await countByEvent(ctx.app.db, [event.id])).get(event.id)!;
  const channelId = ctx.channelId!;
  const sent = await ctx.discord.postMessage(channelId, announcement(ctx, event, counts));
  if (!sent.ok) throw new BotRefusal(sent.code, tx.cannotPost);
  await setAnnouncement(ctx.app.db, event.id, channelId, sent.messageId);
  return { type: 'message', content: ctx.t(tx.announced, { title: event.title }) };
}

/** `/events`, `/announce-event`, and the Sign up / Withdraw buttons of announcements. */
export const signupsBot: BotFeature = {
  module: 'events',
  commands: [
    {
      name: { en: 'events', es: 'eventos' },
      description: { en: 'Upcoming events and their seats', es: 'Próximos eventos y sus plazas' },
      permission: 'everyone',
      handler: listUpcoming,
    },
    {
      name: { en: 'announce-event', es: 'anunciar-evento' },
      description: {
        en: 'Post a published event here with its sign-up buttons',
        es: 'Publica aquí un evento con sus botones de inscripción',
      },
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: { en: 'event', es: 'evento' },
          description: { en: 'The event title', es: 'El título del evento' },
          required: true,
          maxLength: 120,
        },
      ],
      permission: 'events',
      handler: announce,
    },
  ],
  components: [
    { action: 'signup', permission: 'everyone', handler: onSignup },
    { action: 'withdraw', permission: 'everyone', handler: onWithdraw },
  ],
  gateway: [
    {
      // Those who leave the server give up their places; the next in line moves up.
      // Server Members is privileged: it runs only with DISCORD_MEMBER_EVENTS.
      event: GatewayDispatchEvents.GuildMemberRemove,
      intent: GatewayIntentBits.GuildMembers,
      handle: async (app, data) => {
        const { guild_id, user } = data as GatewayGuildMemberRemoveDispatchData;
        await removeDepartedMember(app, guild_id, user.id);
      },
    },
  ],
};
