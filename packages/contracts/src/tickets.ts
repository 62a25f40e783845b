import { z } from 'zod';
import { zId, zListOf, zPageQuery, zText } from './common';

const zSnowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits)');

/** A community's ticket setup: who staffs tickets, where their channels go, where transcripts are logged. */
export const zTicketConfig = z
  .object({
    /** Roles that see and handle every ticket (besides holders of the bot's `tickets` module). */
    staffRoleIds: z.array(zSnowflake).max(20),
    /** The ticket category's name; when full, "Tickets 2", "Tickets 3"… follow. */
    categoryName: zText(90).trim().min(1),
    /** Where closed tickets' transcripts are posted; null keeps them only in Guildhall. */
    logChannelId: zSnowflake.nullable(),
  })
  .strict();
export type TTicketConfig = z.infer<typeof zTicketConfig>;

export const ticketStatuses = ['open', 'claimed', 'closed'] as const;
export const zTicketStatus = z.enum(ticketStatuses);
export type TTicketStatus = z.infer<typeof zTicketStatus>;

export const zTicket = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: zTicketStatus,
  guildId: z.string(),
  /** The private channel while the ticket is open; null once closed. */
  channelId: z.string().nullable(),
  openedBy: z.object({ discordUserId: z.string(), displayName: z.string() }),
  claimedBy: z.object({ discordUserId: z.string(), displayName: z.string() }).nullable(),
  closedBy: z.string().nullable(),
  createdAt: z.string(),
  claimedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenedAt: z.string().nullable(),
});
export type TTicket = z.infer<typeof zTicket>;
export const zTicketList = zListOf(zTicket);

export const zTicketTranscript = z.object({
  closedAt: z.string(),
  closedBy: z.string(),
  messageCount: z.number().int(),
  text: z.string(),
});
export const zTicketDetail = zTicket.extend({ transcripts: z.array(zTicketTranscript) });
export type TTicketDetail = z.infer<typeof zTicketDetail>;

export const zTicketListQuery = zPageQuery.extend({ status: zTicketStatus.optional() });
export const zTicketParams = z.object({ id: zId, ticketId: zId });
