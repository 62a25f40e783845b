import type { APIMessage } from 'discord-api-types/v10';
import type { TicketRow } from './tickets.repo';

const stamp = (iso: string | Date) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * A ticket's conversation as plain text, oldest message first: who said what and when, with
 * attachments as their links, so it reads anywhere (a .txt in the log channel, the web).
 */
export function renderTranscript(
  ticket: Pick<TicketRow, 'number' | 'subject' | 'openedBy' | 'openedByName' | 'createdAt'>,
  messages: readonly APIMessage[],
  close: { closer: { id: string; name: string }; closedAt: Date },
): string {
  const head = [
    `Ticket #${ticket.number}${ticket.subject ? ` — ${ticket.subject}` : ''}`,
    `Opened by ${ticket.openedByName} (${ticket.openedBy}) at ${stamp(ticket.createdAt)}`,
    `Closed by ${close.closer.name} (${close.closer.id}) at ${stamp(close.closedAt)}`,
    `${messages.length} messages`,
    '',
  ];
  const body = messages.flatMap((m) => {
    const who = m.author.global_name ?? m.author.username;
    const lines = [`[${stamp(m.timestamp)}] ${who}${m.author.bot ? ' [bot]' : ''}: ${m.content}`];
    for (const a of m.attachments ?? []) lines.push(`    attachment: ${a.filename} ${a.url}`);
    for (const e of m.embeds ?? [])
      if (e.title || e.description)
        lines.push(`    embed: ${e.title ?? ''} ${e.description ?? ''}`.trimEnd());
    return lines;
  });
  return `${[...head, ...body].join('\n')}\n`;
}
