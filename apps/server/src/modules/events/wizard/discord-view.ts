import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { type BotLanguage, encodeCustomId, type L10n, translate } from '../../bot';
import type {
  SelectField,
  StepError,
  TextField,
  WizardDefinition,
  WizardEnv,
  WizardStep,
  WizardValues,
} from './definition';
import { actionsOf, stepIndex, stepOf, validateSteps, type WizardAction, type WizardSession } from './engine';

/** `events:wiz:<session key>:<action>`: everything a click needs, read back after any restart. */
export const wizardCustomId = (key: string, action: string) =>
  encodeCustomId({ module: 'events', action: 'wiz', key: `${key}:${action}` });

/** Discord's limits the wizard's own text must fit (labels checked once per definition). */
export const DISCORD_LIMITS = {
  label: 45,
  textValue: 4000,
  modalInputs: 5,
  selectOptions: 25,
  rows: 5,
} as const;

const buttonText: Record<WizardAction, L10n> = {
  back: { en: 'Back', es: 'Anterior' },
  next: { en: 'Next', es: 'Siguiente' },
  save: { en: 'Save draft', es: 'Guardar borrador' },
  publish: { en: 'Publish', es: 'Publicar' },
  archive: { en: 'Archive draft', es: 'Archivar borrador' },
  cancel: { en: 'Cancel', es: 'Cancelar' },
};

const buttonStyle: Record<
  WizardAction,
  ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger
> = {
  back: ButtonStyle.Secondary,
  next: ButtonStyle.Primary,
  save: ButtonStyle.Secondary,
  publish: ButtonStyle.Success,
  archive: ButtonStyle.Danger,
  cancel: ButtonStyle.Danger,
};

export const viewText = {
  step: { en: 'Step {n}/{total}', es: 'Paso {n}/{total}' },
  fill: { en: 'Fill in', es: 'Rellenar' },
  problem: { en: '⚠️ {step}: {message}', es: '⚠️ {step}: {message}' },
} satisfies Record<string, L10n>;

const textFields = (step: WizardStep) =>
  step.fields.filter((f): f is TextField => f.kind === 'text' || f.kind === 'paragraph');

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface RenderInput {
  env: WizardEnv;
  def: WizardDefinition;
  session: WizardSession;
  lang: BotLanguage;
  error?: StepError;
  notice?: L10n;
}

/** A step as one ephemeral message: its answers, its selects, a Fill in button for text, and navigation. */
export async function renderStep({ env, def, session, lang, error, notice }: RenderInput) {
  const t = (text: L10n, vars?: Record<string, string | number>) => translate(text, lang, vars);
  const step = stepOf(def, session.step);
  const values = session.data;
  const lines = [
    `**${t(def.title)}** · ${t(viewText.step, { n: stepIndex(def, step.id) + 1, total: def.steps.length })} — ${t(step.title)}`,
  ];
  if (step.help) lines.push(t(step.help));
  const rows: Row[] = [];
  for (const field of step.fields) {
    const raw = values[field.id];
    const picked = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
    if (field.kind === 'text' || field.kind === 'paragraph') {
      lines.push(`• ${t(field.label)}: ${raw ? clip(String(raw), 200) : '—'}`);
    } else if (field.kind === 'channel') {
      lines.push(`• ${t(field.label)}: ${picked[0] ? `<#${picked[0]}>` : '—'}`);
      rows.push({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.ChannelSelect,
            custom_id: wizardCustomId(session.key, `sel:${field.id}`),
            placeholder: t(field.label),
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum],
            min_values: 0,
            max_values: 1,
            default_values: picked
              .slice(0, 1)
              .map((id) => ({ id, type: SelectMenuDefaultValueType.Channel })),
          },
        ],
      });
    } else {
      const select = field as SelectField;
      const options = (await select.options(env, values)).slice(0, DISCORD_LIMITS.selectOptions);
      const chosen = options.filter((o) => picked.includes(o.value)).map((o) => o.label);
      lines.push(`• ${t(field.label)}: ${chosen.length > 0 ? clip(chosen.join(', '), 300) : '—'}`);
      if (options.length === 0) {
        lines.push(`  ${t(select.empty)}`);
        continue;
      }
      rows.push({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: wizardCustomId(session.key, `sel:${field.id}`),
            placeholder: clip(t(field.label), 150),
            min_values: 0,
            max_values: select.kind === 'multiselect' ? options.length : 1,
            options: options.map((o) => ({
              label: clip(o.label, 100),
              value: o.value,
              ...(o.description ? { description: clip(o.description, 100) } : {}),
              default: picked.includes(o.value),
            })),
          },
        ],
      });
    }
  }
  if (step.review) {
    const all = await validateSteps(def, values, env);
    if (all.ok) lines.push('', ...(await def.review(env, all.parsed, lang)));
    else if (!error) error = all;
  }
  if (error)
    lines.push(
      '',
      t(viewText.problem, { step: t(stepOf(def, error.step).title), message: t(error.message) }),
    );
  if (notice) lines.push('', t(notice));
  if (textFields(step).length > 0)
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: t(viewText.fill),
          custom_id: wizardCustomId(session.key, 'edit'),
        },
      ],
    });
  rows.push({
    type: ComponentType.ActionRow,
    components: actionsOf(def, step, session.recordId).map((a) => ({
      type: ComponentType.Button,
      style: buttonStyle[a],
      label: t(a === 'publish' ? def.publishLabel : buttonText[a]),
      custom_id: wizardCustomId(session.key, a),
    })),
  });
  return { content: clip(lines.join('\n'), 2000), components: rows };
}

