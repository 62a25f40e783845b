import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/core/context';
import { createLogger } from '../src/core/logger';
import { type BotFeature, createBotServices } from '../src/modules/bot';
import { commandPayload } from '../src/modules/bot/command-payload';
import * as catalogue from '../src/modules/events/catalogue.service';
import { catalogueBot } from '../src/modules/events/catalogue-bot';
import { events } from '../src/modules/events/events.tables';
import type { WizardEnv } from '../src/modules/events/wizard/definition';
import { discordProblems, wizardCustomId } from '../src/modules/events/wizard/discord-view';
import * as engine from '../src/modules/events/wizard/engine';
import { parseReminders } from '../src/modules/events/wizard/event-wizard';
import { pruneWizardSessionsJob } from '../src/modules/events/wizard/wizard.jobs';
import { wizards } from '../src/modules/events/wizard/wizards';
import { zonedToUtc } from '../src/modules/events/wizard/zoned-time';
import { createTestContext, makeCommunity, type TestContext, testDatabaseUrl } from './helpers';

const { event: eventWizard, tracklist } = wizards;

const basics = { title: 'Interlagos 3h', description: '' };
const schedule = { date: '2031-11-09', time: '17:00', timeZone: 'America/Santiago' };

describe('wizard definitions', () => {
  it('fit Discord: at most 5 text inputs per modal, 45-character labels, 5 rows, 100-character custom_ids', () => {
    for (const def of Object.values(wizards)) expect(discordProblems(def)).toEqual([]);
    const longestField = Math.max(
      ...Object.values(wizards).flatMap((d) => d.steps.flatMap((s) => s.fields.map((f) => f.id.length))),
    );
    expect(wizardCustomId('x'.repeat(12), `sel:${'f'.repeat(longestField)}`).length).toBeLessThanOrEqual(100);
  });

  it('show the buttons each step needs: no Back on the first, Publish only on the review', () => {
    const ids = eventWizard.steps.map((s) => s.id);
    expect(ids).toEqual([
      'basics',
      'schedule',
      'track',
      'vehicles',
      'settings',
      'rules',
      'capacity',
      'review',
    ]);
    const at = (id: string, recordId: string | null = null) =>
      engine.actionsOf(eventWizard, engine.stepOf(eventWizard, id), recordId);
    expect(at('basics')).toEqual(['next', 'save', 'cancel']);
    expect(at('rules')).toEqual(['back', 'next', 'save', 'cancel']);
    expect(at('review')).toEqual(['back', 'save', 'publish', 'cancel']);
    expect(at('review', 'some-event')).toEqual(['back', 'save', 'publish', 'archive', 'cancel']);
    // A list has no drafts: nothing to save halfway.
    expect(engine.actionsOf(tracklist, tracklist.steps[2]!, null)).toEqual(['back', 'publish', 'cancel']);
  });
});

