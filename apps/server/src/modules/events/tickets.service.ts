import type { TTicket, TTicketConfig, TTicketDetail, TTicketStatus } from '@guildhall/contracts';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { type BotLanguage, BotRefusal, encodeCustomId, type L10n, translate } from '../bot';
import { createTicketChannel, lockTicketChannel, refusalOf, type TicketDiscord } from './tickets.channels';
import * as repo from './tickets.repo';
import { ticketText } from './tickets.text';
import { renderTranscript } from './tickets.transcript';

/** The custom_id prefix of ticket buttons: the events module's bot feature routes them. */
export const TICKETS_MODULE = 'events';

export type { TicketDiscord } from './tickets.channels';

export interface Person {
  id: string;
  name: string;
}

export async function getConfig(db: Executor, communityId: string): Promise<TTicketConfig | undefined> {
  const row = await repo.findConfig(db, communityId);
  return (
    row && { staffRoleIds: row.staffRoleIds, categoryName: row.categoryName, logChannelId: row.logChannelId }
  );
}

export async function saveConfig(db: Executor, communityId: string, config: TTicketConfig, by: string) {
  await repo.upsertConfig(db, { communityId, ...config, updatedBy: by });
  return (await getConfig(db, communityId))!;
}

async function configOrRefuse(db: Executor, communityId: string) {
  const config = await repo.findConfig(db, communityId);
  if (!config) throw new BotRefusal('TICKETS_NOT_SET_UP', ticketText.notSetUp);
  return config;
}

function ticketButtons(lang: BotLanguage, ticket: repo.TicketRow) {
  const button = (action: string, label: L10n, style: ButtonStyle.Primary | ButtonStyle.Danger) => ({
    type: ComponentType.Button as const,
    style,
    label: translate(label, lang),
    custom_id: encodeCustomId({ module: TICKETS_MODULE, action: `ticket-${action}`, key: ticket.id }),
  });
  const buttons = [
    ...(ticket.status === 'open' ? [button('claim', ticketText.claim, ButtonStyle.Primary)] : []),
    button('close', ticketText.close, ButtonStyle.Danger),
  ];
  return [{ type: ComponentType.ActionRow as const, components: buttons }];
}

export function ticketMessageComponents(lang: BotLanguage, ticket: repo.TicketRow) {
  return ticketButtons(lang, ticket);
}

async function postWelcome(d: TicketDiscord, lang: BotLanguage, ticket: repo.TicketRow, content: string) {
  // The channel exists; a welcome that fails (a 429) must not undo the ticket.
  await d.channels.postWithFiles(ticket.channelId!, { content, components: ticketButtons(lang, ticket) }, []);
}

/** Opens a ticket: a number, a private channel (in a category with room), a welcome with its buttons. */
export async function openTicket(
  app: AppContext,
  d: TicketDiscord,
  input: { communityId: string; guildId: string; opener: Person; subject: string; lang: BotLanguage },
): Promise<repo.TicketRow> {
  const config = await configOrRefuse(app.db, input.communityId);
  // One open ticket per member: a second would only split the conversation (and fill categories).
  const existing = await repo.findOpenTicketOf(app.db, input.communityId, input.opener.id);
  if (existing)
    throw new BotRefusal('TICKET_ALREADY_OPEN', ticketText.alreadyOpen, {
      number: existing.number,
      channel: existing.channelId ?? '0',
    });
  const number = await repo.takeNumber(app.db, input.communityId);
  const subject = input.subject.trim().slice(0, 200);
  let channelId: string;
  try {
    channelId = await createTicketChannel(d, config, {
      guildId: input.guildId,
      number,
      subject,
      openedBy: input.opener.id,
      openedByName: input.opener.name,
    });
  } catch (err) {
    // A refused open leaves no gap in the numbering.
    await repo.releaseNumber(app.db, input.communityId, number);
    throw err;
  }
  const ticket = await repo.insertTicket(app.db, {
    communityId: input.communityId,
    guildId: input.guildId,
    number,
    subject,
    channelId,
    openedBy: input.opener.id,
    openedByName: input.opener.name,
  });
  await postWelcome(
    d,
    input.lang,
    ticket,
    translate(ticketText.welcome, input.lang, {
      number,
      user: input.opener.id,
      subject: subject || translate(ticketText.noSubject, input.lang),
    }),
  );
  return ticket;
}

export async function ticketOrRefuse(db: Executor, communityId: string, id: string) {
  const ticket = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findTicket(db, communityId, id) : undefined;
  if (!ticket) throw new BotRefusal('TICKET_NOT_FOUND', ticketText.notFound);
  return ticket;
}

/** Whether the member staffs tickets: a staff role of the config (the module grant is checked by the caller). */
export async function hasStaffRole(db: Executor, communityId: string, roleIds: readonly string[]) {
  const config = await repo.findConfig(db, communityId);
  return !!config && config.staffRoleIds.some((r) => roleIds.includes(r));
}

export async function claimTicket(db: Executor, ticket: repo.TicketRow, by: Person) {
  if (ticket.status === 'closed')
    throw new BotRefusal('TICKET_CLOSED', ticketText.alreadyClosed, { number: ticket.number });
  const claimed = await repo.claim(db, ticket.id, by);
  if (!claimed) {
    const now = (await repo.findTicket(db, ticket.communityId, ticket.id))!;
    throw new BotRefusal('ALREADY_CLAIMED', ticketText.alreadyClaimed, {
      number: now.number,
      name: now.claimedByName ?? '?',
    });
  }
  return claimed;
}

