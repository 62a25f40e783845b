import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import type { AnyJobDefinition } from '../../core/queue';
import { type BotFeature, translate } from '../bot';
import { calendarRoutes } from './calendar.routes';
import { catalogueRoutes } from './catalogue.routes';
import { catalogueBot } from './catalogue-bot';
import { announcement, signupsBot } from './events.bot';
import { eventsRoutes as eventRoutes } from './events.routes';
import { resultsRoutes } from './results.routes';
import { eventScheduleJobs } from './schedule.jobs';
import { countByEvent, findActiveSignups } from './signups.repo';
import { signupsRoutes } from './signups.routes';
import { eventSyncGatewayListeners } from './sync-gateway';
import { ticketsFeature } from './tickets.bot';
import { ticketsRoutes } from './tickets.routes';
import { pruneWizardSessionsJob } from './wizard/wizard.jobs';
import { wizardRoutes } from './wizard/wizard.routes';

export { seedEventsDemo } from './demo';
export {
  type EventChange,
  type EventChangedListener,
  type EventChangeKind,
  onEventChanged,
} from './events.hooks';
export { presentEvent } from './events.present';
export type { EventRow } from './events.repo';
export {
  createEvent,
  type EventTransition,
  getEvent,
  requireEvent,
  transitionEvent,
  updateEvent,
} from './events.service';
export { listSignups, removeDepartedMember, signUp, withdraw } from './signups.service';

/**
 * Every events route: the events themselves, their sign-ups, the calendar feeds, the track and
 * vehicle catalogue, the wizards' web side, tickets, and championships with results and standings.
 */
export const eventsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  for (const routes of [
    eventRoutes,
    signupsRoutes,
    calendarRoutes,
    catalogueRoutes,
    wizardRoutes,
    ticketsRoutes,
    resultsRoutes,
  ])
    await app.register(routes, { ctx });
};

/** The module's one bot feature (custom_ids `events:…`): sign-ups, the wizards and catalogue, tickets, Discord-side edits. */
export const eventsBot: BotFeature = {
  module: 'events',
  commands: [...(signupsBot.commands ?? []), ...catalogueBot.commands, ...(ticketsFeature.commands ?? [])],
  components: [
    ...(signupsBot.components ?? []),
    ...catalogueBot.components,
    ...(ticketsFeature.components ?? []),
  ],
  modals: [...(signupsBot.modals ?? []), ...catalogueBot.modals, ...(ticketsFeature.modals ?? [])],
  // Edits made in Discord to the mirrored Scheduled Events, and members leaving the server.
  gateway: [...eventSyncGatewayListeners, ...(signupsBot.gateway ?? [])],
};

/**
 * The scheduler's tick, the Discord outbox's drain and the daily sweep of expired wizards.
 * Reminders go to the confirmed; the announcement the outbox keeps up to date is the one the
 * bot posts, in the server's language.
 */
export function eventsJobs(ctx: AppContext): AnyJobDefinition[] {
  return [
    pruneWizardSessionsJob(ctx),
    ...eventScheduleJobs(ctx, {
      signups: async (eventId) =>
        (await findActiveSignups(ctx.db, eventId)).filter((s) => s.status === 'confirmed'),
      renderMessage: async (event, lang) => {
        const counts = (await countByEvent(ctx.db, [event.id])).get(event.id)!;
        return announcement({ t: (text, vars) => translate(text, lang, vars) }, event, counts);
      },
    }),
  ];
}
