import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import {
  type BotComponent,
  BotRefusal,
  type BotReply,
  canUseModule,
  type InteractionContext,
  type L10n,
} from '../../bot';
import type { StepError, WizardDefinition, WizardEnv, WizardValues } from './definition';
import { modalValues, renderStep, stepModal, wizardCustomId } from './discord-view';
import * as engine from './engine';
import { wizardOf } from './wizards';

export const flowText = {
  closed: {
    en: 'This wizard is closed (finished, cancelled or expired).',
    es: 'Este asistente está cerrado (terminado, cancelado o caducado).',
  },
  notYours: { en: 'This wizard belongs to someone else.', es: 'Este asistente es de otra persona.' },
  noPermission: {
    en: 'You do not have permission to use this here.',
    es: 'No tienes permiso para usar esto aquí.',
  },
  alreadyOpen: {
    en: 'You already have an open wizard: **{title}** (step {n}/{total} — {step}). Resume it, or cancel it to start another.',
    es: 'Ya tienes un asistente abierto: **{title}** (paso {n}/{total} — {step}). Reanúdalo o cancélalo para empezar otro.',
  },
  noneOpen: { en: 'You have no open wizard here.', es: 'No tienes ningún asistente abierto aquí.' },
  resume: { en: 'Resume', es: 'Reanudar' },
  cancelIt: { en: 'Cancel it', es: 'Cancelarlo' },
  cancelled: { en: 'Wizard cancelled.', es: 'Asistente cancelado.' },
  cancelledDraftKept: {
    en: 'Wizard cancelled. The draft it saved stays.',
    es: 'Asistente cancelado. El borrador que guardó se conserva.',
  },
  draftSaved: { en: 'Draft saved.', es: 'Borrador guardado.' },
  archived: { en: 'Draft archived.', es: 'Borrador archivado.' },
} satisfies Record<string, L10n>;

const ownerOf = (ctx: InteractionContext) => `discord:${ctx.user.id}`;

export function envOf(ctx: InteractionContext): WizardEnv {
  if (!ctx.link) throw new BotRefusal('NOT_LINKED', flowText.noPermission);
  return { app: ctx.app, communityId: ctx.link.communityId, actor: ownerOf(ctx), now: new Date() };
}

async function mayDrive(ctx: InteractionContext, def: WizardDefinition) {
  if (!ctx.member || !(await canUseModule(ctx.app.db, ctx.link!.communityId, ctx.member, def.permission)))
    throw new BotRefusal('MISSING_PERMISSION', flowText.noPermission);
}

/** The message that refuses a second wizard: it names the open one and offers Resume and Cancel. */
function alreadyOpen(ctx: InteractionContext, open: engine.WizardSession): BotReply {
  const def = wizardOf(open.kind)!;
  const step = engine.stepOf(def, open.step);
  return {
    type: 'message',
    content: ctx.t(flowText.alreadyOpen, {
      title: ctx.t(def.title),
      n: engine.stepIndex(def, step.id) + 1,
      total: def.steps.length,
      step: ctx.t(step.title),
    }),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: ctx.t(flowText.resume),
            custom_id: wizardCustomId(open.key, 'resume'),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: ctx.t(flowText.cancelIt),
            custom_id: wizardCustomId(open.key, 'cancel'),
          },
        ],
      },
    ],
  };
}

/** `/event create`, `/tracklist create`…: opens a wizard, or refuses while another is open. */
export async function startFromCommand(
  ctx: InteractionContext,
  def: WizardDefinition,
  initial: WizardValues = {},
): Promise<BotReply> {
  const env = envOf(ctx);
  const started = await engine.startWizard(env, def, ownerOf(ctx), initial);
  if (!started.ok) {
    await mayDrive(ctx, wizardOf(started.open.kind)!);
    return alreadyOpen(ctx, started.open);
  }
  return { type: 'message', ...(await renderStep({ env, def, session: started.session, lang: ctx.lang })) };
}

/** `/event resume`: the user's open wizard, whichever kind, as a new message. */
export async function resumeFromCommand(ctx: InteractionContext): Promise<BotReply> {
  const env = envOf(ctx);
  const open = await engine.findOpenWizard(env, ownerOf(ctx));
  if (!open) throw new BotRefusal('NO_OPEN_WIZARD', flowText.noneOpen);
  const def = wizardOf(open.kind)!;
  await mayDrive(ctx, def);
  return { type: 'message', ...(await renderStep({ env, def, session: open, lang: ctx.lang })) };
}