describe('validation, step by step', () => {
  const check = (values: Record<string, string | string[]>, upTo?: string) =>
    engine.validateSteps(eventWizard, values, undefined, { upTo });

  it('answers the first failing step and field with its message in both languages', async () => {
    expect(await check({})).toMatchObject({
      ok: false,
      step: 'basics',
      field: 'title',
      message: {
        en: 'Give the event a title (1–100 characters).',
        es: 'Ponle un título al evento (1–100 caracteres).',
      },
    });
    expect(await check({ ...basics, ...schedule, date: '2031-02-31' })).toMatchObject({
      step: 'schedule',
      field: 'date',
    });
    expect(await check({ ...basics, ...schedule, timeZone: 'Mars/Olympus' })).toMatchObject({
      step: 'schedule',
      field: 'timeZone',
    });
    expect(await check({ ...basics }, 'basics')).toMatchObject({ ok: true, steps: ['basics'] });
  });

  it('checks numbers, the regulation (link or channel, never both) and reminders', async () => {
    const settings = engine.stepOf(eventWizard, 'settings');
    const rules = engine.stepOf(eventWizard, 'rules');
    expect(
      await engine.validateStep(eventWizard, settings, { race: '60', damage: '150' }, undefined),
    ).toMatchObject({
      ok: false,
      field: 'damage',
    });
    expect(await engine.validateStep(eventWizard, settings, { race: '0' }, undefined)).toMatchObject({
      ok: false,
      field: 'race',
    });
    expect(
      await engine.validateStep(eventWizard, settings, { race: '45', practice: '' }, undefined),
    ).toMatchObject({
      ok: true,
      parsed: { race: 45, practice: undefined },
    });
    const both = await engine.validateStep(
      eventWizard,
      rules,
      { regulationUrl: 'https://league.example/r', regulationChannel: '1290000000000001234' },
      undefined,
    );
    expect(both).toMatchObject({ ok: false, field: 'regulationChannel' });
    expect((both as { message: { es: string } }).message.es).toContain('no ambos');
    expect(
      await engine.validateStep(eventWizard, rules, { regulationUrl: 'http://league.example/r' }, undefined),
    ).toMatchObject({
      ok: false,
      field: 'regulationUrl',
    });
    expect(parseReminders('15m, 24h, 1h')).toEqual([1440, 60, 15]);
    expect(parseReminders('1d 30')).toEqual([1440, 30]);
    expect(parseReminders('soon')).toBeUndefined();
  });

  it('turns a wall-clock time into UTC in its zone, and refuses a time the clocks skip', async () => {
    expect(zonedToUtc('2031-11-09', '17:00', 'America/Santiago')?.toISOString()).toBe(
      '2031-11-09T20:00:00.000Z',
    );
    expect(zonedToUtc('2027-01-15', '20:30', 'Europe/Madrid')?.toISOString()).toBe(
      '2027-01-15T19:30:00.000Z',
    );
    expect(zonedToUtc('2027-03-28', '02:30', 'Europe/Madrid')).toBeUndefined();
    // The repeated hour in autumn: the first (summer-time) instant.
    expect(zonedToUtc('2027-10-31', '02:30', 'Europe/Madrid')?.toISOString()).toBe(
      '2027-10-31T00:30:00.000Z',
    );
    expect(
      await check({ ...basics, date: '2027-03-28', time: '02:30', timeZone: 'Europe/Madrid' }, 'schedule'),
    ).toMatchObject({
      step: 'schedule',
      field: 'time',
      message: { en: 'That time does not exist in this zone (the clocks skip it).' },
    });
  });
});

