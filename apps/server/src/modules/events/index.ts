import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { calendarRoutes } from './calendar.routes';
import { catalogueRoutes } from './catalogue.routes';
import { eventsRoutes as eventRoutes } from './events.routes';
import { resultsRoutes } from './results.routes';
import { signupsRoutes } from './signups.routes';
import { ticketsRoutes } from './tickets.routes';
import { wizardRoutes } from './wizard/wizard.routes';

export { seedEventsDemo } from './demo';
export { eventsFeature } from './events.bot';
export {
  type EventChange,
  type EventChangedListener,
  type EventChangeKind,
  onEventChanged,
} from './events.hooks';
export type { EventRow } from './events.repo';
export {
  createEvent,
  type EventTransition,
  getEvent,
  presentEvent,
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