/**
 * Closes a ticket: its channel's messages become a transcript (stored, and posted as a .txt
 * to the log channel with a Reopen button), then the channel is deleted so its category
 * keeps room. A channel the bot cannot delete leaves the ticket closed all the same.
 */
export async function closeTicket(
  app: AppContext,
  d: TicketDiscord,
  ticket: repo.TicketRow,
  closer: Person,
  lang: BotLanguage,
  beforeDelete?: (summary: { messageCount: number }) => Promise<void>,
): Promise<{ ticket: repo.TicketRow; messageCount: number; channelDeleted: boolean }> {
  if (ticket.status === 'closed')
    throw new BotRefusal('TICKET_CLOSED', ticketText.alreadyClosed, { number: ticket.number });
  const config = await repo.findConfig(app.db, ticket.communityId);
  if (ticket.channelId) await lockTicketChannel(d, ticket.channelId, ticket.openedBy);
  const messages = ticket.channelId
    ? await d.channels.fetchMessages(ticket.channelId)
    : { ok: true as const, value: [] };
  // A channel someone already deleted by hand still lets the ticket close, with what is known.
  if (!messages.ok && messages.code !== 'UNKNOWN_CHANNEL') throw refusalOf(messages);
  const list = messages.ok ? messages.value : [];
  const closedAt = new Date();
  const text = renderTranscript(ticket, list, { closer, closedAt });
  let logMessageId: string | null = null;
  if (config?.logChannelId) {
    const posted = await d.channels.postWithFiles(
      config.logChannelId,
      {
        content: translate(ticketText.logClosed, lang, {
          number: ticket.number,
          subject: ticket.subject || translate(ticketText.noSubject, lang),
          opener: ticket.openedBy,
          closer: closer.name,
        }),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: translate(ticketText.reopen, lang),
                custom_id: encodeCustomId({
                  module: TICKETS_MODULE,
                  action: 'ticket-reopen',
                  key: ticket.id,
                }),
              },
            ],
          },
        ],
      },
      [{ name: `ticket-${String(ticket.number).padStart(4, '0')}.txt`, data: Buffer.from(text, 'utf8') }],
    );
    if (posted.ok) logMessageId = posted.value.id;
    else
      app.log.warn(
        { code: posted.code, ticket: ticket.id },
        'ticket transcript not posted to the log channel',
      );
  }
  const closed = await app.db.transaction(async (tx) => {
    await repo.insertTranscript(tx, {
      ticketId: ticket.id,
      closedBy: closer.name,
      closedAt,
      messageCount: list.length,
      text,
      logMessageId,
    });
    return repo.updateTicket(tx, ticket.id, {
      status: 'closed',
      closedBy: closer.name,
      closedAt,
      channelId: null,
    });
  });
  await beforeDelete?.({ messageCount: list.length });
  let channelDeleted = true;
  if (ticket.channelId) {
    const deleted = await d.channels.deleteChannel(ticket.channelId);
    channelDeleted = deleted.ok || deleted.code === 'UNKNOWN_CHANNEL';
  }
  return { ticket: closed, messageCount: list.length, channelDeleted };
}

/** Reopens a closed ticket in a new private channel (the old one was deleted on close). */
export async function reopenTicket(
  app: AppContext,
  d: TicketDiscord,
  ticket: repo.TicketRow,
  by: Person,
  lang: BotLanguage,
): Promise<repo.TicketRow> {
  if (ticket.status !== 'closed')
    throw new BotRefusal('TICKET_OPEN', ticketText.notClosed, { number: ticket.number });
  const config = await configOrRefuse(app.db, ticket.communityId);
  const channelId = await createTicketChannel(d, config, ticket);
  const reopened = await repo.updateTicket(app.db, ticket.id, {
    status: ticket.claimedBy ? 'claimed' : 'open',
    channelId,
    reopenedAt: new Date(),
    closedAt: null,
    closedBy: null,
  });
  await postWelcome(
    d,
    lang,
    reopened,
    translate(ticketText.reopenedWelcome, lang, { number: ticket.number, name: by.name }),
  );
  return reopened;
}

export function presentTicket(t: repo.TicketRow): TTicket {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    guildId: t.guildId,
    channelId: t.channelId,
    openedBy: { discordUserId: t.openedBy, displayName: t.openedByName },
    claimedBy: t.claimedBy ? { discordUserId: t.claimedBy, displayName: t.claimedByName ?? '' } : null,
    closedBy: t.closedBy,
    createdAt: t.createdAt.toISOString(),
    claimedAt: t.claimedAt?.toISOString() ?? null,
    closedAt: t.closedAt?.toISOString() ?? null,
    reopenedAt: t.reopenedAt?.toISOString() ?? null,
  };
}

export async function listTickets(
  db: Executor,
  communityId: string,
  q: { status?: TTicketStatus; limit: number; offset: number },
) {
  const { rows, total } = await repo.listTickets(db, communityId, q);
  return { items: rows.map(presentTicket), total };
}

export async function ticketDetail(db: Executor, communityId: string, id: string): Promise<TTicketDetail> {
  const ticket = await ticketOrRefuse(db, communityId, id);
  const transcripts = await repo.transcriptsOf(db, ticket.id);
  return {
    ...presentTicket(ticket),
    transcripts: transcripts.map((t) => ({
      closedAt: t.closedAt.toISOString(),
      closedBy: t.closedBy,
      messageCount: t.messageCount,
      text: t.text,
    })),
  };
}