/** The step's text fields as a modal, filled with what was typed before. */
export function stepModal(
  def: WizardDefinition,
  session: WizardSession,
  lang: BotLanguage,
): APIModalInteractionResponseCallbackData {
  const step = stepOf(def, session.step);
  const t = (text: L10n) => translate(text, lang);
  return {
    custom_id: wizardCustomId(session.key, `form:${step.id}`),
    title: clip(`${t(def.title)} — ${t(step.title)}`, 45),
    components: textFields(step).map((f) => {
      const value = String(session.data[f.id] ?? '').slice(0, f.maxLength);
      return {
        type: ComponentType.Label,
        label: t(f.label),
        component: {
          type: ComponentType.TextInput,
          custom_id: f.id,
          style: f.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: false,
          max_length: f.maxLength,
          ...(f.placeholder ? { placeholder: t(f.placeholder).slice(0, 100) } : {}),
          ...(value ? { value } : {}),
        },
      };
    }),
  };
}

/** The modal's answers for the step's text fields (anything else submitted is ignored). */
export function modalValues(step: WizardStep, fields: Record<string, string>): WizardValues {
  return Object.fromEntries(textFields(step).map((f) => [f.id, (fields[f.id] ?? '').slice(0, f.maxLength)]));
}

/** A definition Discord could not show: too many inputs for a modal, labels too long, too many rows. */
export function discordProblems(def: WizardDefinition): string[] {
  const problems: string[] = [];
  for (const step of def.steps) {
    if (textFields(step).length > DISCORD_LIMITS.modalInputs)
      problems.push(`${def.kind}.${step.id}: more than 5 text fields`);
    const selects = step.fields.length - textFields(step).length;
    if (selects + (textFields(step).length > 0 ? 1 : 0) + 1 > DISCORD_LIMITS.rows)
      problems.push(`${def.kind}.${step.id}: more than 5 rows`);
    for (const f of step.fields) {
      for (const lang of ['en', 'es'] as const)
        if (f.label[lang].length > DISCORD_LIMITS.label)
          problems.push(`${def.kind}.${step.id}.${f.id}: ${lang} label over 45 characters`);
      if ((f.kind === 'text' || f.kind === 'paragraph') && f.maxLength > DISCORD_LIMITS.textValue)
        problems.push(`${def.kind}.${step.id}.${f.id}: max length over 4000`);
    }
  }
  return problems;
}