describe('sessions in the database', () => {
  let t: TestContext;
  let env: WizardEnv;
  beforeAll(async () => {
    t = await createTestContext();
    const community = await makeCommunity(t.ctx, { name: 'Paddock Club', game: 'racing' });
    env = {
      app: t.ctx,
      communityId: community.id,
      actor: 'discord:1',
      now: new Date('2030-01-01T00:00:00Z'),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps one open wizard per user, moves only past valid steps, and refuses stale writes', async () => {
    const first = await engine.startWizard(env, eventWizard, 'discord:ana');
    expect(first.ok).toBe(true);
    const session = (first as { session: engine.WizardSession }).session;
    const second = await engine.startWizard(env, tracklist, 'discord:ana');
    expect(second).toMatchObject({ ok: false, open: { key: session.key, kind: 'event' } });
    expect((await engine.startWizard(env, tracklist, 'discord:leo')).ok).toBe(true);

    const blocked = await engine.advance(env, eventWizard, session);
    expect(blocked).toMatchObject({ ok: false, step: 'basics', field: 'title' });
    const typed = await engine.setValues(env, session, basics);
    expect(typed.ok).toBe(true);
    // The session as read before the write is stale now: the write that lost says so.
    expect(await engine.setValues(env, session, { title: 'Other' })).toEqual({ ok: false, stale: true });
    const moved = await engine.advance(
      env,
      eventWizard,
      (typed as { session: engine.WizardSession }).session,
    );
    expect(moved).toMatchObject({ ok: true, session: { step: 'schedule', data: basics } });
    const back = await engine.goBack(env, eventWizard, (moved as { session: engine.WizardSession }).session);
    expect(back).toMatchObject({ ok: true, session: { step: 'basics' } });

    expect(await engine.cancel(env, (back as { session: engine.WizardSession }).session)).toBe(true);
    expect(await engine.findOpenWizard(env, 'discord:ana')).toBeUndefined();
    expect((await engine.startWizard(env, tracklist, 'discord:ana')).ok).toBe(true);
  });

  it('treats an expired wizard as closed and lets a new one start', async () => {
    const started = await engine.startWizard(env, eventWizard, 'discord:old');
    expect(started.ok).toBe(true);
    const later = { ...env, now: new Date(env.now.getTime() + engine.WIZARD_TTL_MS + 1) };
    expect(await engine.findOpenWizard(later, 'discord:old')).toBeUndefined();
    expect((await engine.startWizard(later, tracklist, 'discord:old')).ok).toBe(true);
    // The daily prune (on the real clock) clears rows past their expiry: this one expired in 2020.
    const expired = await engine.startWizard(
      { ...env, now: new Date('2020-01-01T00:00:00Z') },
      eventWizard,
      'discord:gone',
    );
    expect(expired.ok).toBe(true);
    const job = pruneWizardSessionsJob(t.ctx);
    const pruned = (await job.handler({}, { runId: 1, attempt: 1, trigger: 'manual', log: t.ctx.log })) as {
      deleted: number;
    };
    expect(pruned.deleted).toBeGreaterThanOrEqual(1);
    expect(
      await engine.findWizard(env, (expired as { session: engine.WizardSession }).session.key),
    ).toBeUndefined();
  });

  it('saves a draft event and keeps the wizard open on it; a second save updates the same event', async () => {
    const started = await engine.startWizard(env, eventWizard, 'discord:draft');
    let session = (started as { session: engine.WizardSession }).session;
    const missing = await engine.saveDraft(env, eventWizard, session);
    expect(missing).toMatchObject({ ok: false, step: 'basics' });
    session = (
      (await engine.setValues(env, session, { ...basics, ...schedule, capacity: '20' })) as {
        session: engine.WizardSession;
      }
    ).session;
    const saved = await engine.saveDraft(env, eventWizard, session);
    expect(saved).toMatchObject({ ok: true });
    const again = await engine.saveDraft(
      env,
      eventWizard,
      (saved as { session: engine.WizardSession }).session,
    );
    expect((again as { recordId: string }).recordId).toBe((saved as { recordId: string }).recordId);
    const open = await engine.findOpenWizard(env, 'discord:draft');
    expect(open?.recordId).toBe((saved as { recordId: string }).recordId);
    // Publishing needs every step: the first incomplete one is named.
    expect(await engine.publish(env, eventWizard, open!)).toMatchObject({
      ok: false,
      step: 'track',
      field: 'track',
    });
    expect(await engine.findOpenWizard(env, 'discord:draft')).toBeDefined();

    // Archive: the draft's own hook cancels then archives the event (two versions) and the wizard closes.
    const archived = await engine.archive(env, eventWizard, open!);
    expect(archived).toMatchObject({ ok: true, recordId: open!.recordId });
    const [row] = await t.ctx.db.select().from(events).where(eq(events.id, open!.recordId!));
    expect(row).toMatchObject({
      title: 'Interlagos 3h',
      status: 'archived',
      capacity: 20,
      version: 4,
      racing: null,
    });
    expect(row!.startsAt.toISOString()).toBe('2031-11-09T20:00:00.000Z');
    expect(await engine.findOpenWizard(env, 'discord:draft')).toBeUndefined();
  });
});

describe('publishing', () => {
  it('writes the event once; a refused publish gives the wizard back at the step to fix', async () => {
    const t = await createTestContext();
    try {
      const community = await makeCommunity(t.ctx, { game: 'racing' });
      const env: WizardEnv = {
        app: t.ctx,
        communityId: community.id,
        actor: 'discord:9',
        now: new Date('2030-01-01T00:00:00Z'),
      };
      const track = await catalogue.createTrack(t.ctx.db, community.id, { name: 'Interlagos' }, 'test');
      const full = {
        ...basics,
        ...schedule,
        track: track.id,
        vehicleText: 'Stock Car Pro',
        race: '40',
        capacity: '30',
        reminders: '1h',
      };
      const open = async (owner: string) => {
        const started = await engine.startWizard(env, eventWizard, owner, full);
        return (started as { session: engine.WizardSession }).session;
      };
      const first = await engine.publish(env, eventWizard, await open('discord:a'));
      expect(first).toMatchObject({ ok: true });
      // The same title again: refused on the title, and the wizard is back, at that step, with its answers.
      const second = await engine.publish(env, eventWizard, await open('discord:b'));
      expect(second).toMatchObject({ ok: false, step: 'basics', field: 'title' });
      expect(await engine.findOpenWizard(env, 'discord:b')).toMatchObject({ step: 'basics', data: full });
      const rows = await t.ctx.db.select().from(events).where(eq(events.communityId, community.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.racing).toEqual({
        trackId: track.id,
        vehicles: [{ text: 'Stock Car Pro' }],
        settings: { raceMinutes: 40 },
        rules: {},
      });
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('a restart', () => {
  it('loses nothing: a new process on the same database resumes the wizard where it was', async () => {
    const t = await createTestContext();
    // PostgreSQL: the first process is a context of its own on the test's database. PGlite has one
    // process per data directory: the test's context closes, and a new one opens the same directory.
    const first = testDatabaseUrl
      ? await createTestContext({ env: { DATABASE_URL: t.config.DATABASE_URL! } })
      : t;
    const community = await makeCommunity(first.ctx, { game: 'racing' });
    const env: WizardEnv = {
      app: first.ctx,
      communityId: community.id,
      actor: 'discord:7',
      now: new Date('2030-01-01T00:00:00Z'),
    };
    const started = await engine.startWizard(env, eventWizard, 'discord:7');
    const typed = await engine.setValues(env, (started as { session: engine.WizardSession }).session, basics);
    await engine.advance(env, eventWizard, (typed as { session: engine.WizardSession }).session);
    if (first !== t) await first.close();
    else await t.ctx.close();

    const ctx = testDatabaseUrl
      ? t.ctx
      : await createContext(t.config, { log: createLogger('error') as FastifyBaseLogger });
    try {
      const open = await engine.findOpenWizard({ ...env, app: ctx }, 'discord:7');
      expect(open).toMatchObject({ kind: 'event', step: 'schedule', data: basics, version: 3 });
    } finally {
      if (ctx !== t.ctx) await ctx.close();
      await t.close();
    }
  }, 120_000);
});

describe('the bot router: subcommands and autocomplete', () => {
  const typed: string[] = [];
  const feature: BotFeature = {
    module: 'probe',
    commands: [
      {
        name: { en: 'probe', es: 'sonda' },
        description: { en: 'Probe', es: 'Sonda' },
        permission: 'everyone',
        beforeLink: true,
        options: [
          {
            type: ApplicationCommandOptionType.Subcommand,
            name: { en: 'find', es: 'buscar' },
            description: { en: 'Find', es: 'Buscar' },
            options: [
              {
                type: ApplicationCommandOptionType.String,
                name: { en: 'name', es: 'nombre' },
                description: { en: 'Name', es: 'Nombre' },
                autocomplete: async (_ctx, text) => {
                  typed.push(text);
                  if (text === 'boom') throw new Error('catalogue down');
                  return Array.from({ length: 40 }, (_, i) => ({
                    name: `${text} ${i} ${'x'.repeat(120)}`,
                    value: `${i}`,
                  }));
                },
              },
            ],
          },
        ],
        handler: async () => ({ type: 'message', content: 'ok' }),
      },
    ],
  };

  it('registers subcommands with their options and the autocomplete flag', () => {
    const payload = commandPayload(feature.commands![0]!);
    expect(payload.options).toEqual([
      expect.objectContaining({
        type: ApplicationCommandOptionType.Subcommand,
        name: 'find',
        name_localizations: { 'es-ES': 'buscar', 'es-419': 'buscar' },
        options: [expect.objectContaining({ name: 'name', autocomplete: true, required: false })],
      }),
    ]);
    for (const c of catalogueBot.commands) expect(() => commandPayload(c)).not.toThrow();
  });

  it('answers type 8 with at most 25 choices, and an empty list when the handler fails', async () => {
    const t = await createTestContext();
    try {
      const { router } = createBotServices(t.ctx, [feature]);
      const ask = async (value: string) => {
        let body: unknown;
        await router.dispatch(
          {
            id: '1290000000000000100',
            application_id: '1290000000000000001',
            type: InteractionType.ApplicationCommandAutocomplete,
            token: 'tok',
            version: 1,
            guild_id: '1290000000000000200',
            member: { user: { id: '1290000000000000300', username: 'ana' }, roles: [], permissions: '0' },
            data: {
              id: '1290000000000000400',
              name: 'probe',
              type: 1,
              options: [
                { type: 1, name: 'find', options: [{ type: 3, name: 'name', value, focused: true }] },
              ],
            },
          } as never,
          {
            transport: 'http',
            respond: async (b) => {
              body = b;
            },
          },
        );
        return body as { type: number; data: { choices: { name: string; value: string }[] } };
      };
      const answer = await ask('spa');
      expect(answer.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      expect(answer.data.choices).toHaveLength(25);
      expect(answer.data.choices[0]!.name).toHaveLength(100);
      expect((await ask('boom')).data.choices).toEqual([]);
      expect(typed).toEqual(['spa', 'boom']);
    } finally {
      await t.close();
    }
  }, 120_000);
});
