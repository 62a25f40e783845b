import { OverwriteType } from 'discord-api-types/v10';
import { BotRefusal, type ChannelActions, type ChannelResult, type GuildChannel } from '../bot';
import type { TicketConfigRow } from './tickets.repo';
import { ticketText } from './tickets.text';

/** Discord allows 50 channels in a category. */
export const CATEGORY_CAPACITY = 50;

const VIEW = 1n << 10n;
const SEND = 1n << 11n;
const EMBED = 1n << 14n;
const ATTACH = 1n << 15n;
const HISTORY = 1n << 16n;
/** What the ticket's people may do in its channel. */
const TALK = VIEW | SEND | EMBED | ATTACH | HISTORY;

/** What ticket work needs of Discord: channel calls, and who the bot is (it must see its own channels). */
export interface TicketDiscord {
  channels: ChannelActions;
  botUserId: string;
}

/** A Discord failure as the refusal the user reads. */
export function refusalOf(r: Extract<ChannelResult<unknown>, { ok: false }>): BotRefusal {
  switch (r.code) {
    case 'MISSING_PERMISSIONS':
      return new BotRefusal('MISSING_PERMISSIONS', ticketText.missingPermissions);
    case 'RATE_LIMITED':
      return new BotRefusal('RATE_LIMITED', ticketText.rateLimited, {
        seconds: Math.max(1, Math.round((r.retryAfterMs ?? 1000) / 1000)),
      });
    case 'GUILD_FULL':
      return new BotRefusal('GUILD_FULL', ticketText.guildFull);
    default:
      return new BotRefusal('DISCORD_ERROR', ticketText.discordError, { message: r.message });
  }
}

function unwrap<T>(r: ChannelResult<T>): T {
  if (!r.ok) throw refusalOf(r);
  return r.value;
}
/** "Tickets" is the first category, then "Tickets 2", "Tickets 3"…: the number each name carries. */
function categoryOrdinal(name: string, base: string): number | undefined {
  if (name.toLowerCase() === base.toLowerCase()) return 1;
  const lower = name.toLowerCase();
  const prefix = `${base.toLowerCase()} `;
  if (!lower.startsWith(prefix)) return undefined;
  const n = lower.slice(prefix.length);
  return /^\d{1,4}$/.test(n) ? Number(n) : undefined;
}

/**
 * The ticket category with room for one more channel; when every one holds Discord's 50,
 * the next is created ("Tickets 2"), hidden from @everyone like the first.
 */
async function categoryWithRoom(
  d: TicketDiscord,
  guildId: string,
  base: string,
  full: ReadonlySet<string>,
): Promise<string> {
  const all = unwrap(await d.channels.listGuildChannels(guildId));
  const categories = all
    .flatMap((c: GuildChannel) => {
      const n = c.type === 4 ? categoryOrdinal(c.name ?? '', base) : undefined;
      return n === undefined ? [] : [{ id: c.id, n }];
    })
    .sort((a, b) => a.n - b.n);
  for (const c of categories) {
    const children = all.filter((ch) => ch.parent_id === c.id).length;
    if (children < CATEGORY_CAPACITY && !full.has(c.id)) return c.id;
  }
  const next = categories.length === 0 ? 1 : categories[categories.length - 1]!.n + 1;
  const created = unwrap(
    await d.channels.createChannel(guildId, {
      name: next === 1 ? base : `${base} ${next}`,
      type: 4,
      overwrites: [
        { id: guildId, type: OverwriteType.Role, deny: VIEW },
        { id: d.botUserId, type: OverwriteType.Member, allow: TALK },
      ],
    }),
  );
  return created.id;
}

/** A private channel for a ticket: @everyone denied, its opener, the staff roles and the bot allowed. */
export async function createTicketChannel(
  d: TicketDiscord,
  config: TicketConfigRow,
  ticket: { guildId: string; number: number; subject: string; openedBy: string; openedByName: string },
): Promise<string> {
  const full = new Set<string>();
  // A category can fill between our count and our create (another ticket, an admin): once more in the next.
  for (let attempt = 0; attempt < 3; attempt++) {
    const parentId = await categoryWithRoom(d, ticket.guildId, config.categoryName, full);
    const made = await d.channels.createChannel(ticket.guildId, {
      name: `ticket-${String(ticket.number).padStart(4, '0')}`,
      type: 0,
      topic: `#${ticket.number} · ${ticket.subject || '-'} · ${ticket.openedByName}`.slice(0, 1024),
      parentId,
      overwrites: [
        { id: ticket.guildId, type: OverwriteType.Role, deny: VIEW },
        { id: ticket.openedBy, type: OverwriteType.Member, allow: TALK },
        ...config.staffRoleIds.map((id) => ({ id, type: OverwriteType.Role, allow: TALK })),
        { id: d.botUserId, type: OverwriteType.Member, allow: TALK },
      ],
    });
    if (made.ok) return made.value.id;
    if (made.code !== 'CATEGORY_FULL') throw refusalOf(made);
    full.add(parentId);
  }
  throw new BotRefusal('DISCORD_ERROR', ticketText.discordError, {
    message: 'every ticket category is full',
  });
}

/**
 * Locks a ticket's channel while it closes: its opener keeps reading but can no longer write,
 * so nothing said after the transcript is read goes unrecorded. Failing to lock does not stop the close.
 */
export async function lockTicketChannel(d: TicketDiscord, channelId: string, openerId: string) {
  return d.channels.setOverwrite(channelId, {
    id: openerId,
    type: OverwriteType.Member,
    allow: VIEW | HISTORY,
    deny: SEND | EMBED | ATTACH,
  });
}
