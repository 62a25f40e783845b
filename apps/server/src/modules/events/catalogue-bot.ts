import { ApplicationCommandOptionType as Opt } from 'discord-api-types/v10';
import type { BotCommand, BotComponent } from '../bot';
import { catalogueModals, itemCommand, pickTrack, sub, trackAutocomplete } from './catalogue-commands';
import { resumeFromCommand, startFromCommand, wizardComponents, wizardModals } from './wizard/discord-flow';
import { eventWizard } from './wizard/event-wizard';
import { trackListWizard, vehicleListWizard } from './wizard/list-wizards';

const eventCommand: BotCommand = {
  name: { en: 'event', es: 'evento' },
  description: { en: 'Create and manage community events', es: 'Crea y gestiona eventos de la comunidad' },
  permission: 'events',
  options: [
    sub(
      { en: 'create', es: 'crear' },
      { en: 'Create an event step by step', es: 'Crea un evento paso a paso' },
      [
        {
          type: Opt.String,
          name: { en: 'track', es: 'circuito' },
          description: { en: 'Start with this track', es: 'Empieza con este circuito' },
          maxLength: 100,
          autocomplete: trackAutocomplete,
        },
      ],
    ),
    sub(
      { en: 'resume', es: 'reanudar' },
      { en: 'Resume your open wizard', es: 'Reanuda tu asistente abierto' },
    ),
  ],
  async handler(ctx) {
    if (ctx.options._subcommand === 'resume') return resumeFromCommand(ctx);
    const typed = String(ctx.options.track ?? '');
    const track = typed ? await pickTrack(ctx, typed) : undefined;
    return startFromCommand(ctx, eventWizard, track ? { track: track.id } : {});
  },
};

const listCommand = (kind: 'track' | 'vehicle'): BotCommand => ({
  name:
    kind === 'track'
      ? { en: 'tracklist', es: 'listacircuitos' }
      : { en: 'vehiclelist', es: 'listavehiculos' },
  description:
    kind === 'track'
      ? { en: 'Named lists of tracks', es: 'Listas de circuitos con nombre' }
      : { en: 'Named lists of vehicles', es: 'Listas de vehículos con nombre' },
  permission: 'catalogue',
  options: [
    sub(
      { en: 'create', es: 'crear' },
      kind === 'track'
        ? { en: 'Create a track list step by step', es: 'Crea una lista de circuitos paso a paso' }
        : { en: 'Create a vehicle list step by step', es: 'Crea una lista de vehículos paso a paso' },
    ),
  ],
  handler: (ctx) => startFromCommand(ctx, kind === 'track' ? trackListWizard : vehicleListWizard),
});

/**
 * The catalogue's and the wizards' part of the events module's bot feature (module `events`):
 * components and modals use the actions `wiz`, `track-add` and `vehicle-add`.
 */
export const catalogueBot: { commands: BotCommand[]; components: BotComponent[]; modals: BotComponent[] } = {
  commands: [
    eventCommand,
    listCommand('track'),
    listCommand('vehicle'),
    itemCommand('track'),
    itemCommand('vehicle'),
  ],
  components: wizardComponents,
  modals: [...wizardModals, ...catalogueModals],
};
