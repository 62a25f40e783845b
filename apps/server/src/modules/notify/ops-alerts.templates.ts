import type { DiscordMessage } from './clients/discord';
import type { OpsAlertKind } from './notify.tables';

/** What an ops alert says; rendered in the installation's language. */
export type OpsAlert =
  | { kind: 'job_failing'; job: string; failures: number; error: string }
  | { kind: 'provider_failing'; provider: string; minutes: number; lastStatus: string }
  | { kind: 'webhook_broken'; community: string; webhook: string; status: number }
  | { kind: 'backup_failed'; error: string }
  | { kind: 'disk_filling'; path: string; usedPercent: number; threshold: number };

type Lang = 'en' | 'es';

const text: Record<Lang, { [K in OpsAlertKind]: (a: Extract<OpsAlert, { kind: K }>) => [string, string] }> = {
  en: {
    job_failing: (a) => [
      `Job ${a.job} keeps failing`,
      `${a.failures} runs in a row failed. Last error: ${a.error}`,
    ],
    provider_failing: (a) => [
      `${a.provider} is not answering`,
      `For ${a.minutes} minutes it has answered only errors or rate limits (last: ${a.lastStatus}).`,
    ],
    webhook_broken: (a) => [
      `A webhook of ${a.community} is broken`,
      `Discord answered ${a.status} for “${a.webhook}”: its alerts wait until its URL is replaced.`,
    ],
    backup_failed: (a) => ['A backup failed', `The backup did not complete: ${a.error}`],
    disk_filling: (a) => [
      'The disk is filling up',
      `${a.path} is ${a.usedPercent}% full (alert threshold ${a.threshold}%).`,
    ],
  },
  es: {
    job_failing: (a) => [
      `La tarea ${a.job} sigue fallando`,
      `${a.failures} ejecuciones seguidas han fallado. Último error: ${a.error}`,
    ],
    provider_failing: (a) => [
      `${a.provider} no responde`,
      `Durante ${a.minutes} minutos solo ha respondido errores o límites de uso (último: ${a.lastStatus}).`,
    ],
    webhook_broken: (a) => [
      `Un webhook de ${a.community} está roto`,
      `Discord respondió ${a.status} para «${a.webhook}»: sus alertas esperan hasta que se cambie su URL.`,
    ],
    backup_failed: (a) => ['Una copia de seguridad ha fallado', `La copia no se completó: ${a.error}`],
    disk_filling: (a) => [
      'El disco se está llenando',
      `${a.path} está lleno al ${a.usedPercent}% (umbral de alerta ${a.threshold}%).`,
    ],
  },
};

const footer: Record<Lang, string> = { en: 'Guildhall operations', es: 'Operaciones de Guildhall' };

export function renderOpsAlert(alert: OpsAlert, language: Lang, at: Date): DiscordMessage {
  const render = text[language][alert.kind] as (a: OpsAlert) => [string, string];
  const [title, description] = render(alert);
  return {
    embeds: [
      {
        title: title.slice(0, 256),
        description: description.slice(0, 2000),
        color: 0xd9534f,
        timestamp: at.toISOString(),
        footer: { text: footer[language] },
      },
    ],
  };
}
