import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandOptionType,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import { type BotFeature, grantModule } from '../src/modules/bot';
import { catalogueBot } from '../src/modules/events/catalogue-bot';
import { discordOfficer } from './bot-fixtures';
import { harness, member } from './bot-harness';
import { type Actor, buttonClick, chatInput, modalSubmit, PERMISSIONS } from './fakes/discord-bot';

/** The events module's bot feature as the lead will register it (this branch's part of it). */
export const eventsFeature: BotFeature = { module: 'events', ...catalogueBot };

type Where = Parameters<typeof chatInput>[1];

/** A slash command with a subcommand and string options, as Discord sends it. */
export function subcommand(
  actor: Actor,
  where: Where,
  name: string,
  sub: string,
  options: Record<string, string> = {},
) {
  const i = chatInput(actor, where, name);
  (i.data as { options: unknown[] }).options = [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: sub,
      options: Object.entries(options).map(([n, value]) => ({
        name: n,
        type: ApplicationCommandOptionType.String,
        value,
      })),
    },
  ];
  return i;
}

/** Typing in an autocompleted option: Discord sends type 4 with the option `focused`. */
export function autocomplete(
  actor: Actor,
  where: Where,
  name: string,
  sub: string,
  option: string,
  typed: string,
): APIApplicationCommandAutocompleteInteraction {
  const i = subcommand(actor, where, name, sub);
  (i.data as { options: unknown[] }).options = [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: sub,
      options: [{ name: option, type: ApplicationCommandOptionType.String, value: typed, focused: true }],
    },
  ];
  return {
    ...i,
    type: InteractionType.ApplicationCommandAutocomplete,
  } as unknown as APIApplicationCommandAutocompleteInteraction;
}

/** A pick in a string (or channel) select of a message the bot sent. */
export function selectPick(actor: Actor, where: Where, customId: string, values: string[], channel = false) {
  const i = buttonClick(actor, where, customId);
  return {
    ...i,
    data: {
      custom_id: customId,
      component_type: channel ? ComponentType.ChannelSelect : ComponentType.StringSelect,
      values,
      ...(channel ? { resolved: { channels: {} } } : {}),
    },
  } as unknown as APIInteraction;
}

export { modalSubmit };

interface Row {
  components: {
    type: number;
    custom_id?: string;
    label?: string;
    options?: { label: string; value: string }[];
  }[];
}

/** A wizard harness: the events feature on the fake Discord, a linked server and an organiser. */
export async function wizardHarness() {
  const h = await harness({ features: [eventsFeature] });
  const officer = await discordOfficer(h.t.ctx, h.communityId);
  const setup = chatInput(officer, h.where, 'setup', { community: h.communityId });
  h.fake.interact(setup);
  await h.fake.rest.callbackOf(setup.id);
  /** Holds `events` and `catalogue` by a role grant; not a server manager. */
  const role = '1290000000000009999';
  for (const module of ['events', 'catalogue'] as const)
    await grantModule(h.t.ctx.db, h.communityId, { module, subjectType: 'role', subjectId: role }, 'test');
  const organiser = member('Marta', { roles: [role] });
  const send = async (i: APIInteraction): Promise<APIInteractionResponse> => {
    h.fake.interact(i);
    return (await h.fake.rest.callbackOf(i.id)).body;
  };
  return { h, organiser, officer, send, manager: member('Admin', { permissions: PERMISSIONS.manageGuild }) };
}

export const content = (body: APIInteractionResponse) =>
  (body as { data?: { content?: string } }).data?.content ?? '';

export const rows = (body: APIInteractionResponse): Row[] =>
  ((body as { data?: { components?: Row[] } }).data?.components ?? []) as Row[];

/** The custom_id of the component whose id ends with `:<action>` (a button or a `sel:<field>`). */
export function idOf(body: APIInteractionResponse, action: string): string {
  for (const row of rows(body))
    for (const c of row.components) if (c.custom_id?.endsWith(`:${action}`)) return c.custom_id;
  throw new Error(`no component ${action} in ${JSON.stringify(rows(body))}`);
}

/** The labels of the buttons a message shows, in order. */
export const buttons = (body: APIInteractionResponse) =>
  rows(body)
    .flatMap((r) => r.components)
    .filter((c) => c.type === ComponentType.Button)
    .map((c) => c.label);

export const optionsOf = (body: APIInteractionResponse, field: string) =>
  rows(body)
    .flatMap((r) => r.components)
    .find((c) => c.custom_id?.endsWith(`:sel:${field}`))?.options ?? [];
