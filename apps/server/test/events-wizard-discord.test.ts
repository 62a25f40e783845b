import { InteractionResponseType } from 'discord-api-types/v10';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as catalogue from '../src/modules/events/catalogue.service';
import { catalogueLists } from '../src/modules/events/catalogue.tables';
import { events } from '../src/modules/events/events.tables';
import { member, TIMEOUT } from './bot-harness';
import {
  autocomplete,
  buttons,
  content,
  idOf,
  modalSubmit,
  optionsOf,
  rows,
  selectPick,
  subcommand,
  wizardHarness,
} from './events-wizard-fixtures';
import { buttonClick, PERMISSIONS } from './fakes/discord-bot';

async function seedCatalogue(db: Parameters<typeof catalogue.createTrack>[0], communityId: string) {
  const spa = await catalogue.createTrack(
    db,
    communityId,
    { name: 'Spa-Francorchamps', country: 'Belgium', layout: 'GP' },
    'test',
  );
  const monza = await catalogue.createTrack(db, communityId, { name: 'Monza', country: 'Italy' }, 'test');
  const gt3 = await catalogue.createVehicle(
    db,
    communityId,
    { name: 'Porsche 911 GT3 R', category: 'GT3' },
    'test',
  );
  const ferrari = await catalogue.createVehicle(
    db,
    communityId,
    { name: 'Ferrari 296 GT3', category: 'GT3' },
    'test',
  );
  const calendar = await catalogue.createList(
    db,
    communityId,
    { kind: 'track', name: 'GT3 Calendar', itemIds: [monza.id, spa.id] },
    'test',
  );
  const cars = await catalogue.createList(
    db,
    communityId,
    { kind: 'vehicle', name: 'GT3 cars', itemIds: [gt3.id, ferrari.id] },
    'test',
  );
  return { spa, monza, gt3, ferrari, calendar, cars };
}

