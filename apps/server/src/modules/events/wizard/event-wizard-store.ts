import type { TEventCreate, TRacingDetails } from '@guildhall/contracts';
import { AppError } from '../../../core/errors';
import type { Actor } from '../../audit';
import { createEvent, getEvent, transitionEvent, updateEvent } from '../events.service';
import type { HookResult, WizardEnv, WizardHooks } from './definition';
import type { EventAnswers } from './event-wizard';

/*
 * The event wizard's persistence goes through the events service, like the web and the API:
 * the same title rule, versions, audit, schedule planning and Discord sync for every path.
 */

function racingOf(a: EventAnswers): TRacingDetails {
  const drop = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
  return {
    trackId: a.track,
    vehicles: [
      ...a.vehicleIds.map((vehicleId) => ({ vehicleId })),
      ...a.vehicleTexts.map((text) => ({ text })),
    ],
    settings: drop({
      practiceMinutes: a.practice,
      qualifyingMinutes: a.qualifying,
      raceMinutes: a.race,
      weather: a.weather,
      damagePercent: a.damage,
    }),
    rules: drop({
      text: a.rulesText,
      regulationUrl: a.regulationUrl,
      regulationChannelId: a.regulationChannel,
      briefing: a.briefing,
      skins: a.skins,
    }),
  };
}

/** A draft may lack the racing steps; the event then has no racing details yet. */
function fieldsOf(a: Partial<EventAnswers>) {
  const complete = a.track !== undefined && a.vehicleIds !== undefined && a.race !== undefined;
  return {
    title: a.title!,
    description: a.description ?? '',
    startsAt: a.startsAt!.toISOString(),
    timeZone: a.timeZone!,
    capacity: a.capacity!,
    reminderOffsets: a.reminders ?? [],
    racing: complete ? racingOf(a as EventAnswers) : null,
  } satisfies TEventCreate;
}

/** `discord:<id>` or `user:<id>`, as the wizard records who drives it. */
function actorOf(env: WizardEnv): Actor {
  const [type, id] = env.actor.split(':', 2) as [string, string];
  return type === 'user' ? { type: 'user', id } : { type: 'discord', id };
}

const titleTaken: HookResult = {
  ok: false,
  step: 'basics',
  field: 'title',
  message: {
    en: 'Another event of this community already has this title.',
    es: 'Otro evento de esta comunidad ya tiene este título.',
  },
};

const gone: HookResult = {
  ok: false,
  step: 'review',
  field: null,
  message: {
    en: 'The draft this wizard saved is no longer a draft (published, archived or deleted elsewhere).',
    es: 'El borrador que guardó este asistente ya no es un borrador (publicado, archivado o borrado en otro lugar).',
  },
};

/** Saves the answers as a draft (a new one, or the one an earlier save created), then publishes if asked. */
async function write(
  env: WizardEnv,
  a: Partial<EventAnswers>,
  recordId: string | null,
  publish: boolean,
): Promise<HookResult> {
  const actor = actorOf(env);
  try {
    let id = recordId;
    if (id) {
      const current = await getEvent(env.app.db, env.communityId, id);
      if (current?.status !== 'draft') return gone;
      await updateEvent(env.app, env.communityId, id, { version: current.version, ...fieldsOf(a) }, actor);
    } else {
      id = (await createEvent(env.app, env.communityId, fieldsOf(a), actor)).id;
    }
    if (publish) await transitionEvent(env.app, env.communityId, id, 'publish', actor);
    return { ok: true, recordId: id };
  } catch (err) {
    if (err instanceof AppError && err.code === 'EVENT_TITLE_TAKEN') return titleTaken;
    if (err instanceof AppError && (err.code === 'VERSION_CONFLICT' || err.code === 'EVENT_NOT_FOUND'))
      return gone;
    throw err;
  }
}

export const eventWizardStore: WizardHooks = {
  saveDraft: (env, parsed, session) => write(env, parsed as Partial<EventAnswers>, session.recordId, false),
  publish: (env, parsed, session) => write(env, parsed as EventAnswers, session.recordId, true),
  /** A draft given up: cancelled, then archived, so calendars and the audit keep the trace. */
  async archive(env, recordId) {
    const current = await getEvent(env.app.db, env.communityId, recordId);
    if (current?.status !== 'draft') return gone;
    await transitionEvent(env.app, env.communityId, recordId, 'cancel', actorOf(env), current.version);
    await transitionEvent(env.app, env.communityId, recordId, 'archive', actorOf(env));
    return { ok: true, recordId };
  },
};
