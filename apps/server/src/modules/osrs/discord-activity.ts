import { type APIMessage, MessageType } from 'discord-api-types/v10';
import type { ActivityChannelKind } from './discord.tables';

/** What counting needs of a message: never its text. */
export type CountableMessage = Pick<
  APIMessage,
  'id' | 'channel_id' | 'author' | 'timestamp' | 'webhook_id' | 'message_reference' | 'referenced_message'
> &
  Partial<Pick<APIMessage, 'type'>>;

/** One message's contribution: questions and answers only count in help channels. */
export interface MessageTally {
  discordUserId: string;
  day: string;
  hour: Date;
  question: boolean;
  answer: boolean;
  /** False for a question met without a message (a thread opened): counts no message. */
  message?: boolean;
}

/** Who opened the thread a message was posted in: the question its other members answer. */
export interface ThreadContext {
  ownerId: string | null;
}

/**
 * Bots and webhooks are not members. In a help channel a message that replies to no one asks a
 * question; a reply to another member's message answers one (replying to oneself is neither).
 */
export function tallyMessage(
  message: CountableMessage,
  kind: ActivityChannelKind,
  thread?: ThreadContext,
): MessageTally | undefined {
  if (message.author.bot || message.webhook_id) return undefined;
  // "X started a thread": Discord's notice, not a member's message (the thread counts itself).
  if (message.type === MessageType.ThreadCreated) return undefined;
  const at = new Date(message.timestamp);
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  const replyTo = message.message_reference?.message_id ? message.referenced_message?.author.id : undefined;
  const isReply = Boolean(message.message_reference?.message_id);
  if (thread) {
    // In a thread the owner asked: anyone else's message answers, replies or not.
    const answers = kind === 'help' && thread.ownerId !== null && thread.ownerId !== message.author.id;
    return {
      discordUserId: message.author.id,
      day: at.toISOString().slice(0, 10),
      hour,
      question: false,
      answer: answers,
    };
  }
  return {
    discordUserId: message.author.id,
    day: at.toISOString().slice(0, 10),
    hour,
    question: kind === 'help' && !isReply,
    answer: kind === 'help' && replyTo !== undefined && replyTo !== message.author.id,
  };
}

/**
 * The nickname rule: a Discord member whose server nickname (else global name, else username)
 * is an OSRS name, compared as the game does (case, spaces, `_` and `-` alike).
 */
export const normalizeRsn = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

export function discordDisplayName(
  message: Pick<APIMessage, 'author'> & { member?: { nick?: string | null } },
) {
  return message.member?.nick ?? message.author.global_name ?? message.author.username;
}