describe('the event wizard on Discord', () => {
  it(
    'walks every step with validation before each Next, survives a restart and publishes the event',
    async () => {
      const { h, organiser, send } = await wizardHarness();
      const c = await seedCatalogue(h.t.ctx.db, h.communityId);
      const w = h.where;

      let msg = await send(subcommand(organiser, w, 'event', 'create'));
      expect(content(msg)).toContain('**New event** · Step 1/8 — Title and description');
      expect(buttons(msg)).toEqual(['Fill in', 'Next', 'Save draft', 'Cancel']);
      const nextId = idOf(msg, 'next');
      expect(nextId).toMatch(/^events:wiz:[\w-]+:next$/);

      // Next without a title stays on the step and says why.
      msg = await send(buttonClick(organiser, w, nextId));
      expect(msg.type).toBe(InteractionResponseType.UpdateMessage);
      expect(content(msg)).toContain('Step 1/8');
      expect(content(msg)).toContain('⚠️ Title and description: Give the event a title (1–100 characters).');

      // Fill in opens the step's modal (labels within 45 characters), its answers show on the step.
      const modal = await send(buttonClick(organiser, w, idOf(msg, 'edit')));
      expect(modal.type).toBe(InteractionResponseType.Modal);
      const modalData = (modal as { data: { custom_id: string; components: { label: string }[] } }).data;
      expect(modalData.components.map((l) => l.label)).toEqual(['Title', 'Description']);
      msg = await send(
        modalSubmit(organiser, w, modalData.custom_id, {
          title: 'Spa 6 Hours',
          description: 'Endurance night',
        }),
      );
      expect(content(msg)).toContain('• Title: Spa 6 Hours');

      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 2/8 — Date, time and time zone');
      expect(buttons(msg)).toEqual(['Fill in', 'Back', 'Next', 'Save draft', 'Cancel']);
      const scheduleForm = idOf(msg, 'next').replace(/:next$/, ':form:schedule');
      msg = await send(
        modalSubmit(organiser, w, scheduleForm, {
          date: '2031-07-05',
          time: '25:00',
          timeZone: 'Europe/Madrid',
        }),
      );
      expect(content(msg)).toContain('A time like 20:30.');
      msg = await send(
        modalSubmit(organiser, w, scheduleForm, {
          date: '2031-07-05',
          time: '20:30',
          timeZone: 'Europe/Madrid',
        }),
      );
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 3/8 — Track');

      // Track: the list narrows the track select to its tracks, in the list's order.
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:trackList'), [c.calendar.id]));
      expect(optionsOf(msg, 'track').map((o) => o.label)).toEqual(['Monza', 'Spa-Francorchamps (GP)']);
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('⚠️ Track: Pick the track.');
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:track'), [c.spa.id]));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 4/8 — Vehicles');

      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Pick or type at least one vehicle.');
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:vehicleList'), [c.cars.id]));
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:vehicles'), [c.gt3.id, c.ferrari.id]));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 5/8 — Session settings');

      const settingsForm = idOf(msg, 'next').replace(/:next$/, ':form:settings');
      const settings = { practice: '30', qualifying: '15', race: 'ninety', weather: 'Dynamic', damage: '50' };
      msg = await send(modalSubmit(organiser, w, settingsForm, settings));
      expect(content(msg)).toContain('Race: whole minutes from 1 to 1440.');
      msg = await send(modalSubmit(organiser, w, settingsForm, { ...settings, race: '360' }));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 6/8 — Rules');

      // The regulation is a link or a channel, never both.
      const rulesForm = idOf(msg, 'next').replace(/:next$/, ':form:rules');
      msg = await send(
        modalSubmit(organiser, w, rulesForm, {
          rulesText: 'No ramming',
          regulationUrl: 'https://league.example/rules',
        }),
      );
      const channel = '1290000000000004242';
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:regulationChannel'), [channel], true));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('The regulation is a link or a channel, not both');
      msg = await send(selectPick(organiser, w, idOf(msg, 'sel:regulationChannel'), [], true));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 7/8 — Capacity and reminders');

      const capacityForm = idOf(msg, 'next').replace(/:next$/, ':form:capacity');
      msg = await send(
        modalSubmit(organiser, w, capacityForm, { capacity: '24', reminders: '24h, 1h, 15m' }),
      );
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Step 8/8 — Review');
      expect(buttons(msg)).toEqual(['Back', 'Save draft', 'Publish', 'Cancel']);
      expect(content(msg)).toContain('Track: Spa-Francorchamps (GP)');
      expect(content(msg)).toContain('Vehicles: Ferrari 296 GT3, Porsche 911 GT3 R');
      const publishId = idOf(msg, 'publish');

      // A new process: the wizard lives in the database, the old message's buttons still work.
      await h.restart();
      const published = await send(buttonClick(organiser, w, publishId));
      expect(content(published)).toBe('Event **Spa 6 Hours** published.');
      expect(rows(published)).toEqual([]);

      const [row] = await h.t.ctx.db.select().from(events).where(eq(events.communityId, h.communityId));
      expect(row).toMatchObject({
        title: 'Spa 6 Hours',
        status: 'scheduled',
        capacity: 24,
        timeZone: 'Europe/Madrid',
        reminderOffsets: [1440, 60, 15],
        createdBy: `discord:${organiser.user.id}`,
      });
      // 20:30 in Madrid in July is 18:30 UTC (summer time).
      expect(row!.startsAt.toISOString()).toBe('2031-07-05T18:30:00.000Z');
      expect(row!.publishedAt).not.toBeNull();
      expect(row!.racing).toEqual({
        trackId: c.spa.id,
        vehicles: [{ vehicleId: c.gt3.id }, { vehicleId: c.ferrari.id }],
        settings: {
          practiceMinutes: 30,
          qualifyingMinutes: 15,
          raceMinutes: 360,
          weather: 'Dynamic',
          damagePercent: 50,
        },
        rules: { text: 'No ramming', regulationUrl: 'https://league.example/rules' },
      });

      // The wizard is closed: its buttons say so.
      const again = await send(buttonClick(organiser, w, publishId));
      expect(content(again)).toBe('This wizard is closed (finished, cancelled or expired).');
    },
    TIMEOUT,
  );

  it(
    'keeps one wizard per user: a second is refused naming the open one, with Resume; cancel clears it',
    async () => {
      const { h, organiser, send } = await wizardHarness();
      const w = h.where;
      const first = await send(subcommand(organiser, w, 'event', 'create'));
      const form = idOf(first, 'next').replace(/:next$/, ':form:basics');
      await send(modalSubmit(organiser, w, form, { title: 'Monza sprint' }));
      await send(buttonClick(organiser, w, idOf(first, 'next')));

      const second = await send(subcommand(organiser, w, 'tracklist', 'create'));
      expect(content(second)).toBe(
        'You already have an open wizard: **New event** (step 2/8 — Date, time and time zone). Resume it, or cancel it to start another.',
      );
      expect(buttons(second)).toEqual(['Resume', 'Cancel it']);

      // Resume shows it where it was, with what was typed.
      const resumed = await send(buttonClick(organiser, w, idOf(second, 'resume')));
      expect(content(resumed)).toContain('Step 2/8');
      const back = await send(buttonClick(organiser, w, idOf(resumed, 'back')));
      expect(content(back)).toContain('• Title: Monza sprint');
      const viaCommand = await send(subcommand(organiser, w, 'event', 'resume'));
      expect(content(viaCommand)).toContain('Step 1/8');

      // Someone else's click on it is refused.
      const intruder = await send(buttonClick(member('Pablo', { permissions: '40' }), w, idOf(back, 'next')));
      expect(content(intruder)).toBe('This wizard belongs to someone else.');
      // Without the events module, no wizard at all.
      const denied = await send(subcommand(member('Lucía'), w, 'event', 'create'));
      expect(content(denied)).toBe('You do not have permission to use this here.');

      const cancelled = await send(buttonClick(organiser, w, idOf(second, 'cancel')));
      expect(content(cancelled)).toBe('Wizard cancelled.');
      const none = await send(subcommand(organiser, w, 'event', 'resume'));
      expect(content(none)).toBe('You have no open wizard here.');
      const list = await send(subcommand(organiser, w, 'tracklist', 'create'));
      // In Spanish for a Spanish-speaking user (the server chose no language); Manage Server holds every module.
      const es = await send(
        subcommand(
          member('Iker', { locale: 'es-ES', permissions: PERMISSIONS.manageGuild }),
          w,
          'event',
          'create',
        ),
      );
      expect(content(es)).toContain('**Nuevo evento** · Paso 1/8 — Título y descripción');
      expect(buttons(es)).toEqual(['Rellenar', 'Siguiente', 'Guardar borrador', 'Cancelar']);
      expect(content(list)).toContain('**New track list** · Step 1/3 — Name');
    },
    TIMEOUT,
  );

  it(
    'adds tracks by modal, autocompletes their names, and builds a track list in its wizard',
    async () => {
      const { h, organiser, send } = await wizardHarness();
      const w = h.where;
      const modal = await send(subcommand(organiser, w, 'track', 'add'));
      expect(modal.type).toBe(InteractionResponseType.Modal);
      const id = (modal as { data: { custom_id: string } }).data.custom_id;
      const fields = {
        name: 'Spa-Francorchamps',
        country: 'Belgium',
        layout: 'Endurance',
        length: '7,004',
        image: 'http://img.example/spa.png',
      };
      expect(content(await send(modalSubmit(organiser, w, id, fields)))).toBe(
        'The image link must start with https://.',
      );
      fields.image = 'https://img.example/spa.png';
      expect(content(await send(modalSubmit(organiser, w, id, fields)))).toBe(
        'Track **Spa-Francorchamps (Endurance)** added.',
      );
      expect(
        content(await send(modalSubmit(organiser, w, id, { ...fields, name: 'spa-francorchamps' }))),
      ).toBe('**spa-francorchamps** is already in the catalogue.');
      await send(modalSubmit(organiser, w, id, { name: 'Suzuka', country: 'Japan' }));

      // Autocomplete: type 8 with the matches; nothing for someone without the module.
      const typed = await send(autocomplete(organiser, w, 'track', 'show', 'name', 'bel'));
      expect(typed.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      const choices = (typed as { data: { choices: { name: string; value: string }[] } }).data.choices;
      expect(choices.map((ch) => ch.name)).toEqual(['Spa-Francorchamps (Endurance)']);
      const outsider = await send(autocomplete(member('Nadie'), w, 'track', 'show', 'name', 'bel'));
      expect((outsider as { data: { choices: unknown[] } }).data.choices).toEqual([]);
      const shown = await send(subcommand(organiser, w, 'track', 'show', { name: choices[0]!.value }));
      expect(
        (shown as { data: { embeds: { title: string; image?: { url: string } }[] } }).data.embeds[0],
      ).toMatchObject({
        title: 'Spa-Francorchamps (Endurance)',
        image: { url: 'https://img.example/spa.png' },
      });

      let msg = await send(subcommand(organiser, w, 'tracklist', 'create'));
      const nameForm = idOf(msg, 'next').replace(/:next$/, ':form:name');
      msg = await send(modalSubmit(organiser, w, nameForm, { name: 'Endurance season' }));
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(optionsOf(msg, 'items').map((o) => o.label)).toEqual([
        'Spa-Francorchamps (Endurance)',
        'Suzuka',
      ]);
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(content(msg)).toContain('Pick at least one track.');
      msg = await send(
        selectPick(
          organiser,
          w,
          idOf(msg, 'sel:items'),
          optionsOf(msg, 'items').map((o) => o.value),
        ),
      );
      msg = await send(buttonClick(organiser, w, idOf(msg, 'next')));
      expect(buttons(msg)).toEqual(['Back', 'Create list', 'Cancel']);
      expect(content(msg)).toContain('Tracks (2): Spa-Francorchamps (Endurance), Suzuka');
      const done = await send(buttonClick(organiser, w, idOf(msg, 'publish')));
      expect(content(done)).toBe('Track list **Endurance season** created.');
      const lists = await h.t.ctx.db
        .select()
        .from(catalogueLists)
        .where(eq(catalogueLists.communityId, h.communityId));
      expect(lists.map((l) => [l.kind, l.name, l.itemIds.length])).toEqual([
        ['track', 'Endurance season', 2],
      ]);
    },
    TIMEOUT,
  );
});
