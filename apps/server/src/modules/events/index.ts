import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { calendarRoutes } from './calendar.routes';
import { eventsRoutes as eventRoutes } from './events.routes';
import { signupsRoutes } from './signups.routes';

export { eventsFeature } from './events.bot';
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

/** Every events route: the events themselves, their sign-ups and the calendar feeds. */
export const eventsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(eventRoutes, { ctx });
  await app.register(signupsRoutes, { ctx });
  await app.register(calendarRoutes, { ctx });
};