/** The session a click or a modal names, checked: still open, the clicker's own, and allowed. */
async function load(ctx: InteractionContext, key: string) {
  const env = envOf(ctx);
  const session = await engine.findWizard(env, key);
  if (!session) throw new BotRefusal('WIZARD_CLOSED', flowText.closed);
  if (session.ownerId !== ownerOf(ctx) || session.communityId !== env.communityId)
    throw new BotRefusal('NOT_YOUR_WIZARD', flowText.notYours);
  const def = wizardOf(session.kind);
  if (!def) throw new BotRefusal('WIZARD_CLOSED', flowText.closed);
  await mayDrive(ctx, def);
  return { env, def, session };
}

function closedReply(ctx: InteractionContext, text: L10n, vars?: Record<string, string>): BotReply {
  return { type: 'update', content: ctx.t(text, vars), components: [] };
}

async function onClick(ctx: InteractionContext): Promise<BotReply> {
  const [key = '', action = '', arg = ''] = ctx.customId!.key.split(':');
  const { env, def, session } = await load(ctx, key);
  const show = async (s: engine.WizardSession, extra: { error?: StepError; notice?: L10n } = {}) => ({
    type: 'update' as const,
    ...(await renderStep({ env, def, session: s, lang: ctx.lang, ...extra })),
  });
  const staleOr = async (change: engine.Change) =>
    change.ok
      ? show(change.session)
      : show((await engine.findWizard(env, key)) ?? session, { notice: engine.engineMessages.stale });
  switch (action) {
    case 'resume':
      return show(session);
    case 'edit':
      return { type: 'modal', modal: stepModal(def, session, ctx.lang) };
    case 'sel': {
      const step = engine.stepOf(def, session.step);
      const field = step.fields.find((f) => f.id === arg);
      if (!field) return show(session, { notice: engine.engineMessages.stale });
      let value: string | string[] = ctx.values[0] ?? '';
      if (field.kind === 'multiselect') {
        // The select shows 25 options: picks outside them (an earlier filter's) are kept.
        const shown = new Set((await field.options(env, session.data)).map((o) => o.value));
        const before = session.data[field.id];
        const kept = (Array.isArray(before) ? before : []).filter((v) => !shown.has(v));
        value = [...new Set([...kept, ...ctx.values])];
      }
      return staleOr(await engine.setValues(env, session, { [field.id]: value }));
    }
    case 'next': {
      const moved = await engine.advance(env, def, session);
      if (!moved.ok && !moved.stale) return show(session, { error: moved });
      return staleOr(moved as engine.Change);
    }
    case 'back':
      return staleOr(await engine.goBack(env, def, session));
    case 'save': {
      const saved = await engine.saveDraft(env, def, session);
      if (saved.ok) return show(saved.session!, { notice: flowText.draftSaved });
      return failed(saved);
    }
    case 'publish': {
      const done = await engine.publish(env, def, session);
      if (done.ok)
        return closedReply(ctx, def.published, { name: String(done.parsed.title ?? done.parsed.name ?? '') });
      return failed(done);
    }
    case 'archive': {
      const done = await engine.archive(env, def, session);
      return done.ok ? closedReply(ctx, flowText.archived) : failed(done);
    }
    case 'cancel':
      await engine.cancel(env, session);
      return closedReply(ctx, session.recordId ? flowText.cancelledDraftKept : flowText.cancelled);
    default:
      return show(session);
  }

  /** A step failed on save or publish: take the user to it, with its message. */
  async function failed(f: Extract<engine.Finish, { ok: false }>): Promise<BotReply> {
    const current = (await engine.findWizard(env, key)) ?? session;
    if (f.stale) return show(current, { notice: engine.engineMessages.stale });
    const moved = current.step === f.step ? undefined : await engine.goTo(env, def, current, f.step);
    return show(moved?.ok ? moved.session : current, { error: f });
  }
}

/** A step's modal: its answers are stored (even invalid ones), then the step shows what is wrong. */
async function onModal(ctx: InteractionContext): Promise<BotReply> {
  const [key = '', , stepId = ''] = ctx.customId!.key.split(':');
  const { env, def, session } = await load(ctx, key);
  const step = engine.stepOf(def, stepId);
  const saved = await engine.setValues(env, session, modalValues(step, ctx.fields));
  const current = saved.ok ? saved.session : ((await engine.findWizard(env, key)) ?? session);
  const checked = await engine.validateStep(def, step, current.data, env);
  return {
    type: 'update',
    ...(await renderStep({
      env,
      def,
      session: current,
      lang: ctx.lang,
      ...(checked.ok ? {} : { error: checked }),
      ...(saved.ok ? {} : { notice: engine.engineMessages.stale }),
    })),
  };
}

/** Every wizard button and select answers to `events:wiz:…`; the engine checks who may drive it. */
export const wizardComponents: BotComponent[] = [{ action: 'wiz', permission: 'everyone', handler: onClick }];
export const wizardModals: BotComponent[] = [{ action: 'wiz', permission: 'everyone', handler: onModal }];
