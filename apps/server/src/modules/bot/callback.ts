import { type APIInteractionResponse, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { CUSTOM_ID_MAX } from './custom-id';
import { assertWithinLimits, NO_MENTIONS } from './discord-actions';
import type { BotReply } from './feature';

/** Discord's limits on a modal (title ≤ 45 characters, 1–5 components). */
export const MODAL_LIMITS = { title: 45, components: 5 } as const;

/** Every custom_id in a payload, wherever it sits (rows, labels, selects). */
function customIds(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) customIds(n, out);
  else if (node && typeof node === 'object') {
    const n = node as { custom_id?: unknown; components?: unknown; component?: unknown };
    if (typeof n.custom_id === 'string') out.push(n.custom_id);
    customIds(n.components, out);
    customIds(n.component, out);
  }
  return out;
}

function assertCustomIds(components: unknown): void {
  const ids = customIds(components);
  const long = ids.find((id) => id.length === 0 || id.length > CUSTOM_ID_MAX);
  if (long !== undefined)
    throw new Error(`custom_id of ${long.length} characters (Discord allows 1–${CUSTOM_ID_MAX})`);
  if (new Set(ids).size !== ids.length) throw new Error('custom_ids must be unique in one message');
}

/**
 * A handler's reply as Discord's interaction callback, checked against Discord's limits
 * first: a reply Discord would refuse throws here, where the log names the handler.
 */
export function toCallback(reply: BotReply): APIInteractionResponse {
  switch (reply.type) {
    case 'message': {
      const { type: _type, ephemeral, ...message } = reply;
      assertWithinLimits(message);
      assertCustomIds(message.components);
      return {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: {
          ...message,
          allowed_mentions: NO_MENTIONS,
          ...(ephemeral === false ? {} : { flags: MessageFlags.Ephemeral }),
        },
      };
    }
    case 'update': {
      const { type: _type, ...message } = reply;
      assertWithinLimits(message);
      assertCustomIds(message.components);
      return {
        type: InteractionResponseType.UpdateMessage,
        data: { ...message, allowed_mentions: NO_MENTIONS },
      };
    }
    case 'defer':
      return reply.update
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : {
            type: InteractionResponseType.DeferredChannelMessageWithSource,
            data: reply.ephemeral === false ? {} : { flags: MessageFlags.Ephemeral },
          };
    case 'modal': {
      const { modal } = reply;
      if (modal.title.length > MODAL_LIMITS.title)
        throw new Error(
          `modal title of ${modal.title.length} characters (Discord allows ${MODAL_LIMITS.title})`,
        );
      if (modal.components.length < 1 || modal.components.length > MODAL_LIMITS.components)
        throw new Error(`modal with ${modal.components.length} components (Discord allows 1–5)`);
      assertCustomIds([{ custom_id: modal.custom_id }, ...modal.components]);
      return { type: InteractionResponseType.Modal, data: modal };
    }
  }
}
