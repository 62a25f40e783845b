import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { BotGatewayListener } from '../bot';
import { applyDiscordScheduledEventEdit, forgetDiscordScheduledEvent } from './sync-inbound';

/**
 * The gateway events that carry edits made in Discord back to the events (the events
 * feature lists them in its `gateway`); the intent is what makes Discord send them.
 */
export const eventSyncGatewayListeners: BotGatewayListener[] = [
  {
    event: GatewayDispatchEvents.GuildScheduledEventUpdate,
    intent: GatewayIntentBits.GuildScheduledEvents,
    async handle(app, data) {
      const result = await applyDiscordScheduledEventEdit(app.db, data as APIGuildScheduledEvent);
      if (result.applied)
        app.log.info({ eventId: result.event.id, version: result.event.version }, 'event edited in Discord');
    },
  },
  {
    event: GatewayDispatchEvents.GuildScheduledEventDelete,
    intent: GatewayIntentBits.GuildScheduledEvents,
    async handle(app, data) {
      await forgetDiscordScheduledEvent(app.db, (data as APIGuildScheduledEvent).id);
    },
  },
];
