import type { TRacingDetails } from '@guildhall/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { fromDatabaseError } from '../../../core/errors';
import { events } from '../events.tables';
import type { HookResult, WizardEnv, WizardHooks } from './definition';
import type { EventAnswers } from './event-wizard';

/*
 * The event wizard's persistence, straight into the `events` table for now: when the events
 * service lands, these three hooks call it instead (one file to change).
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

/** A draft may lack the racing steps; the row then has no racing details yet. */
function columnsOf(a: Partial<EventAnswers>) {
  const complete = a.track !== undefined && a.vehicleIds !== undefined && a.race !== undefined;
  return {
    title: a.title!,
    description: a.description ?? '',
    startsAt: a.startsAt!,
    timeZone: a.timeZone!,
    capacity: a.capacity!,
    reminderOffsets: a.reminders ?? [],
    racing: complete ? racingOf(a as EventAnswers) : null,
  };
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

/** Writes the event as a draft, or publishes it; updates the row an earlier save created. */
async function write(
  env: WizardEnv,
  a: Partial<EventAnswers>,
  recordId: string | null,
  publish: boolean,
): Promise<HookResult> {
  const cols = columnsOf(a);
  const status = publish
    ? { status: 'scheduled' as const, publishedAt: env.now }
    : { status: 'draft' as const };
  try {
    if (recordId) {
      const [row] = await env.app.db.transaction(async (tx) => {
        const [current] = await tx
          .select({ version: events.version, status: events.status })
          .from(events)
          .where(and(eq(events.id, recordId), eq(events.communityId, env.communityId)))
          .for('update');
        if (current?.status !== 'draft') return [];
        return tx
          .update(events)
          .set({
            ...cols,
            ...status,
            version: current.version + 1,
            updatedBy: env.actor,
            updatedAt: env.now,
          })
          .where(eq(events.id, recordId))
          .returning({ id: events.id });
      });
      return row ? { ok: true, recordId: row.id } : gone;
    }
    const [row] = await env.app.db
      .insert(events)
      .values({
        communityId: env.communityId,
        ...cols,
        ...status,
        createdBy: env.actor,
        updatedBy: env.actor,
      })
      .returning({ id: events.id });
    return { ok: true, recordId: row!.id };
  } catch (err) {
    if (fromDatabaseError(err)?.code === 'ALREADY_EXISTS') return titleTaken;
    throw err;
  }
}

export const eventWizardStore: WizardHooks = {
  saveDraft: (env, parsed, session) => write(env, parsed as Partial<EventAnswers>, session.recordId, false),
  publish: (env, parsed, session) => write(env, parsed as EventAnswers, session.recordId, true),
  async archive(env, recordId) {
    const [row] = await env.app.db
      .update(events)
      .set({
        status: 'archived',
        archivedAt: env.now,
        version: sql`${events.version} + 1`,
        updatedBy: env.actor,
        updatedAt: env.now,
      })
      .where(
        and(eq(events.id, recordId), eq(events.communityId, env.communityId), eq(events.status, 'draft')),
      )
      .returning({ id: events.id });
    return row ? { ok: true, recordId: row.id } : gone;
  },
};
